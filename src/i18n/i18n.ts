import { readFileSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, LOCALE_INFO, LOCALES, type Locale } from './locales';
import en from './catalogs/en.json' with { type: 'json' };
import { Lru } from '../lib/lru';

export type MessageKey = keyof typeof en;
export type MessageValues = Record<string, string | number>;

function loadCatalog(locale: Locale): Record<string, string> {
  try {
    return JSON.parse(readFileSync(new URL(`./catalogs/${locale}.json`, import.meta.url), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Catalogs for the six languages; a missing message falls back to English (the catalog test forbids gaps). */
export const CATALOGS: Record<Locale, Record<string, string>> = Object.fromEntries(
  LOCALES.map((l) => [l, l === DEFAULT_LOCALE ? en : loadCatalog(l)]),
) as Record<Locale, Record<string, string>>;

/**
 * Each message compiled once per locale: a message with no argument, plural or tag (most of them) is kept as
 * its final text, so formatting it is a lookup; the others keep their compiled IntlMessageFormat.
 */
const compiled = new Map<Locale, Map<string, string | IntlMessageFormat>>(LOCALES.map((l) => [l, new Map()]));

function compile(locale: Locale, key: MessageKey): string | IntlMessageFormat {
  const format = new IntlMessageFormat(CATALOGS[locale][key] ?? en[key], LOCALE_INFO[locale].bcp47);
  // Formatting without values fails for any message that reads one (an argument, a plural, a select, a tag).
  try {
    const text = format.format();
    if (typeof text === 'string') return text;
  } catch {
    // It needs its values: kept compiled.
  }
  return format;
}

/** Formats a catalog message in a locale. */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const messages = compiled.get(locale)!;
  let message = messages.get(key);
  if (message === undefined) {
    message = compile(locale, key);
    messages.set(key, message);
  }
  return typeof message === 'string' ? message : String(message.format(values));
}

/** Text given per language (a call's title, …) in the reader's language, else English, else any. */
export function inLocale(labels: unknown, locale: Locale): string {
  const l = (labels ?? {}) as Partial<Record<Locale, string>>;
  return l[locale] || l[DEFAULT_LOCALE] || Object.values(l).find(Boolean) || '';
}

export type Translator = (key: MessageKey, values?: MessageValues) => string;

/** Everything a page needs to speak a locale: messages, numbers, dates and language names. */
export interface I18n {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: Translator;
  number(n: number): string;
  date(iso: string | Date): string;
  languageName(code: string): string;
  /** Items joined as the language joins a list ("a, b and c", "a، b و c", "a、b和c"). */
  list(items: readonly string[]): string;
}

const i18nCache = new Map<Locale, I18n>();

/** How many formatted values each memo keeps (dates and codes come from data). */
const MEMO_LIMIT = 5000;

function remembered<K>(memo: Lru<K, string>, key: K, format: () => string): string {
  return memo.get(key) ?? memo.set(key, format());
}

export function i18nFor(locale: Locale): I18n {
  const cached = i18nCache.get(locale);
  if (cached) return cached;
  const bcp47 = LOCALE_INFO[locale].bcp47;
  const numbers = new Intl.NumberFormat(bcp47);
  const dates = new Intl.DateTimeFormat(bcp47, { dateStyle: 'long', timeZone: 'UTC' });
  const languages = new Intl.DisplayNames([bcp47], { type: 'language' });
  const lists = new Intl.ListFormat(bcp47, { style: 'long', type: 'conjunction' });
  // Formatting a date or naming a language costs microseconds through Intl, and a page does it dozens of times.
  const datesSeen = new Lru<string | number, string>(MEMO_LIMIT);
  const languagesSeen = new Lru<string, string>(MEMO_LIMIT);
  const i18n: I18n = {
    locale,
    dir: LOCALE_INFO[locale].dir,
    t: (key, values) => translate(locale, key, values),
    number: (n) => numbers.format(n),
    date: (value) =>
      remembered(datesSeen, typeof value === 'string' ? value : value.getTime(), () => {
        const d = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : value;
        return Number.isNaN(d.getTime()) ? String(value) : dates.format(d);
      }),
    languageName: (code) =>
      remembered(languagesSeen, code, () => {
        try {
          return languages.of(code) ?? code;
        } catch {
          return code;
        }
      }),
    list: (items) => lists.format(items),
  };
  i18nCache.set(locale, i18n);
  return i18n;
}

/** Whether the catalogs hold a message by this name (a key built at run time, such as a column's). */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
