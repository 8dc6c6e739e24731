import path from 'node:path';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { PooledDatabase } from './db/pool';
import { auditRoutes } from './audit/audit.routes';
import { authRoutes } from './auth/auth.routes';
import { attendanceRoutes } from './camps/attendance.routes';
import { campAdminRoutes } from './camps/camps-admin.routes';
import { publicCampRoutes } from './camps/public-camps.routes';
import { exposeFlash, loadCurrentVolunteer } from './auth/current-volunteer';
import { deferralRoutes } from './donors/deferrals.routes';
import { donorRoutes } from './donors/donors.routes';
import type { GeoDirectory } from './geo/geo-directory';
import { geoRoutes } from './geo/geo.routes';
import { healthRoutes } from './health/health.routes';
import { notificationAdminRoutes } from './notifications/notifications.routes';
import { matchingRoutes } from './matching/matching.routes';
import { requestLogger } from './logger';
import { meRoutes } from './me/me.routes';
import { organisationRoutes } from './organisations/organisations.routes';
import { pageRoutes } from './pages/pages.routes';
import { requestRoutes } from './requests/requests.routes';
import { campExportRoutes } from './stats/camp-export.routes';
import { statsRoutes } from './stats/stats.routes';
import { assistedRoutes } from './verification/assisted.routes';
import { queueRoutes } from './verification/queue.routes';
import { recordRoutes } from './verification/record.routes';
import { volunteerAdminRoutes } from './volunteers/volunteers.routes';
import { ROOT_DIR } from './paths';
import { errorHandler, notFound } from './web/error-pages';
import { chooseLanguage, loadTranslations } from './web/i18n';
import { staticAssets } from './web/assets';
import { anonymousPageCache } from './web/page-cache';
import { viewHelpers } from './web/view-helpers';
import { setUpCsrf } from './web/csrf';
import { noStoreWithSession } from './web/private-pages';
import { SESSION_COOKIE, setUpRateLimits, setUpWebSecurity, setUpWebSession } from './web/security';

export interface AppDeps {
  config: Config;
  db: PooledDatabase;
  logger: Logger;
  geo: GeoDirectory;
  /** The clock, replaceable in tests. */
  now?: () => Date;
}

/** Builds the portal. It never listens: src/server.ts does. */
export function createApp(deps: AppDeps) {
  const { config, db, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const app = express();

  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', path.join(ROOT_DIR, 'views'));
  app.set('view cache', config.env !== 'development');
  app.disable('x-powered-by');

  app.use(requestLogger(logger));
  app.use(setUpWebSecurity(config));
  const assets = staticAssets(path.join(ROOT_DIR, 'public'), { shortMaxAgeSeconds: config.production ? 3600 : 0 });
  app.use('/public', assets.middleware);
  // On app.locals, so that every page can name its assets, error pages included.
  app.locals.asset = assets.url;
  app.use(cookieParser());
  app.use(chooseLanguage(loadTranslations(), { cookieSecure: config.session.cookieSecure }));
  app.use(viewHelpers(config));
  const csrf = setUpCsrf({ secret: config.session.secret, cookieSecure: config.session.cookieSecure });
  app.use(csrf.exposeToken);
  // Not /requests/new: each render carries its own idempotency token.
  const cached = ['/', '/eligibility', '/privacy', '/donors/new', '/requests/track', '/login', '/me/login'];
  app.use(anonymousPageCache(cached, { sessionCookie: SESSION_COOKIE, now, csrfToken: csrf.tokenFor }));

  app.use(healthRoutes({ db }));
  app.use(geoRoutes({ geo: deps.geo }));

  // Everything below may read a form and use the session.
  const session = setUpWebSession(config, db, logger);
  const limits = setUpRateLimits(config, db);
  app.use(express.urlencoded({ extended: false, limit: config.bodyLimit, parameterLimit: 100 }));
  app.use(session.middleware);
  app.use(noStoreWithSession(SESSION_COOKIE));
  app.use(loadCurrentVolunteer({ db, config, now }));
  app.use(exposeFlash);
  app.use(limits.posts);
  app.use(csrf.protect);

  app.use(pageRoutes());
  app.use(statsRoutes({ db, config, geo: deps.geo, now }));
  app.use(authRoutes({ db, config, now, loginLimit: limits.login }));
  app.use(queueRoutes({ db, geo: deps.geo, now }));
  app.use(assistedRoutes({ db, geo: deps.geo, now }));
  app.use(recordRoutes({ db, geo: deps.geo, now }));
  app.use(deferralRoutes({ db, geo: deps.geo, now }));
  app.use(organisationRoutes({ db, geo: deps.geo }));
  app.use(campAdminRoutes({ db, geo: deps.geo, now }));
  app.use(attendanceRoutes({ db, geo: deps.geo, now }));
  app.use(matchingRoutes({ db, geo: deps.geo, now, helpline: config.contact.helplinePhone }));
  app.use(volunteerAdminRoutes({ db, config, geo: deps.geo, now }));
  app.use(auditRoutes({ db, config, geo: deps.geo, now }));
  app.use(campExportRoutes({ db, geo: deps.geo, now }));
  app.use(notificationAdminRoutes({ db, now }));
  app.use(donorRoutes({ db, geo: deps.geo, now }));
  app.use(meRoutes({ db, config, geo: deps.geo, now, codeLimit: limits.donorCode }));
  app.use(requestRoutes({ db, geo: deps.geo, now, trackingLimit: limits.tracking }));
  app.use(publicCampRoutes({ db, config, geo: deps.geo, now }));

  app.use(notFound);
  app.use(errorHandler({ showStack: config.development }));

  return { app, close: () => session.close() };
}
