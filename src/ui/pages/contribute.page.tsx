import { ENTRY_KINDS } from '../../modules/entries/entries';
import { inLocale, type I18n, type MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, isLocale } from '../../i18n/locales';
import type { Actor } from '../../modules/accounts/accounts';
import type { Entry } from '../../modules/entries/entry';
import { pickTranslation } from '../../modules/entries/entry';
import { stepOf, stepsOf } from '../../modules/submissions/submissions.rules';
import type { SubmissionView } from '../../modules/submissions/drafts.service';
import type { FieldDiff } from '../../modules/submissions/revisions';
import { STAKEHOLDER_TYPES } from '../../modules/entries/entry';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { Csrf, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../forms';

type Row = { id: number; status: string; title: string; organisation: string; updatedAt: Date; entryId: number | null };

export function StatusBadge(p: { i18n: I18n; status: string }) {
  return <span class={`badge status-${p.status}`}>{p.i18n.t(`submissionStatus.${p.status}` as MessageKey)}</span>;
}

/** A contributor's desk: their organisations, submissions in progress, and their published entries. */
export function ContributePage(p: { i18n: I18n; csrf: string; actor: Actor; submissions: Row[]; entries: Entry[]; openCalls: Array<{ id: number; title: string; closesAt: Date }> }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('contribute.title')}</h1>
      {p.actor.status !== 'active' ? <p class="notice" role="status">{t('account.pendingNotice')}</p> : null}
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
          <SelectField i18n={p.i18n} name="organisationId" label={t('contribute.forOrganisation')} options={p.actor.memberships.map((m) => ({ value: String(m.organisationId), label: m.organisationName }))} />
          <button type="submit">{t('contribute.start')}</button>
        </Form>
      ) : (
        <p>
          {t('contribute.needOrganisation')} <a href={`/${locale}/organisations/new`}>{t('organisation.create')}</a> · <a href={`/${locale}/organisations`}>{t('organisation.join')}</a>
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
              <a href={`/${locale}/activities/${a.id}`} dir="auto">
                {pickTranslation(a, locale).text.title}
              </a>{' '}
              — {a.lastConfirmedAt ? t('activity.lastConfirmed', { date: p.i18n.date(a.lastConfirmedAt) }) : t('contribute.neverConfirmed')}{' '}
              <a href={`/${locale}/activities/${a.id}/history`}>{t('history.title')}</a>
              <form method="post" action={`/${locale}/contribute/submissions`} class="inline">
                <Csrf token={p.csrf} />
                <input type="hidden" name="entryId" value={String(a.id)} />
                <button type="submit" class="link">{t('contribute.edit')}</button>
              </form>
              <form method="post" action={`/${locale}/activities/${a.id}/confirm`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="link">{t('contribute.confirm')}</button>
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
export function SubmissionPage(p: { i18n: I18n; csrf: string; view: SubmissionView; problems: FieldErrors; duplicates: Array<{ activity: Entry; reason: string }>; canEdit: boolean }) {
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
            <a href={`/${locale}/activities/${v.entryId}`}>{t('contribute.publicVersion')}</a>
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
                <a href={`${base}/${problemStep(field)}#f-${field.replace(/\./g, '-')}`}>{t(`field.${field}` as MessageKey)}</a>: <span dir="auto">{text}</span>
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
                <a href={`/${locale}/activities/${d.activity.id}`} dir="auto">
                  {pickTranslation(d.activity, locale).text.title}
                </a>{' '}
                ({t(`duplicates.reason.${d.reason}` as MessageKey)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Thread i18n={p.i18n} thread={v.thread} />
    </section>
  );
}

export function Thread(p: { i18n: I18n; thread: SubmissionView['thread'] }) {
  const { t } = p.i18n;
  if (!p.thread.length) return null;
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
                {Object.entries(m.fieldComments as Record<string, string>).filter(([, v]) => v).map(([f, c]) => (
                  <li>
                    {t(`field.${f}` as MessageKey)}: <span dir="auto">{c}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function OrganisationFormPage(p: { i18n: I18n; taxonomy: Taxonomy; csrf: string; errors: FieldErrors; values: Record<string, string | undefined> }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('organisation.create')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <Form action={`/${locale}/organisations`} csrf={p.csrf}>
        <Field i18n={p.i18n} errors={p.errors} name="name" label={t('field.name')} value={p.values.name} required maxlength={300} />
        <SelectField i18n={p.i18n} errors={p.errors} name="stakeholderType" label={t('field.stakeholderType')} value={p.values.stakeholderType} empty required options={STAKEHOLDER_TYPES.map((s) => ({ value: s, label: p.taxonomy.label('stakeholder-type', s, locale) }))} />
        <SelectField i18n={p.i18n} errors={p.errors} name="country" label={t('field.country')} value={p.values.country} empty options={p.taxonomy.terms('country').map((c) => ({ value: c.code, label: p.taxonomy.label('country', c.code, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale))} />
        <Field i18n={p.i18n} errors={p.errors} name="website" type="url" label={t('field.website')} value={p.values.website} />
        <button type="submit">{t('organisation.create')}</button>
      </Form>
    </section>
  );
}

export function OrganisationsPage(p: { i18n: I18n; csrf: string; q: string; organisations: Array<{ id: number; name: string }>; signedIn: boolean }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('organisation.list')}</h1>
      <form method="get" action={`/${locale}/organisations`} role="search">
        <label for="org-q">{t('organisation.find')}</label> <input id="org-q" name="q" value={p.q} /> <button type="submit">{t('search.submit')}</button>
      </form>
      <ul>
        {p.organisations.map((o) => (
          <li>
            <a href={`/${locale}/organisations/${o.id}`}>{o.name}</a>
            {p.signedIn ? (
              <form method="post" action={`/${locale}/organisations/${o.id}/join`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="link">{t('organisation.askToJoin')}</button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function OrganisationPage(p: {
  i18n: I18n;
  csrf: string;
  org: { id: number; name: string; website: string | null; members: Array<{ userId: number; role: string; status: string; displayName: string }> };
  canManage: boolean;
}) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{p.org.name}</h1>
      {p.org.website ? (
        <p>
          <a href={p.org.website} rel="nofollow noopener">
            {p.org.website}
          </a>
        </p>
      ) : null}
      <h2>{t('organisation.members')}</h2>
      <ul>
        {p.org.members.map((m) => (
          <li>
            {m.displayName} — {t(`memberRole.${m.role}` as MessageKey)}
            {m.status === 'pending' ? ` (${t('organisation.pending')})` : ''}
            {p.canManage && m.status === 'pending' ? (
              <>
                {(['approve', 'decline'] as const).map((d) => (
                  <form method="post" action={`/${locale}/organisations/${p.org.id}/members`} class="inline">
                    <Csrf token={p.csrf} />
                    <input type="hidden" name="userId" value={String(m.userId)} />
                    <button type="submit" name="decision" value={d} class="link">
                      {t(`organisation.${d}`)}
                    </button>
                  </form>
                ))}
              </>
            ) : null}
            {p.canManage && m.status === 'active' && m.role === 'member' ? (
              <form method="post" action={`/${locale}/organisations/${p.org.id}/members`} class="inline">
                <Csrf token={p.csrf} />
                <input type="hidden" name="userId" value={String(m.userId)} />
                <button type="submit" name="decision" value="make_editor" class="link">
                  {t('organisation.makeEditor')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

type HistoryRow = { entityId: number; number: number; changedFields: string[]; source: string; reason: string | null; createdAt: Date; author: string | null; approver: string | null };

/** Every revision of an entry, a form to compare two, and the actions owners and curators may take. */
export function HistoryPage(p: { i18n: I18n; csrf: string; entryId: number; title: string; state: string; revisions: HistoryRow[]; pending: { id: number } | null; canRestore: boolean; isCurator: boolean }) {
  const { t, locale } = p.i18n;
  const own = p.revisions.filter((r) => r.entityId === p.entryId);
  const base = `/${locale}/activities/${p.entryId}`;
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
            {own.map((r, i) => <option value={String(r.number)} selected={i === 1}>#{r.number}</option>)}
          </select>
          <label for="to">{t('history.to')}</label>
          <select id="to" name="to">
            {own.map((r, i) => <option value={String(r.number)} selected={i === 0}>#{r.number}</option>)}
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
              <td>{[r.author, r.approver && r.approver !== r.author ? `${t('history.approvedBy')} ${r.approver}` : null].filter(Boolean).join(' · ') || '—'}</td>
              <td>{r.changedFields.join(', ')}</td>
              <td dir="auto">{r.reason ?? ''}</td>
              {p.canRestore ? (
                <td>
                  {r.entityId === p.entryId ? (
                    <form method="post" action={`${base}/restore`}>
                      <Csrf token={p.csrf} />
                      <input type="hidden" name="revision" value={String(r.number)} />
                      <label for={`reason-${r.number}`} class="visually-hidden">{t('history.why')}</label>
                      <input id={`reason-${r.number}`} name="reason" required maxlength={1000} placeholder={t('history.reasonPlaceholder')} />
                      <button type="submit" class="secondary">{t('history.restoreThis', { n: r.number })}</button>
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
            <button type="submit" class="secondary">{t('history.archive')}</button>
          </Form>
          <h2>{t('history.merge')}</h2>
          <Form action={`${base}/merge`} csrf={p.csrf}>
            <Field i18n={p.i18n} name="mergeId" label={t('history.mergeId')} hint={t('history.mergeHint')} required />
            <Field i18n={p.i18n} name="reason" label={t('history.why')} required maxlength={1000} />
            <button type="submit" class="secondary">{t('history.merge')}</button>
          </Form>
        </>
      ) : null}
    </section>
  );
}

export function DiffPage(p: { i18n: I18n; entryId: number; from: number; to: number; diff: FieldDiff[] }) {
  const { t, locale } = p.i18n;
  const label = (field: string) => {
    const parts = field.split('.');
    if (parts[0] === 'translations' && parts[1] && isLocale(parts[1])) return `${t(`field.${parts[2]}` as MessageKey)} (${LOCALE_INFO[parts[1]].name})`;
    if (parts[0] === 'contact' && parts[1]) return t(`field.contact${parts[1][0]!.toUpperCase()}${parts[1].slice(1)}` as MessageKey);
    return t(`field.${field}` as MessageKey);
  };
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/activities/${p.entryId}/history`}>{t('history.title')}</a>
      </p>
      <h1>{t('history.diffTitle', { from: p.from, to: p.to })}</h1>
      {p.diff.length === 0 ? <p>{t('history.noDifference')}</p> : null}
      <dl class="diff">
        {p.diff.map((d) => (
          <>
            <dt>{label(d.field)}</dt>
            <dd dir="auto">
              {d.parts.map((part) =>
                part.op === 'same' ? part.text : part.op === 'removed' ? <del>{part.text}</del> : <ins>{part.text}</ins>,
              )}
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}
