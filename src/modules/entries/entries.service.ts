import type { Db } from '../../db/connection';
import { LOCALES, type Locale } from '../../i18n/locales';
import { AppError, notFound, type ErrorDetail } from '../../lib/errors';
import type { SearchEngine, SearchRequest, SearchResult } from '../search/search';
import { buildSearchDocument, type IndexedField } from '../search/tsvector';
import type { Taxonomy, VocabularyName } from '../taxonomy/taxonomy';
import { crosswalkAlsoMatch } from '../crosswalk/crosswalk';
import { FILTERS, STAKEHOLDER_TYPES, ACTIVITY_TYPES, ACTIVITY_STATUSES, type Entry, type Filter } from './entry';
import { countPublishedOrganisations, entryKindOf, loadEntries, recentPublishedIds, type EntryWrite } from './entries.repository';
import { EVENT_MODES, isEntryKind, type EntryKind } from './entries';
import { kindOf } from './kinds';
import type { EntryInput, EntrySearchInput } from './entry.schemas';
import { deriveFacetValues, kindDetailProblems } from './entries.rules';
import type { PublishedEntries } from './published-memory';

export interface EntryDeps {
  db: Db;
  taxonomy: Taxonomy;
  search: SearchEngine;
  /** Published entries kept in memory for visitors' reads (absent: every read is a query). */
  publishedEntries?: PublishedEntries;
}

/** Who a read is for: a visitor's reads of published entries may come from memory, a signed-in person's never do. */
export interface ReadFor {
  visitor: boolean;
}

/**
 * Published entries by id, in the order of `ids` (ids not published are skipped): from the memory of
 * published entries for a visitor when there is one, from the database otherwise.
 */
export function readPublishedEntries(deps: Pick<EntryDeps, 'db' | 'publishedEntries'>, ids: number[], readFor: ReadFor): Promise<Entry[]> {
  if (readFor.visitor && deps.publishedEntries) return deps.publishedEntries.load(ids);
  return loadEntries(deps.db, ids, ['published']);
}

/** Codes that must name a term of a vocabulary: each unknown one is reported with its path. */
export function checkVocabularyCodes(input: EntryInput, taxonomy: Taxonomy): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const check = (field: string, vocabulary: VocabularyName, codes: string[]) =>
    codes.forEach((code, i) => {
      if (!taxonomy.has(vocabulary, code)) details.push({ field: `${field}.${i}`, code: 'unknown_value', params: { value: code } });
    });
  check('countries', 'country', input.countries);
  check('regions', 'region', input.regions);
  check('actionLines', 'action-line', input.actionLines);
  check('sdgs', 'sdg', input.sdgs);
  check('targetGroups', 'target-group', input.targetGroups);
  check('issues', 'digital-policy-issue', input.issues);
  input.actor?.issues.forEach((i, n) => {
    if (!taxonomy.has('digital-policy-issue', i.issue)) details.push({ field: `actor.issues.${n}.issue`, code: 'unknown_value', params: { value: i.issue } });
  });
  details.push(...kindDetailProblems(input.kind, input, { links: input.links.length }));
  return details;
}

function searchFields(input: EntryInput, taxonomy: Taxonomy): IndexedField[] {
  const fields: IndexedField[] = [];
  for (const locale of LOCALES) {
    const t = input.translations[locale];
    if (!t) continue;
    fields.push({ text: t.title, locale, weight: 'A' }, { text: t.summary, locale, weight: 'B' });
    if (t.description) fields.push({ text: t.description, locale, weight: 'C' });
  }
  for (const o of input.organisations) fields.push({ text: o.name, locale: input.originalLanguage, weight: 'B' });
  // The text of a kind's own details that search should find (acronyms, issue aliases, authors, strategies…).
  const kind = kindOf(input.kind);
  fields.push(...kind.searchTexts(kind.fromFlat(input), input.originalLanguage));
  // Vocabulary names in six languages make "santé" find an English entry tagged SDG 3.
  const labelled: Array<[VocabularyName, string]> = [
    ...input.actionLines.flatMap((c) => taxonomy.lineage('action-line', c).map((x): [VocabularyName, string] => ['action-line', x])),
    ...input.sdgs.filter((c) => !c.includes('.')).map((c): [VocabularyName, string] => ['sdg', c]),
    ...input.countries.map((c): [VocabularyName, string] => ['country', c]),
    ...input.regions.map((c): [VocabularyName, string] => ['region', c]),
    ...input.issues.map((c): [VocabularyName, string] => ['digital-policy-issue', c]),
  ];
  for (const [vocabulary, code] of labelled) {
    for (const { locale, text } of taxonomy.allLabels(vocabulary, code)) fields.push({ text, locale, weight: 'D' });
  }
  return fields;
}

