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

const byCount = (a: Count, b: Count) => b.count - a.count || a.label.localeCompare(b.label);

/**
 * Everything the report shows in one language, read from the register now: key figures, a section per action
 * line, the SDG counts and the annex. `onStep` is told how far it got (a fraction of the gathering).
 */
export async function gatherReport(
  deps: ReportDataDeps,
  report: ReportRow & { id: number },
  language: Locale,
  opts: { now?: Date; onStep?: (fraction: number) => Promise<void> } = {},
): Promise<ReportContent> {
  const step = opts.onStep ?? (async () => undefined);
  const { taxonomy } = deps;
  const label = (vocabulary: Parameters<Taxonomy['label']>[0], code: string) => taxonomy.label(vocabulary, code, language);
  const ids = await reportEntryIds(deps, report);
  await step(0.25);
  const counts = await facetCounts(deps.db, ids, ['kind', 'country', 'actionLine', 'sdg']);
  const of = (facet: string) => counts.filter((c) => c.facet === facet);
  const cross = await lineCrossCounts(deps.db, ids, ['stakeholder', 'region', 'country']);
  await step(0.45);
  // The trend reads the same search over every year, not only the period: entries by the year they started.
  const lastYear = Number(report.periodTo.slice(0, 4));
  const years = trendYears(lastYear);
  const allIds = await reportEntryIds(deps, { filters: report.filters, periodFrom: '1900-01-01', periodTo: report.periodTo });
  const trendRows = await lineCrossCounts(deps.db, allIds, ['year']);
  await step(0.6);
  const texts = await entryTexts(deps.db, ids, language);
  await step(0.85);
  const entryOf = (t: (typeof texts)[number]): ReportEntry => ({
    id: t.id,
    kind: t.kind,
    title: t.title,
    summary: t.summary,
    language: t.language,
    url: `${deps.config.baseUrl}${entryPath(language, isEntryKind(t.kind) ? t.kind : 'activity', t.id)}`,
  });
  const byId = new Map(texts.map((t) => [t.id, entryOf(t)]));
  const kindLabel = (k: string) => translate(language, `kind.${k}` as MessageKey);
  const collator = new Intl.Collator(language);
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
  const annex = [...byId.values()].sort((a, b) => collator.compare(a.title, b.title) || a.id - b.id);
  await step(1);
  return {
    id: report.id,
    language,
    title: report.titles[language] ?? report.titles.en ?? Object.values(report.titles)[0] ?? '',
    introductionHtml: renderMarkdown(report.introductions[language] ?? ''),
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    generatedAt: opts.now ?? new Date(),
    siteName: deps.config.siteName,
    baseUrl: deps.config.baseUrl,
    figures: { entries: ids.length, countries: of('country').length, organisations: await countOrganisations(deps.db, ids), byKind: kinds },
    lines,
    sdgs,
    annex,
  };
}
