import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

// Command line of `npm run bench`.

export const USAGE = `Usage: DATABASE_URL=postgres://… npm run bench [-- options]

  --smoke              a quick check that the tool and the pages work: a scratch database on the
                       DATABASE_URL server with a tiny dataset, 1 s per run at 1 and 8 connections,
                       results to a temporary file; exits 1 if any request failed
  --duration <s>       seconds per run (default 10; smoke: 1)
  --connections <list> connection counts, comma-separated (default 1,8,32; smoke: 1,8)
  --out <file>         where to write the results (default bench/results.json; smoke: a temporary file)
  -h, --help           this text`;

export interface BenchOptions {
  smoke: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number[];
  out: string;
}

export class UsageError extends Error {}

export function parseOptions(argv: string[], benchDir: string): BenchOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        smoke: { type: 'boolean', default: false },
        duration: { type: 'string' },
        connections: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const smoke = values.smoke;
  const durationSeconds = values.duration === undefined ? (smoke ? 1 : 10) : Number(values.duration);
  if (!Number.isFinite(durationSeconds) || durationSeconds < 1 || durationSeconds > 600 || !Number.isInteger(durationSeconds)) {
    throw new UsageError(`--duration must be whole seconds from 1 to 600, not "${values.duration}"`);
  }
  const list = values.connections ?? (smoke ? '1,8' : '1,8,32');
  const connections = list.split(',').map((c) => Number(c.trim()));
  if (connections.some((c) => !Number.isInteger(c) || c < 1 || c > 256)) {
    throw new UsageError(`--connections must list whole numbers from 1 to 256, such as 1,8,32, not "${list}"`);
  }
  const out = values.out ?? (smoke ? path.join(os.tmpdir(), `raktdaan-bench-smoke-${process.pid}.json`) : path.join(benchDir, 'results.json'));
  return {
    smoke,
    durationSeconds,
    // Enough requests for the JIT, the view cache and the pool to settle before anything is counted.
    warmupSeconds: smoke ? 0.3 : 3,
    connections: [...new Set(connections)].sort((a, b) => a - b),
    out: path.resolve(out),
  };
}
