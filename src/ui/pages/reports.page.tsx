import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../../i18n/locales';
import { SECTION_LINES } from '../../modules/reports/reports';
import { Csrf, ErrorSummary, type FieldErrors } from '../forms';

/** A report as the pages show it. */
export interface ReportView {
  id: number;
  title: string;
  periodFrom: string;
  periodTo: string;
  languages: Locale[];
  published: boolean;
  filters: string;
}

/** One version as the pages show it. */
export interface VersionView {
  id: number;
  language: string;
  version: number;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  step: string | null;
  htmlFile: string | null;
  pdfFile: string | null;
  pdfMissing: string | null;
  entries: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const fileUrl = (file: string) => `/reports/files/${file}`;

function languageName(l: string) {
  return LOCALE_INFO[l as Locale]?.name ?? l;
}

/** Links to one version's files, and why a PDF is missing. */
function VersionFiles(p: { i18n: I18n; v: VersionView }) {
  const { t } = p.i18n;
  const lang = LOCALE_INFO[p.v.language as Locale]?.bcp47 ?? p.v.language;
  return (
    <>
      {p.v.htmlFile ? (
        <a href={fileUrl(p.v.htmlFile)} hreflang={lang}>
          {t('reports.html', { version: p.v.version })}
        </a>
      ) : null}
      {p.v.pdfFile ? (
        <>
          {' · '}
          <a href={fileUrl(p.v.pdfFile)} hreflang={lang} type="application/pdf" download>
            {t('reports.pdf', { version: p.v.version })}
          </a>
        </>
      ) : null}
      {p.v.pdfMissing ? <p class="notice">{t(`reports.pdfMissing.${p.v.pdfMissing}` as MessageKey)}</p> : null}
    </>
  );
}

/** Published reports: the public list. */
export function ReportsPage(p: { i18n: I18n; reports: ReportView[]; canManage: boolean }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('reports.title')}</h1>
      <p>{t('reports.intro')}</p>
      {p.canManage ? (
        <p>
          <a href={`/${locale}/admin/reports`}>{t('reports.admin.title')}</a>
        </p>
      ) : null}
      {p.reports.length ? (
        <ul class="reports">
          {p.reports.map((r) => (
            <li>
              <a href={`/${locale}/reports/${r.id}`} dir="auto">
                {r.title}
              </a>{' '}
              — {t('report.period', { from: p.i18n.date(r.periodFrom), to: p.i18n.date(r.periodTo) })}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('reports.none')}</p>
      )}
    </section>
  );
}

/** One published report: per language, its latest version's HTML and PDF, and the earlier versions. */
export function ReportPage(p: { i18n: I18n; report: ReportView; versions: VersionView[] }) {
  const { t, locale } = p.i18n;
  const r = p.report;
  // The reader's language first, then the others the report is made in.
  const languages = [...r.languages].sort((a, b) => Number(b === locale) - Number(a === locale));
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/reports`}>{t('reports.title')}</a>
      </p>
      <h1 dir="auto">{r.title}</h1>
      <p class="meta">{t('report.period', { from: p.i18n.date(r.periodFrom), to: p.i18n.date(r.periodTo) })}</p>
      {languages.map((l) => {
        const mine = p.versions.filter((v) => v.language === l).sort((a, b) => b.version - a.version);
        const [latest, ...earlier] = mine;
        return (
          <section aria-labelledby={`h-lang-${l}`}>
            <h2 id={`h-lang-${l}`} lang={LOCALE_INFO[l].bcp47}>
              {languageName(l)}
            </h2>
            {latest ? (
              <>
                <p>{t('reports.latest', { version: latest.version, date: p.i18n.date(latest.finishedAt ?? latest.createdAt), count: latest.entries ?? 0 })}</p>
                <p>
                  <VersionFiles i18n={p.i18n} v={latest} />
                </p>
                {earlier.length ? (
                  <details>
                    <summary>{t('reports.earlier', { count: earlier.length })}</summary>
                    <ul>
                      {earlier.map((v) => (
                        <li>
                          {p.i18n.date(v.finishedAt ?? v.createdAt)} — <VersionFiles i18n={p.i18n} v={v} />
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </>
            ) : (
              <p>{t('reports.notYet')}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}

/** Every report, for curators. */
export function AdminReportsPage(p: { i18n: I18n; reports: ReportView[] }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('reports.admin.title')}</h1>
      <p>
        <a href={`/${locale}/admin/reports/new`}>{t('reports.new')}</a>
      </p>
      {p.reports.length ? (
        <ul class="reports">
          {p.reports.map((r) => (
            <li>
              <a href={`/${locale}/admin/reports/${r.id}`} dir="auto">
                {r.title}
              </a>{' '}
              — {t('report.period', { from: p.i18n.date(r.periodFrom), to: p.i18n.date(r.periodTo) })} ·{' '}
              {r.published ? t('reports.published') : t('reports.unpublished')}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('reports.none')}</p>
      )}
    </section>
  );
}

/** A report's page for its curators: what it is made of, generation and each version's progress. */
export function AdminReportPage(p: { i18n: I18n; csrf: string; report: ReportView; versions: VersionView[]; notice?: 'requested' | 'saved' | undefined }) {
  const { t, locale } = p.i18n;
  const r = p.report;
  const running = p.versions.some((v) => v.state === 'queued' || v.state === 'running');
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/admin/reports`}>{t('reports.admin.title')}</a>
      </p>
      <h1 dir="auto">{r.title}</h1>
      {p.notice ? (
        <p role="status" class="notice">
          {t(`reports.notice.${p.notice}`)}
        </p>
      ) : null}
      <p class="meta">
        {t('report.period', { from: p.i18n.date(r.periodFrom), to: p.i18n.date(r.periodTo) })} ·{' '}
        {r.published ? <a href={`/${locale}/reports/${r.id}`}>{t('reports.published')}</a> : t('reports.unpublished')} ·{' '}
        {p.i18n.list(r.languages.map(languageName))}
      </p>
      {r.filters ? (
        <p>
          {t('reports.field.filters')}: <code dir="ltr">{r.filters}</code>
        </p>
      ) : null}
      <div class="actions">
        <a href={`/${locale}/admin/reports/${r.id}/edit`}>{t('reports.edit')}</a>
        <form method="post" action={`/${locale}/admin/reports/${r.id}/generate`} class="inline">
          <Csrf token={p.csrf} />
          <button type="submit">{t('reports.generate')}</button>
        </form>
      </div>
      <h2>{t('reports.versions')}</h2>
      {running ? (
        <p role="status">
          {t('reports.running')} <a href={`/${locale}/admin/reports/${r.id}`}>{t('reports.refresh')}</a>
        </p>
      ) : null}
      {p.versions.length ? (
        <table>
          <caption class="visually-hidden">{t('reports.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.language')}</th>
              <th scope="col">{t('reports.version')}</th>
              <th scope="col">{t('reports.state')}</th>
              <th scope="col">{t('reports.files')}</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr>
                <td>{languageName(v.language)}</td>
                <td>{p.i18n.number(v.version)}</td>
                <td>
                  {v.state === 'running' || v.state === 'queued' ? (
                    <>
                      <progress max={100} value={v.progress} aria-label={t('reports.progress', { language: languageName(v.language), version: v.version })}>
                        {v.progress} %
                      </progress>{' '}
                      {t(`reports.state.${v.state}`)} ({p.i18n.number(v.progress)} %)
                    </>
                  ) : v.state === 'done' ? (
                    t('reports.doneIn', { seconds: ((v.durationMs ?? 0) / 1000).toFixed(1), count: v.entries ?? 0 })
                  ) : (
                    t('reports.state.failed')
                  )}
                </td>
                <td>{v.state === 'done' ? <VersionFiles i18n={p.i18n} v={v} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('reports.noVersions')}</p>
      )}
    </section>
  );
}

