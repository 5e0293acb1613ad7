import type { ErrorDetail } from '../../lib/errors';
import type { Taxonomy } from '../taxonomy/taxonomy';
import type { EntryKind } from './entries';
import type { Entry, FacetValues, Filter } from './entry';
import { kindOf } from './kinds';

/** What each kind's own details must satisfy before they are published (beyond their types): its descriptor says. */
export function kindDetailProblems(kind: EntryKind, fields: object, has: { links: number }): ErrorDetail[] {
  return kindOf(kind).problems(fields, has);
}

type FacetSource = Pick<Entry, 'kind' | 'translations' | 'countries' | 'regions' | 'actionLines' | 'sdgs' | 'issues' | 'organisations'> & {
  /** The entry's own details (of its kind). */
  details: unknown;
};

/**
 * The filter values of an entry: tags expanded to their ancestors (a C7 sub-line counts for C7, a
 * target for its goal, a country for its sub-region, region and ITU region), then its kind's own.
 */
export function deriveFacetValues(entry: FacetSource, taxonomy: Taxonomy): FacetValues {
  const out = new Map<string, { facet: Filter; value: string }>();
  const add = (facet: Filter, value: string) => out.set(`${facet}\u0000${value}`, { facet, value });
  for (const code of entry.actionLines) for (const c of taxonomy.lineage('action-line', code)) add('actionLine', c);
  for (const code of entry.sdgs) {
    const [goal] = code.split('.');
    if (goal) add('sdg', goal);
    if (code.includes('.')) add('target', code);
  }
  for (const country of entry.countries) {
    add('country', country);
    for (const region of taxonomy.regionsOfCountry(country)) add('region', region);
  }
  for (const region of entry.regions) {
    for (const r of taxonomy.lineage('region', region)) if (r !== '001' || region === '001') add('region', r);
  }
  for (const code of entry.issues) for (const c of taxonomy.lineage('digital-policy-issue', code)) add('issue', c);
  add('kind', entry.kind);
  for (const { facet, value } of kindOf(entry.kind).facetValues(entry.details, entry.organisations)) add(facet, value);
  for (const language of Object.keys(entry.translations)) add('language', language);
  return [...out.values()];
}