/** Turns a validated input into the rows to store, with its derived facets and search terms. */
export function prepareWrite(input: EntryInput, taxonomy: Taxonomy, opts: { isDemo: boolean }): EntryWrite {
  const kind = kindOf(input.kind);
  const details = kind.fromFlat(input);
  // A target implies its goal; a stored goal keeps the facet and the labels consistent.
  const sdgs = [...new Set(input.sdgs.flatMap((c) => (c.includes('.') ? [c.split('.')[0]!, c] : [c])))];
  // Issues a kind's details name (an actor's) are its tags too: they feed the issue facet and the search like any entry's.
  const issues = [...new Set([...input.issues, ...kind.ownIssues(details)])];
  const normalised = { ...input, sdgs, issues };
  const search = buildSearchDocument(searchFields(normalised, taxonomy));
  const times = kind.times(details);
  return {
    kind: input.kind,
    details: details as object,
    startsAt: times.startsAt,
    endsAt: times.endsAt,
    timeZone: times.timeZone,
    externalId: input.externalId ?? null,
    state: input.state,
    originalLanguage: input.originalLanguage,
    contact: input.contact,
    isDemo: opts.isDemo,
    lastConfirmedAt: input.lastConfirmedAt,
    translations: input.translations as EntryWrite['translations'],
    tags: {
      countries: input.countries,
      regions: input.regions,
      actionLines: input.actionLines,
      sdgs,
      targetGroups: input.targetGroups,
      issues,
    },
    organisations: input.organisations,
    links: input.links,
    facets: deriveFacetValues({ ...normalised, details, translations: input.translations as Entry['translations'] }, taxonomy),
    searchVector: search.vector,
    searchTerms: search.terms,
  };
}

/** A published activity, or not_found (drafts, submissions and archived entries are not public). */
export async function getPublishedEntry(deps: Pick<EntryDeps, 'db' | 'publishedEntries'>, id: number, readFor: ReadFor = { visitor: false }): Promise<Entry> {
  const [activity] = await readPublishedEntries(deps, [id], readFor);
  if (!activity) throw notFound();
  return activity;
}

const YEAR = /^(19[5-9]\d|20\d\d|2100)$/;

function isKnownFilterValue(filter: Filter, value: string, taxonomy: Taxonomy): boolean {
  switch (filter) {
    case 'actionLine':
      return taxonomy.has('action-line', value);
    case 'sdg':
      return taxonomy.has('sdg', value) && !value.includes('.');
    case 'target':
      return taxonomy.has('sdg', value) && value.includes('.');
    case 'region':
      return taxonomy.has('region', value);
    case 'country':
      return taxonomy.has('country', value);
    case 'stakeholder':
      return (STAKEHOLDER_TYPES as readonly string[]).includes(value);
    case 'type':
      return (ACTIVITY_TYPES as readonly string[]).includes(value);
    case 'status':
      return (ACTIVITY_STATUSES as readonly string[]).includes(value);
    case 'year':
      return YEAR.test(value);
    case 'language':
      return (LOCALES as readonly string[]).includes(value);
    case 'kind':
      return isEntryKind(value);
    case 'issue':
      return taxonomy.has('digital-policy-issue', value);
    case 'mode':
      return (EVENT_MODES as readonly string[]).includes(value);
  }
}

/** Refuses filter values no vocabulary knows, naming each (a typo must not silently widen a search). */
export function assertKnownFilterValues(filters: Partial<Record<Filter, string[]>>, taxonomy: Taxonomy): void {
  const details: ErrorDetail[] = [];
  for (const [filter, values] of Object.entries(filters) as Array<[Filter, string[]]>) {
    for (const value of values) if (!isKnownFilterValue(filter, value, taxonomy)) details.push({ field: filter, code: 'unknown_value', params: { value } });
  }
  if (details.length) throw new AppError('validation_failed', details);
}

