import fs from 'node:fs';
import path from 'node:path';

// The app's own folders (views, public, locales, migrations) sit at the root of the checkout, the
// folder holding package.json. It is found by walking up rather than by a fixed '../..', which
// would hold only for the source files: in the bundle that production runs (dist/server.js), every
// module shares the bundle's import.meta.dirname.

function findRootDir(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${start} or above it: cannot find the app's views, locales and migrations.`);
  }
}

export const ROOT_DIR = findRootDir(import.meta.dirname);
