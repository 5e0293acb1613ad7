import type { I18n, MessageKey } from '../../i18n/i18n';
import { entryPath, type EntryKind } from '../../modules/entries/entries';
import type { FieldDiff } from '../../modules/submissions/revisions';
import { Csrf, Field, Form } from '../forms';
import { FieldDiffList } from '../field-diff';
import { fieldLabel } from '../../modules/submissions/field-labels';

type HistoryRow = {
  entityId: number;
  number: number;
  changedFields: string[];
  source: string;
  reason: string | null;
  createdAt: Date;
  author: string | null;
  approver: string | null;
};

/** Every revision of an entry, a form to compare two, and the actions owners and curators may take. */
export function HistoryPage(p: {
  i18n: I18n;
  csrf: string;
  entryId: number;
  kind: EntryKind;
  title: string;
  state: string;
  revisions: HistoryRow[];
  pending: { id: number } | null;
  canRestore: boolean;
  isCurator: boolean;
}) {
  const { t, locale } = p.i18n;
  const own = p.revisions.filter((r) => r.entityId === p.entryId);
  const base = entryPath(locale, p.kind, p.entryId);
  return (
    <section>
      <p class="breadcrumb">
        <a href={base}>{p.title}</a>
      </p>
      <h1>{t('history.title')}</h1>
      {p.state === 'archived' ? <p class="notice">{t('history.archived')}</p> : null}
      {p.pending ? (
        <p class="notice">
          {t('history.pending')} <a href={`/${locale}/contribute/submissions/${p.pending.id}`}>{t('history.seePending')}</a>
        </p>
      ) : null}
      {own.length >= 2 ? (
        <form method="get" action={`${base}/diff`} class="compare">
          <label for="from">{t('history.from')}</label>
          <select id="from" name="from">
            {own.map((r, i) => (
              <option value={String(r.number)} selected={i === 1}>
                #{r.number}
              </option>
            ))}
          </select>
          <label for="to">{t('history.to')}</label>
          <select id="to" name="to">
            {own.map((r, i) => (
              <option value={String(r.number)} selected={i === 0}>
                #{r.number}
              </option>
            ))}
          </select>
          <button type="submit">{t('history.compare')}</button>
        </form>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('history.when')}</th>
            <th scope="col">{t('history.who')}</th>
            <th scope="col">{t('history.what')}</th>
            <th scope="col">{t('history.why')}</th>
            {p.canRestore ? <th scope="col">{t('history.restore')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.revisions.map((r) => (
            <tr>
              <td>
                {r.entityId === p.entryId ? `#${r.number}` : `#${r.entityId}/${r.number}`} {t(`revisionSource.${r.source}` as MessageKey)}
              </td>
              <td>{p.i18n.date(r.createdAt)}</td>
              <td>
                {[r.author, r.approver && r.approver !== r.author ? `${t('history.approvedBy')} ${r.approver}` : null].filter(Boolean).join(' · ') || '—'}
              </td>
              <td>{p.i18n.list(r.changedFields.map((f) => fieldLabel(f, p.kind, p.i18n)))}</td>
              <td dir="auto">{r.reason ?? ''}</td>
              {p.canRestore ? (
                <td>
                  {r.entityId === p.entryId ? (
                    <form method="post" action={`${base}/restore`}>
                      <Csrf token={p.csrf} />
                      <input type="hidden" name="revision" value={String(r.number)} />
                      <label for={`reason-${r.number}`} class="visually-hidden">
                        {t('history.why')}
                      </label>
                      <input id={`reason-${r.number}`} name="reason" required maxlength={1000} placeholder={t('history.reasonPlaceholder')} />
                      <button type="submit" class="secondary">
                        {t('history.restoreThis', { n: r.number })}
                      </button>
                    </form>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {p.isCurator && p.state === 'published' ? (
        <>
          <h2>{t('history.archive')}</h2>
          <Form action={`${base}/archive`} csrf={p.csrf}>
            <Field i18n={p.i18n} name="reason" label={t('history.why')} required maxlength={1000} />
            <button type="submit" class="secondary">
              {t('history.archive')}
            </button>
          </Form>
          <h2>{t('history.merge')}</h2>
          <Form action={`${base}/merge`} csrf={p.csrf}>
            <Field i18n={p.i18n} name="mergeId" label={t('history.mergeId')} hint={t('history.mergeHint')} required />
            <Field i18n={p.i18n} name="reason" label={t('history.why')} required maxlength={1000} />
            <button type="submit" class="secondary">
              {t('history.merge')}
            </button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function DiffPage(p: { i18n: I18n; entryId: number; kind: EntryKind; from: number; to: number; diff: FieldDiff[] }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`${entryPath(locale, p.kind, p.entryId)}/history`}>{t('history.title')}</a>
      </p>
      <h1>{t('history.diffTitle', { from: p.from, to: p.to })}</h1>
      {p.diff.length === 0 ? <p>{t('history.noDifference')}</p> : null}
      <FieldDiffList i18n={p.i18n} kind={p.kind} diff={p.diff} />
    </section>
  );
}
