import type { Config } from '../../config/config';
import type { Db } from '../../db/connection';
import { translate, type MessageKey } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { renderMarkdown } from '../../lib/markdown';
import { entryPath, isEntryKind, ENTRY_KINDS } from '../entries/entries';
import { FILTERS, type Filter } from '../entries/entry';
import { searchFilters } from '../entries/entries.service';
import { exportIds } from '../exports/exports.service';
import type { SearchEngine } from '../search/search';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { goalsForActionLine } from '../crosswalk/crosswalk';
import { SECTION_LINES, trendYears, type Count, type ReportContent, type ReportEntry } from './reports';
import { countOrganisations, entriesInPeriod, entryTexts, facetCounts, lineCrossCounts, type ReportRow } from './reports.repository';

/** What gathering a report reads: the database, the vocabularies and the search. */
export interface ReportDataDeps {
  db: Db;
  taxonomy: Taxonomy;
  search: SearchEngine;
  config: Pick<Config, 'baseUrl' | 'siteName'>;
}

/** The search a report's filters name: a query string or a search page's address (`/en/search?q=…`), text and filters only. */
export function reportQuery(filters: string): { q: string } & Partial<Record<Filter, string[]>> {
  const trimmed = filters.trim();
  const at = trimmed.indexOf('?');
  const params = new URLSearchParams(at >= 0 ? trimmed.slice(at + 1) : trimmed);
  const query: { q: string } & Partial<Record<Filter, string[]>> = { q: params.get('q')?.trim() ?? '' };
  for (const f of FILTERS) {
    const values = params.getAll(f).filter(Boolean);
    if (values.length) query[f] = values;
  }
  return query;
}

/** Checks a report's filters with the search's own reader: an unknown value is a field error on `filters`. */
export function checkReportFilters(filters: string, taxonomy: Taxonomy): void {
  try {
    searchFilters(reportQuery(filters), taxonomy);
  } catch (e) {
    if (e instanceof AppError)
      throw new AppError(
        'validation_failed',
        e.details.map((d) => ({ ...d, field: 'filters' })),
      );
    throw e;
  }
}

/** The report's set: published entries its search finds that were first published or updated within its period. */
export async function reportEntryIds(deps: Omit<ReportDataDeps, 'config'>, report: Pick<ReportRow, 'filters' | 'periodFrom' | 'periodTo'>): Promise<number[]> {
  const query = reportQuery(report.filters);
  const everything = query.q === '' && FILTERS.every((f) => !query[f]?.length);
  const found = everything ? null : await exportIds(deps, { ...query, sort: 'newest' }, 'en');
  return entriesInPeriod(deps.db, found, report.periodFrom, report.periodTo);
}

/** Where the report's search is as CSV (the export API with the report's text and filters). */
export function reportCsvUrl(baseUrl: string, filters: string): string {
  const query = reportQuery(filters);
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const f of FILTERS) for (const v of query[f] ?? []) params.append(f, v);
  const qs = params.toString();
  return `${baseUrl}/api/v1/exports/csv${qs ? `?${qs}` : ''}`;
}

type EntryText = Awaited<ReturnType<typeof entryTexts>>[number];

/** An entry as the report shows it, with its address in the register. */
function reportEntry(t: EntryText, language: Locale, baseUrl: string): ReportEntry {
  return {
    id: t.id,
    kind: t.kind,
    title: t.title,
    summary: t.summary,
    language: t.language,
    url: `${baseUrl}${entryPath(language, isEntryKind(t.kind) ? t.kind : 'activity', t.id)}`,
  };
}

/**
 * The annex's rows in batches of `size`, in id order: each batch is the next ids after the last one read (keyset
 * over the report's sorted id list), so only one batch of titles and summaries is in memory at a time.
 */
export async function* annexBatches(
  deps: Pick<ReportDataDeps, 'db' | 'config'>,
  ids: readonly number[],
  language: Locale,
  size: number,
): AsyncGenerator<ReportEntry[]> {
  const sorted = [...ids].sort((a, b) => a - b);
  for (let at = 0; at < sorted.length; at += size) {
    const texts = await entryTexts(deps.db, sorted.slice(at, at + size), language);
    yield texts.map((t) => reportEntry(t, language, deps.config.baseUrl));
  }
}

const byCount = (a: Count, b: Count) => b.count - a.count || a.label.localeCompare(b.label);

/**
 * Everything the report shows in one language, read from the register now: key figures, a section per action
 * line, the SDG counts and the crosswalk; the annex as the ids it lists (read with {@link annexBatches} while
 * writing). `onStep` is told how far it got (a fraction of the gathering).
 */