/** The form to write or change a report (no script needed; comes back 422 with what was typed and each field's error). */
export function ReportFormPage(p: {
  i18n: I18n;
  csrf: string;
  action: string;
  heading: string;
  errors: FieldErrors;
  values: Record<string, string | string[] | undefined>;
  lineLabels: Record<string, string>;
}) {
  const { t } = p.i18n;
  const v = (name: string) => {
    const value = p.values[name];
    return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  };
  const chosen = new Set([p.values.languages ?? []].flat());
  const err = (name: string) => (p.errors[name] ? <p class="error">{p.errors[name]}</p> : null);
  return (
    <section>
      <h1>{p.heading}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={p.action} novalidate>
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>{t('reports.field.languages')}</legend>
          {err('languages')}
          {LOCALES.map((l) => (
            <label class="check">
              <input type="checkbox" name="languages" value={l} checked={chosen.has(l)} id={l === 'ar' ? 'f-languages' : undefined} />{' '}
              <span lang={LOCALE_INFO[l].bcp47}>{LOCALE_INFO[l].name}</span>
            </label>
          ))}
        </fieldset>
        {LOCALES.map((l) => (
          <fieldset lang={LOCALE_INFO[l].bcp47} dir={LOCALE_INFO[l].dir}>
            <legend>{LOCALE_INFO[l].name}</legend>
            <label for={`f-titles-${l}`}>{t('field.title')}</label>
            <input id={`f-titles-${l}`} name={`titles.${l}`} value={v(`titles.${l}`)} maxlength={200} />
            {err(`titles.${l}`)}
            <label for={`f-introductions-${l}`}>{t('reports.field.introduction')}</label>
            <textarea id={`f-introductions-${l}`} name={`introductions.${l}`} rows={5} maxlength={10000}>
              {v(`introductions.${l}`)}
            </textarea>
            {err(`introductions.${l}`)}
          </fieldset>
        ))}
        <label for="f-periodFrom">{t('reports.field.periodFrom')}</label>
        <input id="f-periodFrom" type="date" name="periodFrom" value={v('periodFrom')} />
        {err('periodFrom')}
        <label for="f-periodTo">{t('reports.field.periodTo')}</label>
        <input id="f-periodTo" type="date" name="periodTo" value={v('periodTo')} />
        {err('periodTo')}
        <label for="f-filters">{t('reports.field.filters')}</label>
        <p class="hint" id="h-filters">
          {t('reports.field.filtersHint')}
        </p>
        <input id="f-filters" name="filters" value={v('filters')} maxlength={2000} dir="ltr" aria-describedby="h-filters" />
        {err('filters')}
        <fieldset>
          <legend>{t('reports.field.highlights')}</legend>
          <p class="hint">{t('reports.field.highlightsHint')}</p>
          {SECTION_LINES.map((code) => (
            <>
              <label for={`f-highlights-${code}`}>
                {code.toUpperCase()} {p.lineLabels[code] ?? ''}
              </label>
              <input id={`f-highlights-${code}`} name={`highlights.${code}`} value={v(`highlights.${code}`)} maxlength={200} inputmode="numeric" dir="ltr" />
              {err(`highlights.${code}`)}
            </>
          ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" name="published" value="yes" checked={v('published') === 'yes'} id="f-published" /> {t('reports.field.published')}
        </label>
        <button type="submit">{t('reports.save')}</button>
      </form>
    </section>
  );
}
