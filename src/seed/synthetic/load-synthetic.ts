import { performance } from 'node:perf_hooks';
import { inTransaction } from '../../db/database';
import { withCopyConnection, type CopyConnection, type CopyValue } from '../../db/copy';
import type { PooledDatabase } from '../../db/pool';
import { listAllDistricts } from '../../geo/geo.queries';
import { PRIVACY_NOTICE_VERSION } from '../../pages/privacy-notice';
import { SyntheticClock } from './clock';
import { DONOR_COLUMNS, donorRows } from './donor-rows';
import { DONOR_PHONE_PREFIX, MAX_SYNTHETIC_PHONES, PhoneSequence, ReferenceSequence } from './identities';
import { Places } from './places';
import { mulberry32 } from './random';
import { REQUEST_COLUMNS, requestRows } from './request-rows';
import {
  addSyntheticRequestEvents, countRows, deferIndexesAndForeignKeys, deleteSyntheticRows, phonesInSyntheticRange, referencesInUse,
  restoreIndexesAndForeignKeys, truncateSyntheticTables, vacuumAnalyzeLoadedTables,
} from './synthetic.queries';

// The synthetic national dataset for performance work (`npm run seed:synthetic`): millions of
// realistic donors and requests, loaded with COPY in one transaction, so a failed run leaves the
// database as it was and a second run replaces the first.

export const MAX_DONORS = 20_000_000;
export const MAX_REQUESTS = 5_000_000;
// pg_advisory_xact_lock key: two loads at once would wait for each other instead of colliding.
const LOAD_LOCK = 7_106_012;

export interface SyntheticOptions {
  donors: number;
  requests: number;
  seed: number;
  /** Load even though the database holds real (is_demo = false) donors or requests; they are kept. */
  force: boolean;
  now: Date;
  onProgress?: (p: LoadProgress) => void;
}

export interface LoadProgress {
  table: 'donors' | 'blood_requests';
  rows: number;
  total: number;
  rowsPerSecond: number;
}

export interface TableLoad {
  rows: number;
  /** The COPY alone. */
  copySeconds: number;
  /** COPY plus rebuilding indexes and checking foreign keys. */
  seconds: number;
  /** rows / seconds: the whole load, rebuilds included. */
  rowsPerSecond: number;
}

export interface SyntheticSummary {
  donors: TableLoad;
  requests: TableLoad;
  events: number;
  /** How rows of an earlier run were removed: whole tables emptied, synthetic rows deleted, or none there. */
  cleared: 'truncated' | 'deleted' | 'nothing';
  replaced: { donors: number; requests: number };
  /** Real rows present and kept (only with force). */
  kept: { donors: number; requests: number };
  seconds: number;
}

/** A reason not to load, for the operator (printed as is, exit 1). */
export class SyntheticSeedError extends Error {}

export function checkSyntheticOptions(o: Pick<SyntheticOptions, 'donors' | 'requests' | 'seed'>): void {
  const whole = (value: number, name: string, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) throw new SyntheticSeedError(`${name} must be a whole number from 0 to ${max.toLocaleString('en-IN')}.`);
  };
  whole(o.donors, '--donors', Math.min(MAX_DONORS, MAX_SYNTHETIC_PHONES));
  whole(o.requests, '--requests', MAX_REQUESTS);
  whole(o.seed, '--seed', 2 ** 32 - 1);
}

export async function loadSyntheticData(db: PooledDatabase, o: SyntheticOptions): Promise<SyntheticSummary> {
  checkSyntheticOptions(o);
  if (db.kind !== 'postgres') {
    throw new SyntheticSeedError('The synthetic dataset needs a PostgreSQL server: set DATABASE_URL (the embedded database is too small for it).');
  }
  const started = performance.now();
  const clock = new SyntheticClock(o.now);
  const places = new Places(await listAllDistricts(db));

  const summary = await withCopyConnection(db, (conn) => inTransaction(conn, async () => {
    await conn.exec('select pg_advisory_xact_lock($1)', [LOAD_LOCK]);
    const census = await countRows(conn);
    if ((census.real_donors > 0 || census.real_requests > 0) && !o.force) {
      throw new SyntheticSeedError(
        `Refusing to load synthetic data: this database holds ${census.real_donors} real donors and ${census.real_requests} real blood requests ` +
          '(is_demo = false). Use a database of its own for benchmarks, or --force to add synthetic rows beside them (real rows are kept).',
      );
    }
    // Nothing but synthetic rows (or none at all): empty the tables, which also lets COPY freeze
    // the new rows. Otherwise delete the synthetic rows one by one and keep the rest.
    const onlySynthetic = census.real_donors + census.real_requests + census.other_donors + census.other_requests === 0;
    if (onlySynthetic) await truncateSyntheticTables(conn);
    else await deleteSyntheticRows(conn);
    const earlier = census.synthetic_donors + census.synthetic_requests > 0;
    const cleared: SyntheticSummary['cleared'] = !earlier ? 'nothing' : onlySynthetic ? 'truncated' : 'deleted';

    // Separate streams, so the donors of a seed stay the same whatever the number of requests.
    const donorRandom = mulberry32(o.seed);
    const requestRandom = mulberry32(o.seed ^ 0x9e3779b9);
    const load = { conn, onProgress: o.onProgress, freeze: onlySynthetic };
    const donors = await bulkLoad(load, 'donors', DONOR_COLUMNS, o.donors, donorRows(o.donors, {
      clock, places, random: donorRandom, consentNoticeVersion: PRIVACY_NOTICE_VERSION,
      phones: new PhoneSequence(DONOR_PHONE_PREFIX, await phonesInSyntheticRange(conn)),
    }));
    const requests = await bulkLoad(load, 'blood_requests', REQUEST_COLUMNS, o.requests, requestRows(o.requests, {
      clock, places, random: requestRandom, consentNoticeVersion: PRIVACY_NOTICE_VERSION,
      references: new ReferenceSequence(o.seed, await referencesInUse(conn)),
    }));
    const events = await addSyntheticRequestEvents(conn);
    return {
      donors, requests, events, cleared,
      replaced: { donors: census.synthetic_donors, requests: census.synthetic_requests },
      kept: { donors: census.real_donors, requests: census.real_requests },
    };
  }));

  await vacuumAnalyzeLoadedTables(db);
  return { ...summary, seconds: (performance.now() - started) / 1000 };
}

/** COPY with the table's secondary indexes and foreign keys set aside, then rebuilt; timed both ways. */
async function bulkLoad(
  { conn, onProgress, freeze }: { conn: CopyConnection; onProgress: SyntheticOptions['onProgress']; freeze: boolean },
  table: LoadProgress['table'],
  columns: readonly string[],
  total: number,
  rows: Iterable<CopyValue[]>,
): Promise<TableLoad> {
  const start = performance.now();
  const seconds = () => Math.max((performance.now() - start) / 1000, 1e-3);
  const deferred = await deferIndexesAndForeignKeys(conn, table);
  const stored = await conn.copyRows(table, columns, rows, {
    freeze,
    onProgress: ({ rows: n }) => onProgress?.({ table, rows: n, total, rowsPerSecond: Math.round(n / seconds()) }),
  });
  const copySeconds = seconds();
  await restoreIndexesAndForeignKeys(conn, deferred);
  return { rows: stored, copySeconds, seconds: seconds(), rowsPerSecond: Math.round(stored / seconds()) };
}