/** A query's filters as the search takes them: each filter's distinct values, empty ones left out, every value known. */
export function searchFilters(query: Partial<Record<Filter, readonly string[]>> | undefined, taxonomy: Taxonomy): Partial<Record<Filter, string[]>> {
  const filters: Partial<Record<Filter, string[]>> = {};
  for (const filter of FILTERS) {
    const values = [...new Set(query?.[filter] ?? [])];
    if (values.length) filters[filter] = values;
  }
  assertKnownFilterValues(filters, taxonomy);
  return filters;
}

/**
 * A query's filters and what the crosswalk option (`crosswalk=1`) adds to them: what every search of the register
 * (pages, API, feeds, exports, embeds) passes to the engine. Unknown values are refused as by {@link searchFilters}.
 */
export function searchScope(
  query: (Partial<Record<Filter, readonly string[]>> & { crosswalk?: '0' | '1' | undefined }) | undefined,
  taxonomy: Taxonomy,
): Pick<SearchRequest, 'filters' | 'alsoMatch'> {
  const filters = searchFilters(query, taxonomy);
  return query?.crosswalk === '1' ? { filters, alsoMatch: crosswalkAlsoMatch(filters) } : { filters };
}

export interface EntrySearchOutput extends SearchResult {
  activities: Entry[];
  page: number;
  pageSize: number;
}

/** Searches published activities; an unknown filter value is a validation error naming the field. */
export async function searchEntries(
  deps: EntryDeps,
  // Feeds ask for the `published` order too, which the search page does not offer.
  input: Omit<EntrySearchInput, 'sort'> & { sort: SearchRequest['sort'] },
  locale: Locale,
  readFor: ReadFor = { visitor: false },
): Promise<EntrySearchOutput> {
  const result = await deps.search.search({
    text: input.q,
    ...searchScope(input, deps.taxonomy),
    sort: input.sort,
    page: input.page,
    pageSize: input.pageSize,
    locale,
  });
  const activities = await readPublishedEntries(
    deps,
    result.hits.map((h) => h.id),
    readFor,
  );
  return { ...result, activities, page: input.page, pageSize: input.pageSize };
}

export type RegisterOverview = Awaited<ReturnType<typeof readOverview>>;

async function readOverview(deps: EntryDeps) {
  const [result, organisations, recentIds] = await Promise.all([
    deps.search.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 1, locale: 'en' }),
    countPublishedOrganisations(deps.db),
    recentPublishedIds(deps.db, 6),
  ]);
  return { total: result.total, facets: result.facets, organisations, recent: await loadEntries(deps.db, recentIds, ['published']) };
}

/** The last overview each search engine answered, and the snapshot it was read at. */
const overviews = new WeakMap<EntryDeps['search'], { snapshot: number; overview: Promise<RegisterOverview> }>();

/**
 * What the home page shows: counts per facet over the whole public register, and recent entries.
 * It depends only on what is published, so while the search index's snapshot stays the same it is
 * read once, not per request: its counts come from the index already, and the rest (organisations,
 * recent entries) is as fresh as they are. Without a snapshot (the SQL path), it is read every time.
 */
export async function registerOverview(deps: EntryDeps): Promise<RegisterOverview> {
  const snapshot = deps.search.snapshot?.() ?? null;
  if (snapshot === null) return readOverview(deps);
  const kept = overviews.get(deps.search);
  if (kept && kept.snapshot === snapshot) return kept.overview;
  const overview = readOverview(deps);
  overviews.set(deps.search, { snapshot, overview });
  // A failed read is not kept: the next request tries again.
  overview.catch(() => {
    if (overviews.get(deps.search)?.overview === overview) overviews.delete(deps.search);
  });
  return overview;
}

/** The kind of an entry of any state (which path its pages live under), or undefined when there is no such entry. */
export async function kindOfEntry(deps: Pick<EntryDeps, 'db'>, id: number): Promise<EntryKind | undefined> {
  return entryKindOf(deps.db, id);
}
