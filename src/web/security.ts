import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import session from 'express-session';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Sql } from '../db/database';
import type { PooledDatabase } from '../db/pool';
import { renderError } from './error-pages';
import { PostgresRateLimitStore } from './rate-limit-store';

/** Security headers: a strict CSP with no inline script or style; HSTS when served over HTTPS. */
export function setUpWebSecurity(config: Config): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(config.session.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Secure cookies mean the site is served over HTTPS (COOKIE_SECURE, on by default in production).
    strictTransportSecurity: config.session.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

const SESSION_MAX_AGE_MS = 2 * 3600 * 1000;
export const SESSION_COOKIE = 'rm.sid';

/** Sessions live in PostgreSQL so that several app instances share them. */
export function setUpWebSession(config: Config, db: PooledDatabase, logger: Logger) {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    pool: db.pool,
    tableName: 'sessions',
    createTableIfMissing: false, // migrations/0004 creates it
    pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
    // No UPDATE on every request just to push the expiry back: sessions that matter are saved
    // (and their expiry renewed) when they change, at least once a minute while a volunteer works.
    disableTouch: true,
    errorLog: (...args: unknown[]) => logger.warn({ detail: args.map(String) }, 'session store error'),
  });
  const middleware = session({
    name: SESSION_COOKIE,
    store,
    secret: config.session.secret,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.session.cookieSecure, maxAge: SESSION_MAX_AGE_MS },
  });
  return { middleware, close: () => store.close() };
}

/**
 * Caps how often one address may submit forms or look up references. Counts live in PostgreSQL
 * (rate_limits), so several app instances enforce one limit together. Keys are the default: the
 * client address, IPv6 addresses grouped by /56 (ipKeyGenerator), so one host cannot dodge the
 * limit by rotating through its own block.
 */
export function setUpRateLimits(config: Config, db: Sql) {
  const limiter = (name: string, limit: number) =>
    rateLimit({
      windowMs: config.rateLimits.windowMs,
      limit,
      store: new PostgresRateLimitStore(db, name),
      skip: (req) => req.method !== 'POST',
      // Every request behind a limiter needs the database anyway, so an outage is not a reason
      // to let posts through uncounted: the store's error becomes the 503 page.
      passOnStoreError: false,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: renderError(429),
    });
  return {
    posts: limiter('posts', config.rateLimits.posts),
    tracking: limiter('tracking', config.rateLimits.tracking),
    login: limiter('login', config.rateLimits.login),
    // Each sign-in code asked for costs an SMS: a cap per address, on top of the per-number limits.
    donorCode: limiter('donor_code', config.rateLimits.donorCode),
  };
}
