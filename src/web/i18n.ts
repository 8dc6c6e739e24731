import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import i18next, { type TFunction } from 'i18next';
import { ROOT_DIR } from '../paths';

// Hindi first, English available. `?lang=` sets a cookie; otherwise the cookie, then the
// browser's Accept-Language, decide; anything else falls back to Hindi.

export const LANGUAGES = ['hi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'hi';
const LOCALES_DIR = path.join(ROOT_DIR, 'locales');
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Every locales/<lang>/*.json file, merged: each file holds its own top-level sections
 * (translation.json the public site, volunteer.json the volunteers' pages, …).
 */
export function readLocale(lang: Language, dir: string = LOCALES_DIR): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const files = fs.readdirSync(path.join(dir, lang)).filter((f) => f.endsWith('.json')).sort();
  for (const file of files) {
    const sections = JSON.parse(fs.readFileSync(path.join(dir, lang, file), 'utf8')) as Record<string, unknown>;
    for (const [section, value] of Object.entries(sections)) {
      if (section in merged) throw new Error(`locales/${lang}/${file}: section "${section}" is already defined in another file`);
      merged[section] = value;
    }
  }
  return merged;
}

export function loadTranslations(dir: string = LOCALES_DIR) {
  const i18n = i18next.createInstance();
  const resources = Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: readLocale(lng, dir) }]));
  void i18n.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: false,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    returnNull: false,
    // EJS escapes on output (<%= %>); escaping here as well would double-escape.
    interpolation: { escapeValue: false },
  });
  const translators = Object.fromEntries(LANGUAGES.map((lng) => [lng, rememberPlainStrings(i18n.getFixedT(lng))])) as Record<Language, TFunction>;
  return { t: (lang: Language) => translators[lang], i18n };
}

export type Translations = ReturnType<typeof loadTranslations>;

/**
 * Most calls on a page are t('key') with nothing to fill in, and i18next resolves each one afresh
 * (a sixth of a page's CPU time in the benchmark). Those answers never change while the process
 * runs, so they are kept; calls with options (values, counts) still go to i18next.
 */
function rememberPlainStrings(t: TFunction): TFunction {
  const plain = new Map<string, string>();
  const remembered = (key: unknown, ...rest: unknown[]) => {
    if (rest.length === 0 && typeof key === 'string') {
      let text = plain.get(key);
      if (text === undefined) {
        text = String(t(key));
        plain.set(key, text);
      }
      return text;
    }
    return (t as unknown as (...args: unknown[]) => unknown)(key, ...rest);
  };
  return remembered as unknown as TFunction;
}

export function chooseLanguage(translations: Translations, options: { cookieSecure: boolean }): RequestHandler {
  return (req, res, next) => {
    const fromQuery = req.query.lang;
    let lang: Language;
    if (isLanguage(fromQuery)) {
      lang = fromQuery;
      res.cookie('lang', lang, { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: options.cookieSecure });
    } else if (isLanguage(req.cookies?.lang)) {
      lang = req.cookies.lang;
    } else {
      const accepted = req.acceptsLanguages(...LANGUAGES);
      lang = isLanguage(accepted) ? accepted : DEFAULT_LANGUAGE;
    }
    res.vary('Accept-Language').vary('Cookie');
    req.lang = lang;
    res.locals.lang = lang;
    res.locals.t = translations.t(lang);
    next();
  };
}

declare module 'express-serve-static-core' {
  interface Request {
    lang: Language;
  }
}
