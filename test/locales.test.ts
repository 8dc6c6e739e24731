import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLocale } from '../src/web/i18n';

// Every visible string exists in Hindi and in English, and every key a view uses exists.

const ROOT = path.resolve(import.meta.dirname, '..');

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name), ext) : e.name.endsWith(ext) ? [path.join(dir, e.name)] : [],
  );
}

describe('translations', () => {
  const hi = new Set(keysOf(readLocale('hi')));
  const en = new Set(keysOf(readLocale('en')));
  const sections = new Set(Object.keys(readLocale('en')));

  it('Hindi and English have exactly the same keys', () => {
    expect([...hi].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !hi.has(k))).toEqual([]);
  });

  it('every literal key used by a view or a route exists', () => {
    const sources = [...filesUnder(path.join(ROOT, 'views'), '.ejs'), ...filesUnder(path.join(ROOT, 'src'), '.ts')];
    const used = new Set<string>();
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      // Whole literal keys only: t('a.b') or t('a.b', …), not prefixes such as t('status.' + s).
      for (const m of text.matchAll(/\bt\('([a-z_]+(?:\.[a-z0-9_]+)+)'\s*[,)]/g)) used.add(m[1]!);
      // Message keys handed around as strings in routes and schemas ('errors.phone', 'auth.locked', …).
      if (file.endsWith('.ts')) {
        for (const m of text.matchAll(/'([a-z_]+)\.([a-z0-9_.]*[a-z0-9])'/g)) if (sections.has(m[1]!)) used.add(`${m[1]}.${m[2]}`);
      }
    }
    const missing = [...used].filter((k) => !en.has(k));
    expect(missing).toEqual([]);
  });
});
