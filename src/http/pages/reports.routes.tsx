import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { LOCALES, type Locale } from '../../i18n/locales';
import { authorize, can } from '../../modules/accounts/policy';
import { SECTION_LINES } from '../../modules/reports/reports';
import { reportInputSchema } from '../../modules/reports/reports.schemas';
import {
  createReport,
  editReport,
  openReportFile,
  publishedReport,
  publishedReports,
  reportForStaff,
  reportsForStaff,
  requestGeneration,
  type reportRow,
} from '../../modules/reports/reports.service';
import { AdminReportPage, AdminReportsPage, ReportFormPage, ReportPage, ReportsPage, type ReportView, type VersionView } from '../../ui/pages/reports.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, many, one, parseWith, readForm, type FormValues } from '../forms';
import { pathId } from '../params';
import { pageQuery } from '../query-params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
const adminQuery = z.object({ notice: z.enum(['requested', 'saved']).optional() });

type Report = ReturnType<typeof reportRow>;

const view = (r: Report, locale: Locale): ReportView => ({
  id: r.id,
  title: inLocale(r.titles, locale),
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  languages: r.languages,
  published: r.published,
  filters: r.filters,
});

const versionView = (
  v: Omit<VersionView, 'state' | 'createdAt' | 'finishedAt'> & { state: string; createdAt: Date | string; finishedAt: Date | string | null },
): VersionView => ({
  ...v,
  state: v.state as VersionView['state'],
  createdAt: new Date(v.createdAt),
  finishedAt: v.finishedAt ? new Date(v.finishedAt) : null,
});

/** The report form's fields as the one input schema reads them. */
function formInput(f: FormValues) {
  const perLanguage = (prefix: string) => Object.fromEntries(LOCALES.map((l) => [l, one(f, `${prefix}.${l}`) ?? '']));
  const highlights = Object.fromEntries(SECTION_LINES.map((code) => [code, one(f, `highlights.${code}`) ?? '']).filter((pair) => Boolean(pair[1]?.trim())));
  return {
    titles: perLanguage('titles'),
    introductions: perLanguage('introductions'),
    periodFrom: one(f, 'periodFrom') ?? '',
    periodTo: one(f, 'periodTo') ?? '',
    filters: one(f, 'filters') ?? '',
    languages: many(f, 'languages'),
    highlights,
    published: one(f, 'published') === 'yes',
  };
}

/** A stored report as the form's values. */
function formValues(r: Report): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    filters: r.filters,
    languages: r.languages,
    published: r.published ? 'yes' : '',
  };
  for (const l of LOCALES) {
    out[`titles.${l}`] = r.titles[l] ?? '';
    out[`introductions.${l}`] = r.introductions[l] ?? '';
  }
  for (const [code, ids] of Object.entries(r.highlights)) out[`highlights.${code}`] = ids.join(', ');
  return out;
}

/** Public pages of published reports change when a generation finishes in the background: never kept by a cache. */
const fresh = (c: Context<AppEnv>) => c.header('cache-control', 'no-cache');

