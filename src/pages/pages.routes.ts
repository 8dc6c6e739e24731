import { Router } from 'express';
import { DONOR_RULES } from '../domain/eligibility';
import { PRIVACY_NOTICE_VERSION } from './privacy-notice';

export const E_RAKTKOSH_URL = 'https://eraktkosh.mohfw.gov.in/';

export function pageRoutes() {
  const router = Router();

  router.get('/', (_req, res) => {
    res.render('pages/home', { eRaktKoshUrl: E_RAKTKOSH_URL });
  });

  router.get('/eligibility', (_req, res) => {
    res.render('pages/eligibility', { rules: DONOR_RULES });
  });

  router.get('/privacy', (_req, res) => {
    res.render('pages/privacy', { noticeVersion: PRIVACY_NOTICE_VERSION });
  });

  return router;
}