export async function gatherReport(
  deps: ReportDataDeps,
  report: ReportRow & { id: number },
  language: Locale,
  opts: { now?: Date; onStep?: (fraction: number) => Promise<void> } = {},
): Promise<{ content: ReportContent; ids: number[] }> {
  const step = opts.onStep ?? (async () => undefined);
  const { taxonomy } = deps;
  const label = (vocabulary: Parameters<Taxonomy['label']>[0], code: string) => taxonomy.label(vocabulary, code, language);
  const ids = await reportEntryIds(deps, report);
  const inSet = new Set(ids);
  await step(0.25);
  const counts = await facetCounts(deps.db, ids, ['kind', 'country', 'actionLine', 'sdg', 'region', 'stakeholder']);
  const of = (facet: string) => counts.filter((c) => c.facet === facet);
  const cross = await lineCrossCounts(deps.db, ids, ['stakeholder', 'region', 'country', 'sdg']);
  await step(0.45);
  // The trend reads the same search over every year, not only the period: entries by the year they started.
  const lastYear = Number(report.periodTo.slice(0, 4));
  const years = trendYears(lastYear);
  const allIds = await reportEntryIds(deps, { filters: report.filters, periodFrom: '1900-01-01', periodTo: report.periodTo });
  const trendRows = await lineCrossCounts(deps.db, allIds, ['year']);
  await step(0.6);
  // Only the highlights' texts now: the annex is read in batches as the file is written.
  const highlighted = [...new Set(Object.values(report.highlights).flat())].filter((id) => inSet.has(id));
  const texts = await entryTexts(deps.db, highlighted, language);
  await step(0.85);
  const byId = new Map(texts.map((t) => [t.id, reportEntry(t, language, deps.config.baseUrl)]));
  const kindLabel = (k: string) => translate(language, `kind.${k}` as MessageKey);
  const lines = SECTION_LINES.map((code) => {
    const mine = cross.filter((r) => r.line === code);
    const group = (facet: string, vocabulary: Parameters<Taxonomy['label']>[0], keep: (v: string) => boolean = () => true) =>
      mine
        .filter((r) => r.facet === facet && keep(r.value))
        .map((r) => ({ code: r.value, label: label(vocabulary, r.value), count: r.count }))
        .sort(byCount);
    return {
      code,
      label: label('action-line', code),
      count: of('actionLine').find((c) => c.value === code)?.count ?? 0,
      trend: years.map((year) => ({
        year,
        count: trendRows.find((r) => r.line === code && r.value === String(year))?.count ?? 0,
      })),
      highlights: (report.highlights[code] ?? []).flatMap((id) => {
        const e = byId.get(id);
        return e ? [e] : [];
      }),
      stakeholders: group('stakeholder', 'stakeholder-type'),
      // The ITU's six regions: one level, so the rows add up to the entries placed in a region.
      regions: group('region', 'region', (v) => v.startsWith('itu-')),
      countries: group('country', 'country'),
    };
  });
  const kinds = of('kind').map((c) => ({ code: c.value, label: kindLabel(c.value), count: c.count }));
  kinds.sort((a, b) => ENTRY_KINDS.indexOf(a.code as never) - ENTRY_KINDS.indexOf(b.code as never));
  const sdgs = taxonomy
    .terms('sdg')
    .filter((t) => !t.code.includes('.'))
    .map((t) => ({ code: t.code, label: label('sdg', t.code), count: of('sdg').find((c) => c.value === t.code)?.count ?? 0 }));
  const overall = (facet: string, vocabulary: Parameters<Taxonomy['label']>[0], keep: (v: string) => boolean = () => true) =>
    of(facet)
      .filter((c) => keep(c.value))
      .map((c) => ({ code: c.value, label: label(vocabulary, c.value), count: c.count }))
      .sort(byCount);
  const crosswalk = lines.map((l) => ({
    code: l.code,
    label: l.label,
    count: l.count,
    goals: goalsForActionLine(l.code, { subLines: true }).map((goal) => ({
      code: goal,
      label: label('sdg', goal),
      count: cross.find((r) => r.line === l.code && r.facet === 'sdg' && r.value === goal)?.count ?? 0,
    })),
  }));
  await step(1);
  const content: ReportContent = {
    id: report.id,
    language,
    title: report.titles[language] ?? report.titles.en ?? Object.values(report.titles)[0] ?? '',
    introductionHtml: renderMarkdown(report.introductions[language] ?? ''),
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    generatedAt: opts.now ?? new Date(),
    siteName: deps.config.siteName,
    baseUrl: deps.config.baseUrl,
    figures: {
      entries: ids.length,
      countries: of('country').length,
      organisations: await countOrganisations(deps.db, ids),
      byKind: kinds,
      byCountry: overall('country', 'country'),
      byRegion: overall('region', 'region', (v) => v.startsWith('itu-')),
      byStakeholder: overall('stakeholder', 'stakeholder-type'),
    },
    lines,
    sdgs,
    crosswalk,
    annex: { count: ids.length, csvUrl: reportCsvUrl(deps.config.baseUrl, report.filters) },
  };
  return { content, ids };
}
