import { collator } from '../../i18n/formats';
import { LOCALE_INFO, type Locale } from '../../i18n/locales';
import { AppError, notFound, type ErrorDetail } from '../../lib/errors';
import type { Entry, Facet } from '../entries/entry';
import { readPublishedEntries, type EntryDeps, type ReadFor } from '../entries/entries.service';
import { ENTRY_KINDS, type EntryKind } from '../entries/entries';
import type { FacetCount } from '../search/search';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { countryEventIds } from './countries.repository';

/** How many entries of each kind a profile lists. */
export const LIST_SIZE = 8;
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 3;

export interface CodeCount {
  code: string;
  count: number;
}

/** What a country holds: per kind, per action line and per SDG goal (every term, in vocabulary order, zeros included). */
export interface CountryCounts {
  total: number;
  kinds: Record<EntryKind, number>;
  actionLines: CodeCount[];
  sdgs: CodeCount[];
}

export interface EntryList {
  total: number;
  items: Entry[];
}

export interface CountryProfile {
  code: string;
  name: string;
  counts: CountryCounts;
  /** Up to LIST_SIZE of each kind, newest first; events are upcoming first (soonest first), then past. */
  lists: Record<EntryKind, EntryList>;
  /** How many of `lists.event.items`, from the start, are still to come. */
  upcomingEvents: number;
}

export interface CountrySummary {
  code: string;
  name: string;
  count: number;
}

export interface CountryComparison {
  countries: Array<{ code: string; name: string; counts: CountryCounts }>;
}

function countsFrom(taxonomy: Taxonomy, total: number, facets: Record<Facet, FacetCount[]>): CountryCounts {
  const byValue = (facet: Facet) => new Map(facets[facet].map((f) => [f.value, f.count]));
  const kinds = byValue('kind');
  const lines = byValue('actionLine');
  const goals = byValue('sdg');
  return {
    total,
    kinds: Object.fromEntries(ENTRY_KINDS.map((k) => [k, kinds.get(k) ?? 0])) as Record<EntryKind, number>,
    actionLines: taxonomy.terms('action-line').map((t) => ({ code: t.code, count: lines.get(t.code) ?? 0 })),
    // Targets are filters, not facets: only goals are counted.
    sdgs: taxonomy
      .terms('sdg')
      .filter((t) => !t.code.includes('.'))
      .map((t) => ({ code: t.code, count: goals.get(t.code) ?? 0 })),
  };
}

const isCountry = (taxonomy: Taxonomy, code: string) => /^[A-Z]{2}$/.test(code) && taxonomy.has('country', code);

async function countryCounts(deps: EntryDeps, iso: string, locale: Locale): Promise<CountryCounts> {
  const result = await deps.search.search({ text: '', filters: { country: [iso] }, sort: 'newest', page: 1, pageSize: 1, locale });
  return countsFrom(deps.taxonomy, result.total, result.facets);
}

/** A country's profile: what is tagged with it, counted and listed; not_found for a code that is not a country. */
export async function countryProfile(deps: EntryDeps, iso: string, locale: Locale, opts: { now?: Date; readFor?: ReadFor } = {}): Promise<CountryProfile> {
  if (!isCountry(deps.taxonomy, iso)) throw notFound();
  const now = opts.now ?? new Date();
  const listed = ENTRY_KINDS.filter((k) => k !== 'event');
  const [counts, events, ...searches] = await Promise.all([
    countryCounts(deps, iso, locale),
    countryEventIds(deps.db, iso, now, LIST_SIZE),
    ...listed.map((kind) => deps.search.search({ text: '', filters: { country: [iso], kind: [kind] }, sort: 'newest', page: 1, pageSize: LIST_SIZE, locale })),
  ]);
  const ids = [...events.map((e) => e.id), ...searches.flatMap((s) => s.hits.map((h) => h.id))];
  // A visitor's entries come from the memory of published entries (the lists from the index already).
  const byId = new Map((await readPublishedEntries(deps, ids, opts.readFor ?? { visitor: false })).map((a) => [a.id, a]));
  const pick = (list: number[]) => list.flatMap((id) => byId.get(id) ?? []);
  const lists = {} as Record<EntryKind, EntryList>;
  listed.forEach((kind, i) => {
    const s = searches[i]!;
    lists[kind] = { total: s.total, items: pick(s.hits.map((h) => h.id)) };
  });
  lists.event = { total: counts.kinds.event, items: pick(events.map((e) => e.id)) };
  return {
    code: iso,
    name: deps.taxonomy.label('country', iso, locale),
    counts,
    lists,
    upcomingEvents: events.filter((e) => e.upcoming && byId.has(e.id)).length,
  };
}

/**
 * Every country with at least one published entry, with its count, sorted by its name in the locale;
 * `include` adds known countries even without entries (a compare form keeps what the reader chose).
 */
export async function listCountries(deps: EntryDeps, locale: Locale, opts: { include?: readonly string[] } = {}): Promise<CountrySummary[]> {
  const result = await deps.search.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 1, locale });
  const counts = new Map(result.facets.country.filter((f) => f.count > 0).map((f) => [f.value, f.count]));
  for (const code of opts.include ?? []) if (!counts.has(code)) counts.set(code, 0);
  const names = collator(LOCALE_INFO[locale].bcp47);
  return [...counts]
    .filter(([code]) => isCountry(deps.taxonomy, code))
    .map(([code, count]) => ({ code, name: deps.taxonomy.label('country', code, locale), count }))
    .sort((a, b) => names.compare(a.name, b.name) || a.code.localeCompare(b.code));
}

/** The problems of a list of codes to compare (2 to 3 distinct known countries), as error details on field `c`. */
export function compareProblems(taxonomy: Taxonomy, isos: readonly string[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (isos.length < COMPARE_MIN || isos.length > COMPARE_MAX)
    details.push({ field: 'c', code: 'compare_count', params: { min: COMPARE_MIN, max: COMPARE_MAX } });
  const seen = new Set<string>();
  for (const iso of isos) {
    if (!isCountry(taxonomy, iso)) details.push({ field: 'c', code: 'unknown_value', params: { value: iso } });
    else if (seen.has(iso)) details.push({ field: 'c', code: 'duplicate_value', params: { value: iso } });
    seen.add(iso);
  }
  return details;
}

/** The counts of 2–3 distinct countries side by side; validation_failed (field `c`) otherwise. */
export async function compareCountries(deps: EntryDeps, isos: readonly string[], locale: Locale): Promise<CountryComparison> {
  const details = compareProblems(deps.taxonomy, isos);
  if (details.length) throw new AppError('validation_failed', details);
  const counts = await Promise.all(isos.map((iso) => countryCounts(deps, iso, locale)));
  return { countries: isos.map((code, i) => ({ code, name: deps.taxonomy.label('country', code, locale), counts: counts[i]! })) };
}
