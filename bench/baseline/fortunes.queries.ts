import type { Sql } from '../../src/db/database';

// The baseline's one table, in a schema of its own so that it never meets the portal's tables,
// created before a bench run and dropped after it.

export const BASELINE_SCHEMA = 'bench_baseline';

// The twelve fortunes of the TechEmpower "Fortunes" test, including the ones that check escaping
// and non-ASCII text.
const FORTUNES = [
  'fortune: No such file or directory',
  "A computer scientist is someone who fixes things that aren't broken.",
  'After enough decimal places, nobody gives a damn.',
  'A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1',
  'A computer program does what you tell it to do, not what you want it to do.',
  'Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen',
  'Any program that runs right is obsolete.',
  'A list is only as strong as its weakest link. — Donald Knuth',
  'Feature: A bug with seniority.',
  'Computers make very fast, very accurate mistakes.',
  '<script>alert("This should not be displayed in a browser alert box.");</script>',
  'フレームワークのベンチマーク',
];

export interface Fortune {
  [key: string]: unknown;
  id: number;
  message: string;
}

export async function createFortunes(db: Sql): Promise<void> {
  await dropFortunes(db);
  await db.exec(`create schema ${BASELINE_SCHEMA}`);
  await db.exec(`create table ${BASELINE_SCHEMA}.fortunes (id integer primary key, message text not null)`);
  await db.exec(
    `insert into ${BASELINE_SCHEMA}.fortunes (id, message) select i, m from unnest($1::text[]) with ordinality as f(m, i)`,
    [FORTUNES],
  );
}

export async function dropFortunes(db: Sql): Promise<void> {
  await db.exec(`drop schema if exists ${BASELINE_SCHEMA} cascade`);
}

export function listFortunes(db: Sql): Promise<Fortune[]> {
  return db.many<Fortune>(`select id, message from ${BASELINE_SCHEMA}.fortunes`);
}
