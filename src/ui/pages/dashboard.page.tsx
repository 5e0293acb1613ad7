import type { I18n, MessageKey } from '../../i18n/i18n';
import type { ChartData, ChartName } from '../../modules/dashboard/dashboard';
import type { DashboardQuery } from '../../modules/dashboard/dashboard.schemas';
import { FILTERS } from '../../modules/entries/entry';
import { facetValueLabel } from '../../modules/entries/entry.labels';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { BarChart, describeChart, type BarChartRow } from '../bar-chart';
import { actionLineCode, actionLineShortLabel, SDG_COLOURS } from '../identity';
import { searchUrl } from '../search-url';

export interface DashboardPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  query: DashboardQuery;
  total: number;
  charts: ChartData[];
}

/** What each chart counts, said under its title (none where the title says it all). */
const NOTES: Partial<Record<ChartName, MessageKey>> = {
  started: 'dashboard.note.started',
  registered: 'dashboard.note.registered',
  actionLine: 'dashboard.note.several',
  sdg: 'dashboard.note.several',
  region: 'dashboard.note.several',
  m49: 'dashboard.note.m49',
  stakeholder: 'dashboard.note.several',
  status: 'dashboard.note.status',
};

/** A dashboard's address for the same query (`dashboard` or one chart's `dashboard.csv`). */
export function dashboardUrl(locale: string, query: Partial<DashboardQuery>, chart?: ChartName): string {
  const search = searchUrl(locale as I18n['locale'], query, {}, chart ? 'dashboard.csv' : 'dashboard');
  if (!chart) return search;
  return `${search}${search.includes('?') ? '&' : '?'}chart=${chart}`;
}

/** A chart's bars as drawn: SDGs in their colours, action lines and goals with their short names. */
function barRows(p: DashboardPageProps, chart: ChartData): BarChartRow[] {
  return chart.rows.map((r) => {
    if (chart.name === 'sdg') return { ...r, colour: SDG_COLOURS[r.code], short: `${r.code} · ${r.label}` };
    if (chart.name === 'actionLine') return { ...r, short: `${actionLineCode(r.code)} · ${actionLineShortLabel(p.i18n, p.taxonomy, r.code)}` };
    return r;
  });
}

/** The search a dashboard is of, in words: its text and each filter's values. */
function QuerySummary(p: DashboardPageProps) {
  const { t, locale } = p.i18n;
  const values = FILTERS.flatMap((f) => p.query[f].map((v) => (f === 'target' ? v : facetValueLabel(p.taxonomy, f, v, locale))));
  if (!p.query.q && values.length === 0) return <p>{t('dashboard.whole')}</p>;
  return (
    <ul class="dashboard-query">
      {p.query.q ? (
        <li>
          {t('dashboard.text')} <q dir="auto">{p.query.q}</q>
        </li>
      ) : null}
      {values.length ? <li>{t('dashboard.filters', { list: p.i18n.list(values) })}</li> : null}
    </ul>
  );
}

/** Charts of any search: its counts by year, action line, SDG, region, stakeholder type, kind and status. */
export function DashboardPage(p: DashboardPageProps) {
  const { t, locale } = p.i18n;
  return (
    <div class="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <p class="dashboard-total">{t('dashboard.matches', { count: p.total })}</p>
      <QuerySummary {...p} />
      <p>
        <a href={searchUrl(locale, p.query)}>{t('dashboard.toSearch')}</a>
      </p>
      <p class="help">{t('dashboard.intro')}</p>
      <div class="chart-grid">
        {p.charts.map((chart) => {
          const rows = barRows(p, chart);
          const note = NOTES[chart.name];
          return (
            <BarChart
              id={`chart-${chart.name}`}
              title={t(`dashboard.chart.${chart.name}`)}
              description={describeChart(p.i18n, rows, note ? t(note) : undefined)}
              rows={rows}
              i18n={p.i18n}
              csvHref={dashboardUrl(locale, p.query, chart.name)}
            />
          );
        })}
      </div>
    </div>
  );
}
