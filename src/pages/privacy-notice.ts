// The version of the privacy notice a person saw when they consented (DPDP Rules 2025).
// Change it whenever the notice text in locales/*/translation.json ("privacy.*") changes.
export const PRIVACY_NOTICE_VERSION = '2026-11';

/** What is stored with every consent: the language the person used, the notice version, the time. */
export function consentRecord(lang: 'hi' | 'en', now: Date) {
  return { preferred_language: lang, consent_notice_version: PRIVACY_NOTICE_VERSION, consent_given_at: now };
}
