import type { Locale } from '../../i18n/locales';
import { searchScope, type EntryDeps } from '../entries/entries.service';
import type { SearchResult } from '../search/search';
import { CHARTS, chartData, type ChartData, type ChartName } from './dashboard';
import type { DashboardQuery } from './dashboard.schemas';

export interface Dashboard {
  /** How many entries the search matches. */
  total: number;
  charts: ChartData[];
}

/**
 * The search's counts, asked once: every facet (disjunctive, as the search page and the API give them) and the years
 * of first publication, over the search's own scope (so `crosswalk=1` widens it as it does the search). An unknown
 * filter value is the search's validation error, naming the field.
 */
async function countSearch(deps: Pick<EntryDeps, 'search' | 'taxonomy'>, query: DashboardQuery, locale: Locale): Promise<SearchResult> {
  // No page of hits: the counts are all a dashboard reads.
  return deps.search.search({ text: query.q, ...searchScope(query, deps.taxonomy), sort: 'newest', page: 1, pageSize: 0, locale, publishedYears: true });
}

/** Every chart of a search's dashboard, labelled in `locale`. */
export async function readDashboard(deps: Pick<EntryDeps, 'search' | 'taxonomy'>, query: DashboardQuery, locale: Locale): Promise<Dashboard> {
  const result = await countSearch(deps, query, locale);
  return { total: result.total, charts: CHARTS.map((chart) => chartData(chart, result, deps.taxonomy, locale)) };
}

/** One chart of a search's dashboard (its CSV). */
export async function readChart(deps: Pick<EntryDeps, 'search' | 'taxonomy'>, query: DashboardQuery, chart: ChartName, locale: Locale): Promise<ChartData> {
  return chartData(chart, await countSearch(deps, query, locale), deps.taxonomy, locale);
}
