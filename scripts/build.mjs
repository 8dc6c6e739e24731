// `npm run build` (and the first step of `npm start`): bundles the portal's TypeScript into plain
// JavaScript in dist/, so production runs under node without the tsx loader (about 40 MB less
// memory and a quicker start). Plain JavaScript itself, so it needs no loader to run.
//   node scripts/build.mjs [--outdir DIR] [--bench]
// --bench builds the two servers the benchmark measures (bench/serve.ts, bench/baseline/server.ts)
// instead of the server and the worker, with the same settings.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRIES = { server: 'src/server.ts', worker: 'scripts/worker.ts' };
const BENCH_ENTRIES = { portal: 'bench/serve.ts', baseline: 'bench/baseline/server.ts' };

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

let options;
try {
  ({ values: options } = parseArgs({ options: { outdir: { type: 'string' }, bench: { type: 'boolean', default: false } } }));
} catch (err) {
  fail(`${err.message}\nUsage: node scripts/build.mjs [--outdir DIR] [--bench]`);
}
const outdir = options.outdir ? path.resolve(options.outdir) : path.join(ROOT, 'dist');
// The bundle imports its packages from node_modules and finds views/, locales/… from the folder
// holding package.json (src/paths.ts): both are looked up from where the bundle lies.
const inside = path.relative(ROOT, outdir);
if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
  fail(`--outdir must be a folder inside ${ROOT} (the bundle loads node_modules and views/ from there), not ${outdir}`);
}

const started = Date.now();
let result;
try {
  result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: options.bench ? BENCH_ENTRIES : ENTRIES,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as installed: some could not be bundled anyway, being
    // native (bcrypt) or loading files of their own (PGlite's WebAssembly).
    packages: 'external',
    // Stack traces name the TypeScript file and line (node --enable-source-maps). The sources
    // themselves stay out of the map: it only has to point at them.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
    write: false,
  });
} catch {
  fail('the TypeScript could not be bundled (esbuild printed why above)');
}

// Each file is written aside and renamed into place, so that a process starting meanwhile
// (`npm start` and `npm run worker` both build first) never loads a half-written bundle. An
// unchanged file is left alone: in the Docker image dist/ is built in advance and read-only.
fs.mkdirSync(outdir, { recursive: true });
for (const file of result.outputFiles) {
  if (fs.existsSync(file.path) && fs.readFileSync(file.path).equals(file.contents)) continue;
  const temporary = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, file.contents);
  fs.renameSync(temporary, file.path);
}
const built = result.outputFiles.filter((f) => f.path.endsWith('.js')).map((f) => path.relative(process.cwd(), f.path));
process.stderr.write(`build: ${built.join(', ')} in ${Date.now() - started} ms\n`);
