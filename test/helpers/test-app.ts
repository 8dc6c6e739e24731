import { Writable } from 'node:stream';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { PooledDatabase } from '../../src/db/pool';
import { loadGeoDirectory, type GeoDirectory } from '../../src/geo/geo-directory';
import { createLogger } from '../../src/logger';

/** Tests run on a fixed day: 15 June 2026, noon in India. */
export const TEST_NOW = new Date('2026-06-15T06:30:00Z');
export const TEST_TODAY = '2026-06-15';

export interface TestApp {
  app: ReturnType<typeof createApp>['app'];
  geo: GeoDirectory;
  /** Every log line the app wrote, as parsed JSON. */
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  close(): void;
}

export async function buildTestApp(
  db: PooledDatabase,
  options: { env?: Record<string, string>; now?: () => Date; geo?: GeoDirectory } = {},
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    SESSION_SECRET: 'test-session-secret-of-at-least-32-chars',
    POST_RATE_LIMIT: '10000',
    TRACK_RATE_LIMIT: '10000',
    LOGIN_RATE_LIMIT: '10000',
    BCRYPT_COST: '4',
    ...options.env,
  });
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      rawLogs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('info', sink);
  const geo = options.geo ?? (await loadGeoDirectory(db));
  const { app, close } = createApp({ config, db, logger, geo, now: options.now ?? (() => TEST_NOW) });
  return {
    app,
    geo,
    rawLogs,
    get logs() {
      return rawLogs.flatMap((l) => l.trim().split('\n')).map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    close,
  };
}

/** A browser-like client that keeps cookies between requests. */
export function browser(app: TestApp['app']) {
  return supertest.agent(app);
}

/** Opens a form page and returns the hidden tokens a browser would send back. */
export async function openForm(agent: ReturnType<typeof browser>, path: string) {
  const res = await agent.get(path);
  return { res, csrf: hiddenValue(res.text, '_csrf'), formToken: hiddenValue(res.text, 'form_token') };
}

export function hiddenValue(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1] ?? '';
}

/** The text of an element with an id, stripped of tags (for checking messages). */
export function textOf(html: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html);
  return match?.[1]?.replace(/<[^>]+>/g, '').trim() ?? '';
}
