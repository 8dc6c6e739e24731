import type { TFunction } from 'i18next';
import { parseDate, formatDate } from '../domain/dates';
import { isLanguage, loadTranslations, type Language, type Translations } from '../web/i18n';
import { TEMPLATES, type Template } from './outbox';

// The texts of every message, in Hindi and English, from locales/{hi,en}/notifications.json.
// They are SMS-length and plain (no markup), so the same text serves SMS, WhatsApp and e-mail.

export interface RenderedMessage {
  subject: string;
  text: string;
}

/** What a message may add that is not in its payload: the portal's address and the helpline. */
export interface MessageContext {
  /** PUBLIC_BASE_URL, without a trailing slash. */
  baseUrl?: string | undefined;
  /** HELPLINE_PHONE; blank when none is announced. */
  helpline?: string | undefined;
}

/** The payload cannot make this message (a value is missing or malformed): retrying will not help. */
export class MessageDataError extends Error {
  override name = 'MessageDataError';
}

export type MessagePayload = Record<string, unknown>;

/**
 * What callers put in each template's payload. Required values are listed; a message without
 * one fails at delivery with an error naming the field (never a half-filled text).
 *   donor_verified, donor_rejected: nothing
 *   request_verified, request_rejected, request_fulfilled: reference
 *   donation_asked: hospital, district, blood_group (or group), volunteer_name (or volunteer); optional helpline (else HELPLINE_PHONE)
 *   donation_thanks: optional next_date (YYYY-MM-DD)
 *   eligible_again: date (YYYY-MM-DD)
 *   login_code: code (6 digits)
 *   camp_registered, camp_reminder: camp (title), date (YYYY-MM-DD), time (HH:MM), venue; optional camp_id (adds the camp's link)
 */
export const REQUIRED_PAYLOAD: Record<Template, readonly string[]> = {
  donor_verified: [],
  donor_rejected: [],
  request_verified: ['reference'],
  request_rejected: ['reference'],
  donation_asked: ['hospital', 'district', 'blood_group', 'volunteer_name'],
  request_fulfilled: ['reference'],
  donation_thanks: [],
  eligible_again: ['date'],
  login_code: ['code'],
  camp_registered: ['camp', 'date', 'time', 'venue'],
  camp_reminder: ['camp', 'date', 'time', 'venue'],
};

const DEFAULT_BASE_URL = 'http://localhost:3000';

let translations: Translations | undefined;
function translator(language: Language): TFunction {
  translations ??= loadTranslations();
  return translations.t(language);
}

function isTemplate(value: string): value is Template {
  return (TEMPLATES as readonly string[]).includes(value);
}

/** Other names callers use for a field; the first one present wins. */
const ALIASES: Record<string, readonly string[]> = { blood_group: ['group'], volunteer_name: ['volunteer'] };

function present(payload: MessagePayload, field: string): string | undefined {
  for (const name of [field, ...(ALIASES[field] ?? [])]) {
    const value = payload[name];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function dateValue(template: string, field: string, value: string): string {
  const iso = parseDate(value.slice(0, 10));
  if (!iso) throw new MessageDataError(`${template}: payload.${field} is not a date (expected YYYY-MM-DD)`);
  return formatDate(iso);
}

/** The subject (for e-mail) and text of a message in the recipient's language. */
export function renderMessage(template: string, language: string, payload: MessagePayload = {}, context: MessageContext = {}): RenderedMessage {
  if (!isTemplate(template)) throw new MessageDataError(`unknown template "${template.slice(0, 50)}"`);
  if (!isLanguage(language)) throw new MessageDataError(`${template}: unknown language`);
  const missing = REQUIRED_PAYLOAD[template].filter((field) => present(payload, field) === undefined);
  if (missing.length) throw new MessageDataError(`${template}: payload is missing ${missing.join(', ')}`);

  const t = translator(language);
  const base = (context.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const helpline = context.helpline?.trim() || undefined;
  const value = (field: string) => present(payload, field) ?? '';
  const vars: Record<string, string> = {};
  let textKey = 'text';
  let suffix = '';

  switch (template) {
    case 'donor_verified':
      break;
    case 'donor_rejected':
      vars.link = `${base}/donors/new`;
      if (helpline) suffix = t('notifications.helpline', { phone: helpline });
      break;
    case 'request_verified':
      vars.reference = value('reference');
      vars.link = `${base}/requests/track`;
      break;
    case 'request_rejected':
      vars.reference = value('reference');
      vars.link = `${base}/requests/new`;
      if (helpline) suffix = t('notifications.helpline', { phone: helpline });
      break;
    case 'request_fulfilled':
      vars.reference = value('reference');
      break;
    case 'donation_asked': {
      for (const field of ['hospital', 'district', 'blood_group', 'volunteer_name']) vars[field] = value(field);
      const phone = present(payload, 'helpline') ?? helpline;
      if (phone) vars.phone = phone;
      else textKey = 'text_no_phone';
      break;
    }
    case 'donation_thanks': {
      const next = present(payload, 'next_date');
      if (next) suffix = t('notifications.donation_thanks.next_date', { date: dateValue(template, 'next_date', next) });
      break;
    }
    case 'eligible_again':
      vars.date = dateValue(template, 'date', value('date'));
      vars.link = `${base}/eligibility`;
      break;
    case 'login_code':
      if (!/^\d{6}$/.test(value('code'))) throw new MessageDataError('login_code: payload.code is not 6 digits');
      vars.code = value('code');
      break;
    case 'camp_registered':
    case 'camp_reminder': {
      for (const field of ['camp', 'time', 'venue']) vars[field] = value(field);
      vars.date = dateValue(template, 'date', value('date'));
      const campId = present(payload, 'camp_id');
      if (campId && /^\d+$/.test(campId)) suffix = t('notifications.camp_link', { link: `${base}/camps/${campId}` });
      break;
    }
  }

  return {
    subject: t(`notifications.${template}.subject`, vars),
    text: t(`notifications.${template}.${textKey}`, vars) + suffix,
  };
}
