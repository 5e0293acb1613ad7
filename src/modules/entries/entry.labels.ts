import { i18nFor, type MessageKey } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { qualifiedRegionLabel } from '../taxonomy/region-labels';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { Filter } from './entry';

/** Labels already worked out, per vocabulary set (a Taxonomy never changes once loaded; neither do the catalogs). */
const labelsOf = new WeakMap<Taxonomy, Map<string, string>>();
/** Labels are few (vocabulary terms × six languages); this only guards against a flood of unknown values. */
const MAX_LABELS = 50_000;

/**
 * The human label of a facet value in a locale ("C5 · Building confidence…", "Kenya", "2019"). Worked
 * out once per value and locale: every search page and API answer labels dozens of facet values.
 */
export function facetValueLabel(taxonomy: Taxonomy, facet: Filter, value: string, locale: Locale): string {
  let labels = labelsOf.get(taxonomy);
  if (!labels) labelsOf.set(taxonomy, (labels = new Map()));
  const key = `${facet}\u0000${locale}\u0000${value}`;
  let label = labels.get(key);
  if (label === undefined) {
    if (labels.size >= MAX_LABELS) labels.clear();
    label = workOutLabel(taxonomy, facet, value, locale);
    labels.set(key, label);
  }
  return label;
}

function workOutLabel(taxonomy: Taxonomy, facet: Filter, value: string, locale: Locale): string {
  switch (facet) {
    case 'actionLine':
      return taxonomy.label('action-line', value, locale);
    case 'sdg':
    case 'target':
      return taxonomy.label('sdg', value, locale);
    case 'region':
      // Out of its group (a chip, the API's facets) a region says whether it is the UN's or the ITU's.
      return qualifiedRegionLabel(taxonomy, value, i18nFor(locale));
    case 'country':
      return taxonomy.label('country', value, locale);
    case 'stakeholder':
      return taxonomy.label('stakeholder-type', value, locale);
    case 'type':
      return taxonomy.label('activity-type', value, locale);
    case 'status':
      return taxonomy.label('activity-status', value, locale);
    case 'language':
      return i18nFor(locale).languageName(value);
    case 'year':
      return value;
    case 'kind':
      return i18nFor(locale).t(`kind.${value}` as MessageKey);
    case 'mode':
      return i18nFor(locale).t(`mode.${value}` as MessageKey);
    case 'issue':
      return taxonomy.label('digital-policy-issue', value, locale);
  }
}

/** Short code shown before a label: "C5", "C7 · E-health", "SDG 4". */
export function facetValuePrefix(facet: Filter, value: string): string {
  if (facet === 'actionLine') return value.startsWith('c7-') ? 'C7' : value.toUpperCase();
  if (facet === 'sdg' || facet === 'target') return value;
  return '';
}
