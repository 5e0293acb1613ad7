import { Hono } from 'hono';
import { i18nFor } from '../../i18n/i18n';
import { chartCsv, chartCsvFileName } from '../../modules/dashboard/dashboard';
import { dashboardCsvQuerySchema, dashboardQuerySchema } from '../../modules/dashboard/dashboard.schemas';
import { readChart, readDashboard } from '../../modules/dashboard/dashboard.service';
import { FILTERS } from '../../modules/entries/entry';
import { DashboardPage } from '../../ui/pages/dashboard.page';
import type { AppEnv } from '../context';
import { pageQuery } from '../query-params';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/**
 * Dashboards of any search (`/{locale}/dashboard?…`, the search page's query) and each chart's numbers as CSV
 * (`/{locale}/dashboard.csv?chart=sdg&…`). Public: a visitor's page is kept by the response cache like the search's.
 */
export function dashboardRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/dashboard`, async (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const query = pageQuery(c, dashboardQuerySchema, FILTERS);
    const dashboard = await readDashboard(deps, query, locale);
    const i18n = i18nFor(locale);
    const title = query.q ? `${i18n.t('dashboard.title')}: ${query.q}` : i18n.t('dashboard.title');
    return localePage(c, title, <DashboardPage i18n={i18n} taxonomy={deps.taxonomy} query={query} {...dashboard} />);
  });

  r.get(`${L}/dashboard.csv`, async (c) => {
    const locale = c.get('locale');
    const { chart, ...query } = pageQuery(c, dashboardCsvQuerySchema, FILTERS);
    const data = await readChart(c.get('deps'), query, chart, locale);
    return c.body(chartCsv(data), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${chartCsvFileName(chart)}"`,
    });
  });

  return r;
}
