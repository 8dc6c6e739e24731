import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// Embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) served on a loopback port,
// so the app reaches it through the same `pg` driver and SQL as a real server.

export interface EmbeddedPostgres {
  connectionString: string;
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {}

/**
 * Starts PGlite persisted under dataDir, or in memory when dataDir is undefined (tests).
 * PGlite is a single session: callers must keep their pool at one connection so that
 * transactions from different clients never interleave.
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  const releaseLock = dataDir ? lockDataDir(dataDir) : () => undefined;
  try {
    const db = await PGlite.create(dataDir ? path.join(dataDir, 'pgdata') : undefined);
    // The pool above keeps one connection, but node-postgres discards a connection after some
    // errors and opens a new one before the server has noticed the old one close; room for a
    // few sockets avoids refusing that replacement ("Too many connections").
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
    await server.start();
    return {
      connectionString: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
      async stop() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

// Two processes opening the same PGlite directory would corrupt it, so the directory
// carries a lock file holding the owner's pid; a lock left by a dead process is taken over.
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'raktdaan-mitra.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockPath, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirInUseError(
          `The embedded database in ${dataDir} is in use by another process (pid ${owner}). ` +
            'Stop that process first, or set DATABASE_URL to use a PostgreSQL server.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
