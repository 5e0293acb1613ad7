import type { Labels } from '../../db/schema';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../i18n/locales';

export const VOCABULARY_NAMES = [
  'action-line',
  'sdg',
  'region',
  'country',
  'stakeholder-type',
  'activity-type',
  'activity-status',
  'scope',
  'target-group',
  'digital-policy-issue',
] as const;
export type VocabularyName = (typeof VOCABULARY_NAMES)[number];

export function isVocabularyName(v: string): v is VocabularyName {
  return (VOCABULARY_NAMES as readonly string[]).includes(v);
}

export interface Term {
  vocabulary: VocabularyName;
  code: string;
  parent: string | null;
  position: number;
  labels: Labels;
  descriptions: Labels | null;
  extra: Record<string, unknown> | null;
}

/** All vocabularies held in memory: they change only with a migration, so one load per process. */
export class Taxonomy {
  private readonly byVocabulary = new Map<VocabularyName, Term[]>();
  private readonly byKey = new Map<string, Term>();

  constructor(terms: Term[]) {
    for (const term of [...terms].sort((a, b) => a.position - b.position)) {
      const list = this.byVocabulary.get(term.vocabulary) ?? [];
      list.push(term);
      this.byVocabulary.set(term.vocabulary, list);
      this.byKey.set(`${term.vocabulary}\u0000${term.code}`, term);
    }
  }

  terms(vocabulary: VocabularyName): readonly Term[] {
    return this.byVocabulary.get(vocabulary) ?? [];
  }

  get(vocabulary: VocabularyName, code: string): Term | undefined {
    return this.byKey.get(`${vocabulary}\u0000${code}`);
  }

  has(vocabulary: VocabularyName, code: string): boolean {
    return this.byKey.has(`${vocabulary}\u0000${code}`);
  }

  /** The label in the locale, falling back to English, then to the code. */
  label(vocabulary: VocabularyName, code: string, locale: Locale): string {
    const labels = this.get(vocabulary, code)?.labels;
    return labels?.[locale] ?? labels?.[DEFAULT_LOCALE] ?? code;
  }

  /** The code followed by its parents, nearest first. */
  lineage(vocabulary: VocabularyName, code: string): string[] {
    const out: string[] = [];
    let current: string | null | undefined = code;
    while (current && !out.includes(current)) {
      out.push(current);
      current = this.get(vocabulary, current)?.parent;
    }
    return out;
  }

  /** Every region a country belongs to: its M49 chain up to (not including) World, and its ITU region. */
  regionsOfCountry(countryCode: string): string[] {
    const extra = this.get('country', countryCode)?.extra ?? {};
    const out: string[] = [];
    if (typeof extra.m49 === 'string') out.push(...this.lineage('region', extra.m49).filter((r) => r !== '001'));
    if (typeof extra.itu === 'string') out.push(extra.itu);
    return out;
  }

  /** Labels of a term in all six languages (for indexing vocabulary names into search). */
  allLabels(vocabulary: VocabularyName, code: string): Array<{ locale: Locale; text: string }> {
    const term = this.get(vocabulary, code);
    if (!term) return [];
    return LOCALES.flatMap((locale) => (term.labels[locale] ? [{ locale, text: term.labels[locale] }] : []));
  }
}
