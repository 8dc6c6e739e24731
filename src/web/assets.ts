import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

// Static files under /public with their content hash in the address (/public/h/3f2a9c1b/css/site.css),
// so browsers and proxies may keep them for a year: a changed file gets a new address. The
// plain address (/public/css/site.css) keeps working with a short cache, for old pages and bookmarks.

const ONE_YEAR_S = 365 * 24 * 3600;

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

export function staticAssets(dir: string, options: { shortMaxAgeSeconds: number }) {
  const hashes = new Map<string, string>();
  for (const file of filesUnder(dir)) {
    hashes.set(file, createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex').slice(0, 10));
  }
  const serve = express.static(dir, {
    index: false,
    maxAge: options.shortMaxAgeSeconds * 1000,
    setHeaders(res) {
      if (res.locals.hashedAsset) res.setHeader('Cache-Control', `public, max-age=${ONE_YEAR_S}, immutable`);
    },
  });

  const middleware: RequestHandler = (req, res, next) => {
    const match = /^\/h\/([0-9a-f]{10})\/(.+)$/.exec(req.path);
    if (match) {
      // Only the current hash is served as immutable; an old hash still gets the file, briefly cached.
      res.locals.hashedAsset = hashes.get(match[2]!) === match[1];
      req.url = `/${match[2]}`;
    }
    serve(req, res, next);
  };

  /** The address to use in pages: hashed when the file exists, else the plain one. */
  function url(file: string): string {
    const clean = file.replace(/^\/?(public\/)?/, '').replace(/^\//, '');
    const hash = hashes.get(clean);
    return hash ? `/public/h/${hash}/${clean}` : `/public/${clean}`;
  }

  return { middleware, url };
}
