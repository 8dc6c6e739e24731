import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

// At shutdown the database is closed only once no query is running, so a request still finishing
// (its browser gone) is not cut off mid-way.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe('waiting for the pool to settle', () => {
  it('waits while a connection is in use, then a short quiet moment', async () => {
    let released = 0;
    const busy = t.db.withConnection(async (conn) => {
      await conn.exec('select pg_sleep(0.3)');
      released = Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await t.db.settled(5_000);
    expect(released).toBeGreaterThan(0);
    // 200 ms of quiet, measured by a 20 ms poll that may see the release up to one poll early.
    expect(Date.now() - released).toBeGreaterThanOrEqual(170);
    await busy;
  });

  it('gives up at the deadline when a connection never comes back', async () => {
    let finish!: () => void;
    const held = t.db.withConnection(() => new Promise<void>((resolve) => (finish = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await t.db.settled(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    finish();
    await held;
  });
});
