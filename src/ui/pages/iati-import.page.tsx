import type { I18n, MessageKey } from '../../i18n/i18n';
import type { IatiActivityReport, IatiImportSummary } from '../../modules/iati/iati.import';
import { IATI_NOTES, IATI_REASONS, type IatiIssue } from '../../modules/iati/iati.mapping';
import { Csrf } from '../forms';
import { AdminNav } from './admin.page';

/** A reason or note in the reader's language (a code the catalogs do not know is shown as it is). */
function issueText(i18n: I18n, kind: 'reason' | 'note', issue: IatiIssue): string {
  const known: readonly string[] = kind === 'reason' ? IATI_REASONS : IATI_NOTES;
  return known.includes(issue.code) ? i18n.t(`iatiImport.${kind}.${issue.code}` as MessageKey, issue.params) : issue.code;
}

/** The administrator's IATI upload: the form, and after an upload the report of every activity. */
export function IatiImportPage(p: {
  i18n: I18n;
  csrf: string;
  maxBytes: number;
  /** Why the upload was refused before any activity was read (no file, an empty one). */
  error?: string;
  result?: { name: string; summary: IatiImportSummary; reports: IatiActivityReport[] };
}) {
  const { t, locale } = p.i18n;
  const r = p.result;
  return (
    <section>
      <AdminNav i18n={p.i18n} />
      <h1>{t('iatiImport.title')}</h1>
      <p>{t('iatiImport.intro')}</p>
      <form method="post" action={`/${locale}/admin/import`} enctype="multipart/form-data" class={`field${p.error ? ' has-error' : ''}`}>
        <Csrf token={p.csrf} />
        <label for="file">{t('iatiImport.file')}</label>
        <p class="hint" id="file-hint">
          {t('iatiImport.fileHint', { size: p.i18n.number(Math.round(p.maxBytes / (1024 * 1024))) })}
        </p>
        {p.error ? (
          <p class="error" id="file-error">
            {p.error}
          </p>
        ) : null}
        <input
          type="file"
          id="file"
          name="file"
          accept=".xml,application/xml,text/xml"
          required
          aria-describedby={p.error ? 'file-hint file-error' : 'file-hint'}
        />
        <div class="actions">
          <button type="submit">{t('iatiImport.submit')}</button>
        </div>
      </form>
      {r ? (
        <section aria-labelledby="iati-report" role="status">
          <h2 id="iati-report" dir="auto">
            {t('iatiImport.reportTitle', { name: r.name || '—' })}
          </h2>
          <p>
            {t('iatiImport.summary', {
              activities: r.summary.activities,
              created: r.summary.created,
              updated: r.summary.updated,
              unchanged: r.summary.unchanged,
              refused: r.summary.refused,
            })}
          </p>
          {r.summary.fileProblem ? (
            <p class="error">
              {t(`iatiImport.file.${r.summary.fileProblem.code}` as MessageKey)}
              {r.summary.fileProblem.line ? ` ${t('iatiImport.atLine', { line: r.summary.fileProblem.line })}` : ''}
            </p>
          ) : null}
          {r.reports.length < r.summary.activities ? <p>{t('iatiImport.shown', { shown: r.reports.length, total: r.summary.activities })}</p> : null}
          <ol class="iati-report">
            {r.reports.map((a) => (
              <li value={String(a.index)}>
                <strong>{t(`iatiImport.outcome.${a.outcome}` as MessageKey)}</strong>{' '}
                {a.id && a.outcome !== 'refused' ? <a href={`/${locale}/activities/${a.id}`}>{a.identifier}</a> : <span dir="auto">{a.identifier ?? '—'}</span>}
                {a.title ? (
                  <>
                    {' · '}
                    <span dir="auto">{a.title}</span>
                  </>
                ) : null}
                {a.reasons.length || a.notes.length ? (
                  <ul>
                    {a.reasons.map((x) => (
                      <li class="error">{issueText(p.i18n, 'reason', x)}</li>
                    ))}
                    {a.notes.map((x) => (
                      <li>{issueText(p.i18n, 'note', x)}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </section>
  );
}
