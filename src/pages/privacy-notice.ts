// The version of the privacy notice a person saw when they consented (DPDP Rules 2025).
// Change it whenever the notice text in locales/*/translation.json ("privacy.*") changes.
export const PRIVACY_NOTICE_VERSION = '2026-11';
