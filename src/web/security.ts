import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import session from 'express-session';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { PooledDatabase } from '../db/pool';
import { renderError } from './error-pages';

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

/** Caps how often one address may submit forms or look up references. */
export function setUpRateLimits(config: Config) {
  const common = {
    windowMs: config.rateLimits.windowMs,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    handler: renderError(429),
  };
  return {
    posts: rateLimit({ ...common, limit: config.rateLimits.posts, skip: (req) => req.method !== 'POST' }),
    tracking: rateLimit({ ...common, limit: config.rateLimits.tracking, skip: (req) => req.method !== 'POST' }),
    login: rateLimit({ ...common, limit: config.rateLimits.login, skip: (req) => req.method !== 'POST' }),
    // Each sign-in code asked for costs an SMS: a cap per address, on top of the per-number limits.
    donorCode: rateLimit({ ...common, limit: config.rateLimits.donorCode, skip: (req) => req.method !== 'POST' }),
  };
}
