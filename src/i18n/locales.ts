/** The six UN languages, in the UN's alphabetical order (by English name: Arabic, Chinese, English, French, Russian, Spanish). */
export const LOCALES = ['ar', 'zh', 'en', 'fr', 'es', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

export const LOCALE_INFO = {
  ar: { name: 'العربية', dir: 'rtl', bcp47: 'ar' },
  zh: { name: '中文', dir: 'ltr', bcp47: 'zh-Hans' },
  en: { name: 'English', dir: 'ltr', bcp47: 'en' },
  fr: { name: 'Français', dir: 'ltr', bcp47: 'fr' },
  es: { name: 'Español', dir: 'ltr', bcp47: 'es' },
  ru: { name: 'Русский', dir: 'ltr', bcp47: 'ru' },
} as const satisfies Record<Locale, { name: string; dir: 'ltr' | 'rtl'; bcp47: string }>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function negotiateLocale(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim().toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
