import type { Locale } from '../../i18n/locales';
import type { Facet, Filter } from '../entries/entry';

export interface SearchRequest {
  text: string;
  filters: Partial<Record<Filter, string[]>>;
  sort: 'relevance' | 'newest' | 'title';
  page: number;
  pageSize: number;
  locale: Locale;
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
}

/** The one search interface that pages and API use; its implementation may change beneath them. */
export interface SearchEngine {
  search(request: SearchRequest): Promise<SearchResult>;
}
