import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// The settings the servers under test run with, and what results.json says about where it ran.

const UNLIMITED = '1000000000';

/**
 * Production-like: views cached, secure defaults, quiet log, background tasks off. Cookies are not
 * `Secure` because the bench speaks plain HTTP on loopback, and the per-address rate limits are
 * raised out of reach, since every bench request comes from 127.0.0.1 and the bench measures the
 * app, not the limiter.
 */
export function serverSettings(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE || '10',
    SESSION_SECRET: randomBytes(32).toString('hex'),
    GRIEVANCE_EMAIL: 'grievance@raktdaan-mitra.invalid',
    COOKIE_SECURE: 'false',
    LOG_LEVEL: 'warn',
    WORKER_IN_PROCESS: 'false',
    POST_RATE_LIMIT: UNLIMITED,
    TRACK_RATE_LIMIT: UNLIMITED,
    LOGIN_RATE_LIMIT: UNLIMITED,
    DONOR_CODE_RATE_LIMIT: UNLIMITED,
  };
}

/** What results.json shows of the settings (the session secret is made per run and not worth keeping). */
export function shownSettings(settings: Record<string, string>): Record<string, string> {
  const { SESSION_SECRET: _secret, DATABASE_URL: _url, ...shown } = settings;
  return shown;
}

export function gitCommit(repoDir: string): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim();
    const changes = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoDir, encoding: 'utf8' }).trim();
    return { commit, dirty: changes !== '' };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryMB: Math.round(os.totalmem() / 1024 / 1024),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** The same server, another database. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export const REPO_DIR = path.resolve(import.meta.dirname, '..');
