/**
 * Dashboards of a search: which charts there are, where each one's numbers come from (a facet of the search, or the
 * years of first publication both search paths count), in what order their bars stand, and a chart as CSV. Pure.
 */
import type { Locale } from '../../i18n/locales';
import { ENTRY_KINDS } from '../entries/entries';
import { ACTIVITY_STATUSES, type Facet } from '../entries/entry';
import { facetValueLabel } from '../entries/entry.labels';
import { csvField, spreadsheetSafe } from '../exports/exports.columns';
import type { FacetCount, SearchResult } from '../search/search';
import { regionScheme } from '../taxonomy/region-labels';
import type { Taxonomy } from '../taxonomy/taxonomy';

/**
 * The charts of a dashboard, in page order. `started`: the search's year facet (an activity's start, an event's start,
 * a publication's year; actors and stories have none and are not counted); `registered`: the year each entry was
 * first published here; `region`: the ITU's six regions; `m49`: the UN M49 regions and sub-regions.
 */
export const CHARTS = ['started', 'registered', 'actionLine', 'sdg', 'region', 'm49', 'stakeholder', 'kind', 'status'] as const;
export type ChartName = (typeof CHARTS)[number];

export function isChartName(value: string): value is ChartName {
  return (CHARTS as readonly string[]).includes(value);
}

/** Where a chart's counts come from and how its bars are ordered. */
interface ChartSource {
  /** The facet counted, or `publishedYears` (not a facet: see SearchRequest.publishedYears). */
  from: Facet | 'publishedYears';
  /** Only some of the facet's values (the region facet holds two schemes). */
  keep?: (code: string) => boolean;
  /** `year`: by year, oldest first; `vocabulary`: the vocabulary's own order; `count`: most first (the facet's). */
  order: 'year' | 'vocabulary' | 'count';
}

const SOURCES: Record<ChartName, ChartSource> = {
  started: { from: 'year', order: 'year' },
  registered: { from: 'publishedYears', order: 'year' },
  actionLine: { from: 'actionLine', order: 'vocabulary' },
  sdg: { from: 'sdg', order: 'vocabulary' },
  region: { from: 'region', keep: (code) => regionScheme(code) === 'itu', order: 'count' },
  m49: { from: 'region', keep: (code) => regionScheme(code) === 'm49', order: 'count' },
  stakeholder: { from: 'stakeholder', order: 'count' },
  kind: { from: 'kind', order: 'vocabulary' },
  status: { from: 'status', order: 'vocabulary' },
};

/** The facet a chart counts, or null for `registered` (years of first publication, which no facet holds). */
export function chartFacet(chart: ChartName): Facet | null {
  const from = SOURCES[chart].from;
  return from === 'publishedYears' ? null : from;
}

/** One bar: a vocabulary code (or a year), its label in the reader's language, and its count. */
export interface ChartRow {
  code: string;
  label: string;
  count: number;
}

export interface ChartData {
  name: ChartName;
  rows: ChartRow[];
}

/** A chart's counts out of a search result (asked with `publishedYears`), labelled and in the chart's order. */
export function chartData(chart: ChartName, result: Pick<SearchResult, 'facets' | 'publishedYears'>, taxonomy: Taxonomy, locale: Locale): ChartData {
  const source = SOURCES[chart];
  const counts: FacetCount[] = source.from === 'publishedYears' ? (result.publishedYears ?? []) : result.facets[source.from];
  const kept = source.keep ? counts.filter((c) => source.keep!(c.value)) : [...counts];
  const facet = source.from === 'publishedYears' ? 'year' : source.from;
  const rows = kept.map((c) => ({ code: c.value, label: facetValueLabel(taxonomy, facet, c.value, locale), count: c.count }));
  if (source.order === 'year') rows.sort((a, b) => Number(a.code) - Number(b.code));
  if (source.order === 'vocabulary') {
    const rank = vocabularyRank(facet, taxonomy);
    rows.sort((a, b) => (rank.get(a.code) ?? Infinity) - (rank.get(b.code) ?? Infinity) || a.code.localeCompare(b.code));
  }
  return { name: chart, rows };
}

/** Each code's place in its vocabulary: action lines as listed (C7's sub-lines after C7), goals by number. */
function vocabularyRank(facet: Facet, taxonomy: Taxonomy): Map<string, number> {
  let codes: readonly string[] = [];
  if (facet === 'actionLine') {
    const terms = taxonomy.terms('action-line');
    codes = terms.filter((t) => !t.parent).flatMap((t) => [t.code, ...terms.filter((s) => s.parent === t.code).map((s) => s.code)]);
  } else if (facet === 'sdg') codes = Array.from({ length: 17 }, (_, i) => String(i + 1));
  else if (facet === 'kind') codes = ENTRY_KINDS;
  else if (facet === 'status') codes = ACTIVITY_STATUSES;
  return new Map(codes.map((code, i) => [code, i]));
}

/** The sum of a chart's bars (an entry with several values counts under each, so it may exceed the matches). */
export function chartSum(data: ChartData): number {
  return data.rows.reduce((n, r) => n + r.count, 0);
}

/** A chart's numbers as CSV (RFC 4180, a byte-order mark for spreadsheets, CRLF): code, label, count. */
export function chartCsv(data: ChartData): string {
  const lines = ['code,label,count', ...data.rows.map((r) => [csvField(r.code), csvField(spreadsheetSafe(r.label)), String(r.count)].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The file name a chart's CSV is saved under: `stocktake-dashboard-sdg.csv`. */
export function chartCsvFileName(chart: ChartName): string {
  return `stocktake-dashboard-${chart.toLowerCase()}.csv`;
}
