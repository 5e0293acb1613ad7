import { entryPath, ENTRY_KINDS } from '../../modules/entries/entries';
import { inLocale, type I18n, type MessageKey } from '../../i18n/i18n';
import type { Actor } from '../../modules/accounts/accounts';
import type { Entry } from '../../modules/entries/entry';
import { pickTranslation } from '../../modules/entries/entry';
import { stepOf, stepsOf } from '../../modules/submissions/submissions.rules';
import type { SubmissionView } from '../../modules/submissions/drafts.service';
import { fieldLabel } from '../../modules/submissions/field-labels';
import { MAX_REPLY_CHARS } from '../../modules/submissions/submissions.schemas';
import { Csrf, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../forms';

type Row = { id: number; status: string; title: string; organisation: string; updatedAt: Date; entryId: number | null };

export function StatusBadge(p: { i18n: I18n; status: string }) {
  return <span class={`badge status-${p.status}`}>{p.i18n.t(`submissionStatus.${p.status}` as MessageKey)}</span>;
}

/** A contributor's desk: their organisations, submissions in progress, and their published entries. */
export function ContributePage(p: {
  i18n: I18n;
  csrf: string;
  actor: Actor;
  submissions: Row[];
  entries: Entry[];
  openCalls: Array<{ id: number; title: string; closesAt: Date }>;
}) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('contribute.title')}</h1>
      {p.actor.status !== 'active' ? (
        <p class="notice" role="status">
          {t('account.pendingNotice')}
        </p>
      ) : null}
      {p.openCalls.length ? (
        <div class="notice">
          <h2>{t('calls.open')}</h2>
          <ul>
            {p.openCalls.map((call) => (
              <li>
                <a href={`/${locale}/calls/${call.id}`}>{call.title}</a> — {t('calls.deadline', { date: p.i18n.date(call.closesAt) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <h2>{t('contribute.new')}</h2>
      {p.actor.memberships.length ? (
        <Form action={`/${locale}/contribute/submissions`} csrf={p.csrf}>
          <SelectField i18n={p.i18n} name="kind" label={t('contribute.kind')} options={ENTRY_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          <SelectField
            i18n={p.i18n}
            name="organisationId"
            label={t('contribute.forOrganisation')}
            options={p.actor.memberships.map((m) => ({ value: String(m.organisationId), label: m.organisationName }))}
          />
          <button type="submit">{t('contribute.start')}</button>
        </Form>
      ) : (
        <p>
          {t('contribute.needOrganisation')} <a href={`/${locale}/organisations/new`}>{t('organisation.create')}</a> ·{' '}
          <a href={`/${locale}/organisations`}>{t('organisation.join')}</a>
        </p>
      )}
      <h2>{t('contribute.submissions')}</h2>
      {p.submissions.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field.title')}</th>
              <th scope="col">{t('contribute.organisation')}</th>
              <th scope="col">{t('contribute.status')}</th>
              <th scope="col">{t('contribute.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {p.submissions.map((s) => (
              <tr>
                <td>
                  <a href={`/${locale}/contribute/submissions/${s.id}`} dir="auto">
                    {s.title}
                  </a>
                  {s.entryId ? ` (${t('contribute.update')})` : ''}
                </td>
                <td>{s.organisation}</td>
                <td>
                  <StatusBadge i18n={p.i18n} status={s.status} />
                </td>
                <td>{p.i18n.date(s.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('contribute.noSubmissions')}</p>
      )}
      <h2>{t('contribute.entries')}</h2>
      {p.entries.length ? (
        <ul class="entries">
          {p.entries.map((a) => (
            <li>
              <a href={entryPath(locale, a.kind, a.id)} dir="auto">
                {pickTranslation(a, locale).text.title}
              </a>{' '}
              — {a.lastConfirmedAt ? t('activity.lastConfirmed', { date: p.i18n.date(a.lastConfirmedAt) }) : t('contribute.neverConfirmed')}{' '}
              <a href={`${entryPath(locale, a.kind, a.id)}/history`}>{t('history.title')}</a>
              <form method="post" action={`/${locale}/contribute/submissions`} class="inline">
                <Csrf token={p.csrf} />
                <input type="hidden" name="entryId" value={String(a.id)} />
                <button type="submit" class="link">
                  {t('contribute.edit')}
                </button>
              </form>
              <form method="post" action={`${entryPath(locale, a.kind, a.id)}/confirm`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="link">
                  {t('contribute.confirm')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('contribute.noEntries')}</p>
      )}
    </section>
  );
}

/** A submission's status: what blocks it, what the curators asked for, the exchange, and similar entries. */
export function SubmissionPage(p: {
  i18n: I18n;
  csrf: string;
  view: SubmissionView;
  problems: FieldErrors;
  duplicates: Array<{ activity: Entry; reason: string }>;
  canEdit: boolean;
  /** The reply form's problem and what was typed, when a reply was refused. */
  reply?: { errors: FieldErrors; message: string } | undefined;
}) {
  const { t, locale } = p.i18n;
  const v = p.view;
  const problemStep = (field: string) => stepOf(field, v.data.kind);
  const base = `/${locale}/contribute/submissions/${v.id}`;
  const original = v.data.originalLanguage;
  const title = (original && v.data.translations[original]?.title) || t('contribute.untitled');
  const comments = Object.entries(v.fieldComments ?? {});
  const editable = p.canEdit && (v.status === 'draft' || v.status === 'changes_requested');
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/contribute`}>{t('contribute.title')}</a>
      </p>
      <h1 dir="auto">{title}</h1>
      <p>
        <StatusBadge i18n={p.i18n} status={v.status} /> · {v.organisation.name}
        {v.entryId ? (
          <>
            {' · '}
            <a href={entryPath(locale, v.data.kind, v.entryId)}>{t('contribute.publicVersion')}</a>
          </>
        ) : null}
      </p>
      {v.call ? <p>{t('contribute.underCall', { call: inLocale(v.call.titles, locale) })}</p> : null}
      {comments.length && v.status === 'changes_requested' ? (
        <div class="curator-comments" role="region" aria-label={t('review.requested')}>
          <h2>{t('review.requested')}</h2>
          <ul>
            {comments.map(([field, text]) => (
              <li>
                <a href={`${base}/${problemStep(field)}#f-${field.replace(/\./g, '-')}`}>{fieldLabel(field, v.data.kind, p.i18n)}</a>:{' '}
                <span dir="auto">{text}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {editable ? (
        <>
          <h2>{t('contribute.steps')}</h2>
          <ol>
            {stepsOf(v.data.kind).map((s) => (
              <li>
                <a href={`${base}/${s.id}`}>{t(`step.${s.id}` as MessageKey)}</a>
              </li>
            ))}
          </ol>
          {Object.keys(p.problems).length ? (
            <div class="problems">
              <h2>{t('contribute.beforeSubmitting')}</h2>
              <ul>
                {Object.entries(p.problems).map(([field, message]) => (
                  <li>
                    <a href={`${base}/${problemStep(field)}#f-${field.replace(/\./g, '-')}`}>{message}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p class="notice">{t('contribute.ready')}</p>
          )}
          <Form action={`${base}/submit`} csrf={p.csrf}>
            <button type="submit" disabled={Object.keys(p.problems).length > 0}>
              {v.status === 'changes_requested' ? t('contribute.resubmit') : t('contribute.submit')}
            </button>
          </Form>
        </>
      ) : null}
      {p.duplicates.length ? (
        <div class="duplicates">
          <h2>{t('duplicates.title')}</h2>
          <ul>
            {p.duplicates.map((d) => (
              <li>
                <a href={entryPath(locale, d.activity.kind, d.activity.id)} dir="auto">
                  {pickTranslation(d.activity, locale).text.title}
                </a>{' '}
                ({t(`duplicates.reason.${d.reason}` as MessageKey)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Thread
        i18n={p.i18n}
        thread={v.thread}
        reply={p.canEdit && v.status !== 'draft' ? { action: `${base}/reply`, csrf: p.csrf, ...(p.reply ?? { errors: {}, message: '' }) } : undefined}
      />
    </section>
  );
}

/** The exchange between a submission's author and the curators; with a form to answer them when the reader may. */
export function Thread(p: {
  i18n: I18n;
  thread: SubmissionView['thread'];
  reply?: { action: string; csrf: string; errors: FieldErrors; message: string } | undefined;
}) {
  const { t } = p.i18n;
  if (!p.thread.length && !p.reply) return null;
  return (
    <section class="thread" aria-labelledby="thread-h">
      <h2 id="thread-h">{t('thread.title')}</h2>
      <ol>
        {p.thread.map((m) => (
          <li>
            <p>
              <strong>{t(`thread.${m.kind}` as MessageKey)}</strong> — {m.author ?? '—'}, {p.i18n.date(m.createdAt)}
            </p>
            {m.body ? <p dir="auto">{m.body}</p> : null}
            {m.fieldComments ? (
              <ul>
                {Object.entries(m.fieldComments as Record<string, string>)
                  .filter(([, v]) => v)
                  .map(([f, c]) => (
                    <li>
                      {t(`field.${f}` as MessageKey)}: <span dir="auto">{c}</span>
                    </li>
                  ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {p.reply ? (
        <Form action={p.reply.action} csrf={p.reply.csrf} id="thread-reply" class="thread-reply">
          <ErrorSummary i18n={p.i18n} errors={p.reply.errors} />
          <Field
            i18n={p.i18n}
            name="message"
            label={t('thread.replyLabel')}
            hint={t('thread.replyHint', { max: MAX_REPLY_CHARS })}
            type="textarea"
            rows={5}
            required
            maxlength={MAX_REPLY_CHARS}
            value={p.reply.message}
            errors={p.reply.errors}
          />
          <button type="submit">{t('thread.replySend')}</button>
        </Form>
      ) : null}
    </section>
  );
}
