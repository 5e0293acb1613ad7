import type { Locale } from '../../i18n/locales';
import type { Facet, Filter } from '../entries/entry';

export interface SearchRequest {
  text: string;
  filters: Partial<Record<Filter, string[]>>;
  /**
   * For a filter given in `filters`, other facet values that satisfy it too (the crosswalk's widening: a goal
   * filter also accepts entries with the action lines linked to it). Each filter with its extras is one group,
   * ORed inside and ANDed with the others; a facet's disjunctive counts leave out its own whole group.
   */
  alsoMatch?: Partial<Record<Filter, Partial<Record<Filter, string[]>>>> | undefined;
  /** `published`: newest publication first (feeds); `newest`: latest start date first. */
  sort: 'relevance' | 'newest' | 'title' | 'published';
  page: number;
  pageSize: number;
  locale: Locale;
  /** false: only hits and total are wanted (exports); an engine may then leave `facets` empty. */
  counts?: boolean;
  /** Also count the matches by the year they were first published (UTC): `SearchResult.publishedYears`. */
  publishedYears?: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  hits: Array<{ id: number; score: number }>;
  /** Disjunctive counts: a facet's own selection does not narrow its own counts. */
  facets: Record<Facet, FacetCount[]>;
  /** Analysed query terms, for marking matches in snippets. */
  highlightTerms: string[];
  /**
   * When asked for (`SearchRequest.publishedYears`): the matches (every filter applied, as `total`) counted by the
   * year of their first publication in UTC, most first then by year, like a facet's counts. Not a filter.
   */
  publishedYears?: FacetCount[];
}

/** The one search interface that pages and API use; its implementation may change beneath them. */
export interface SearchEngine {
  search(request: SearchRequest): Promise<SearchResult>;
  /**
   * Which state of the published register the engine answers from: while it returns the same number,
   * what is published has not changed (for what it knows), so answers derived from it may be reused.
   * Null, or absent, when the engine cannot tell (the SQL path reads the database live).
   */
  snapshot?(): number | null;
}

/** A facet's order (most first, then by value), for counts both paths add to a result. */
export function sortCounts(list: FacetCount[]): FacetCount[] {
  return list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