/** The yearly report: curators write and generate it; published reports and their files are public. */
export function reportRoutes() {
  const r = new Hono<AppEnv>();
  const lineLabels = (c: Context<AppEnv>) =>
    Object.fromEntries(SECTION_LINES.map((code) => [code, c.get('deps').taxonomy.label('action-line', code, c.get('locale'))]));
  const form = (
    c: Context<AppEnv>,
    heading: string,
    action: string,
    values: Record<string, string | string[] | undefined>,
    errors = {},
    status: 200 | 401 | 409 | 422 | 429 | 400 = 200,
  ) => {
    const i18n = i18nFor(c.get('locale'));
    return localePage(
      c,
      heading,
      <ReportFormPage i18n={i18n} csrf={c.get('csrfToken')} action={action} heading={heading} errors={errors} values={values} lineLabels={lineLabels(c)} />,
      status,
    );
  };

  r.get(`${L}/reports`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const reports = (await publishedReports(c.get('deps'))).map((x) => view(x, locale));
    fresh(c);
    return localePage(c, i18n.t('reports.title'), <ReportsPage i18n={i18n} reports={reports} canManage={can(c.get('actor'), 'report.manage')} />);
  });

  r.get(`${L}/reports/:id`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const { report, versions } = await publishedReport(c.get('deps'), pathId(c));
    fresh(c);
    const v = view(report, locale);
    return localePage(c, v.title, <ReportPage i18n={i18n} report={v} versions={versions.map(versionView)} />);
  });

  // Only a name of the report pattern that a finished version recorded is served; an unpublished report's files only to curators.
  r.get('/reports/files/:file', async (c) => {
    const file = await openReportFile(c.get('deps'), c.get('actor'), c.req.param('file'));
    const headers: Record<string, string> = {
      'content-type': file.type === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
      'content-length': String(file.size),
      'x-content-type-options': 'nosniff',
      // A version's file never changes (a new generation is a new version, with another name); a draft's is for curators only.
      'cache-control': file.published ? 'public, max-age=31536000, immutable' : 'private, no-store',
    };
    if (file.type === 'pdf') headers['content-disposition'] = `inline; filename="${file.file}"`;
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(Readable.toWeb(file.open()) as ReadableStream<Uint8Array>, 200, headers);
  });

  r.get(`${L}/admin/reports`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const reports = (await reportsForStaff(c.get('deps'), requireActor(c))).map((x) => view(x, locale));
    return localePage(c, i18n.t('reports.admin.title'), <AdminReportsPage i18n={i18n} reports={reports} />);
  });

  r.get(`${L}/admin/reports/new`, (c) => {
    authorize(requireActor(c), 'report.manage');
    const year = new Date().getUTCFullYear();
    return form(c, i18nFor(c.get('locale')).t('reports.new'), `/${c.get('locale')}/admin/reports`, {
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
      languages: [...LOCALES],
    });
  });

  r.post(`${L}/admin/reports`, async (c) => {
    const locale = c.get('locale');
    authorize(requireActor(c), 'report.manage');
    const f = await readForm(c);
    try {
      const id = await createReport(c.get('deps'), c.get('actor'), parseWith(reportInputSchema, formInput(f)));
      return c.redirect(`/${locale}/admin/reports/${id}?notice=saved`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return form(c, i18nFor(locale).t('reports.new'), `/${locale}/admin/reports`, f, fieldErrors(locale, e.details), formStatus(e));
    }
  });

  r.get(`${L}/admin/reports/:id`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const { notice } = pageQuery(c, adminQuery, [], { transient: ['notice'] });
    const { report, versions } = await reportForStaff(c.get('deps'), requireActor(c), pathId(c));
    const shown = versions.map(versionView);
    // While a version is being made the page reloads itself (no script): the stored progress moves.
    if (shown.some((v) => v.state === 'queued' || v.state === 'running')) c.header('refresh', '3');
    const v = view(report, locale);
    return localePage(c, v.title, <AdminReportPage i18n={i18n} csrf={c.get('csrfToken')} report={v} versions={shown} notice={notice} />);
  });

  r.get(`${L}/admin/reports/:id/edit`, async (c) => {
    const locale = c.get('locale');
    const { report } = await reportForStaff(c.get('deps'), requireActor(c), pathId(c));
    return form(c, i18nFor(locale).t('reports.edit'), `/${locale}/admin/reports/${report.id}`, formValues(report));
  });

  r.post(`${L}/admin/reports/:id`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    await reportForStaff(c.get('deps'), requireActor(c), id);
    const f = await readForm(c);
    try {
      await editReport(c.get('deps'), c.get('actor'), id, parseWith(reportInputSchema, formInput(f)));
      return c.redirect(`/${locale}/admin/reports/${id}?notice=saved`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return form(c, i18nFor(locale).t('reports.edit'), `/${locale}/admin/reports/${id}`, f, fieldErrors(locale, e.details), formStatus(e));
    }
  });

  r.post(`${L}/admin/reports/:id/generate`, async (c) => {
    const id = pathId(c);
    await requestGeneration(c.get('deps'), c.get('actor'), id);
    return c.redirect(`/${c.get('locale')}/admin/reports/${id}?notice=requested`, 303);
  });

  return r;
}
