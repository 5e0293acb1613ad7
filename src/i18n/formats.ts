/**
 * Intl formatters made once per locale and options, not per call: building an `Intl.DateTimeFormat` (or a number,
 * list, collator or display-names formatter) loads ICU data and costs tens of microseconds, where formatting with one
 * already made costs about one. Pages format a date or a number per item of a list, so they take them from here.
 * The options are the formatter's identity: the same options always give the same formatter, shared by every caller.
 */
const made = new Map<string, unknown>();

function kept<T>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}\u0000${locale}\u0000${JSON.stringify(options)}`;
  let formatter = made.get(key) as T | undefined;
  if (formatter === undefined) {
    formatter = make();
    made.set(key, formatter);
  }
  return formatter;
}

export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat =>
  kept('date', locale, options, () => new Intl.DateTimeFormat(locale, options));

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat =>
  kept('number', locale, options, () => new Intl.NumberFormat(locale, options));

export const collator = (locale: string, options: Intl.CollatorOptions = {}): Intl.Collator =>
  kept('collator', locale, options, () => new Intl.Collator(locale, options));

/** Throws as `Intl.DisplayNames` does for a locale it cannot take; a failure is not kept. */
export const displayNames = (locale: string, options: Intl.DisplayNamesOptions): Intl.DisplayNames =>
  kept('names', locale, options, () => new Intl.DisplayNames([locale], options));

export const listFormat = (locale: string, options: Intl.ListFormatOptions = {}): Intl.ListFormat =>
  kept('list', locale, options, () => new Intl.ListFormat(locale, options));
