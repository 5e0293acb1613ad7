import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../../i18n/locales';
import type { Entry } from '../../modules/entries/entry';
import { pickTranslation } from '../../modules/entries/entry';
import type { FieldDiff } from '../../modules/submissions/revisions';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { QUEUE_STATUSES, type QueueQuery } from '../../modules/submissions/submissions.schemas';
import type { SubmissionView } from '../../modules/submissions/drafts.service';
import { renderMarkdown } from '../../lib/markdown';
import { entryPath, type EntryKind } from '../../modules/entries/entries';
import { KINDS } from '../../modules/entries/kinds';
import { named } from '../../modules/entries/kinds/kind';
import { Csrf, ErrorSummary, type FieldErrors } from '../forms';
import { FieldDiffList } from '../field-diff';
import { fieldValue, labelledFlat } from '../../modules/submissions/field-labels';
import { StatusBadge, Thread } from './contribute.page';
import { EntryPicture } from '../entry-image';

type QueueRow = {
  id: number;
  title: string;
  status: string;
  language: string;
  organisation: string;
  author: string;
  submittedAt: Date | null;
  entryId: number | null;
  duplicates: Array<{ activity: Entry; reason: string }>;
};

/** The curators' queue, with its filters as a plain GET form. */
export function QueuePage(p: { i18n: I18n; query: QueueQuery; rows: QueueRow[]; calls: Array<{ id: number; title: string }> }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('review.queue')}</h1>
      <form method="get" action={`/${locale}/review`} class="filters">
        <label for="q-status">{t('contribute.status')}</label>
        <select id="q-status" name="status">
          {QUEUE_STATUSES.map((s) => (
            <option value={s} selected={s === p.query.status}>
              {t(`submissionStatus.${s}`)}
            </option>
          ))}
        </select>
        <label for="q-call">{t('review.call')}</label>
        <select id="q-call" name="call">
          <option value="">{t('review.anyCall')}</option>
          {p.calls.map((c) => (
            <option value={String(c.id)} selected={c.id === p.query.call}>
              {c.title}
            </option>
          ))}
        </select>
        <label for="q-language">{t('facet.language')}</label>
        <select id="q-language" name="language">
          <option value="">{t('review.anyLanguage')}</option>
          {LOCALES.map((l) => (
            <option value={l} selected={l === p.query.language}>
              {LOCALE_INFO[l].name}
            </option>
          ))}
        </select>
        <label for="q-age">{t('review.olderThan')}</label>
        <input
          id="q-age"
          name="olderThanDays"
          type="number"
          min="0"
          max="3650"
          value={p.query.olderThanDays === undefined ? '' : String(p.query.olderThanDays)}
        />
        <button type="submit">{t('review.filter')}</button>
      </form>
      {p.rows.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field.title')}</th>
              <th scope="col">{t('contribute.organisation')}</th>
              <th scope="col">{t('facet.language')}</th>
              <th scope="col">{t('review.submitted')}</th>
              <th scope="col">{t('duplicates.title')}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>
                  <a href={`/${locale}/review/${r.id}`} dir="auto">
                    {r.title}
                  </a>{' '}
                  {r.entryId ? `(${t('contribute.update')})` : ''}
                </td>
                <td>
                  {r.organisation} · {r.author}
                </td>
                <td>{LOCALE_INFO[r.language as Locale]?.name ?? r.language}</td>
                <td>{r.submittedAt ? p.i18n.date(r.submittedAt) : '—'}</td>
                <td>
                  {r.duplicates.map((d) => (
                    <a href={entryPath(locale, d.activity.kind, d.activity.id)} dir="auto" class="dup">
                      {pickTranslation(d.activity, locale).text.title}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('review.empty')}</p>
      )}
    </section>
  );
}

/** The fields a curator reviews (and may comment on): the shared text, then the kind's own (from its descriptor), with the catalog key of each label. */
const commentable = (kind: EntryKind): ReadonlyArray<readonly [string, MessageKey]> => [
  ...named('originalLanguage'),
  ['title', KINDS[kind].wording.title],
  ...named('summary', 'description'),
  ...KINDS[kind].reviewFields,
];

const reviewImage = (view: SubmissionView) =>
  view.data.kind === 'story' ? view.data.story?.image : view.data.kind === 'actor' ? view.data.actor?.image : null;

/** A field's value as the curator reads it: labels for codes, lists joined in the curator's language, no field paths. */
function valueFor(view: SubmissionView, flat: Record<string, string>, field: string, i18n: I18n): string {
  const original = view.data.originalLanguage;
  if (field === 'title' || field === 'summary' || field === 'description') return original ? (flat[`translations.${original}.${field}`] ?? '') : '';
  if (field.startsWith('contact')) return flat[`contact.${field.slice(7).toLowerCase()}`] ?? '';
  return fieldValue(flat, field, view.data.kind, i18n);
}

/** Every language version of the submission, the original first, each marked with its language and direction. */
function LanguageVersions(p: { i18n: I18n; view: SubmissionView }) {
  const { t } = p.i18n;
  const original = p.view.data.originalLanguage;
  const languages = LOCALES.filter((l) => p.view.data.translations[l]).sort((a, b) => Number(b === original) - Number(a === original));
  if (!languages.length) return null;
  const titleLabel = t(KINDS[p.view.data.kind].wording.title);
  return (
    <section class="review-versions" aria-labelledby="review-versions">
      <h2 id="review-versions">{t('wording.review.versions')}</h2>
      {languages.map((l) => {
        const text = p.view.data.translations[l]!;
        const info = LOCALE_INFO[l];
        const name = p.i18n.languageName(l);
        return (
          <section class="review-version" id={`version-${l}`}>
            <h3>{l === original ? t('wording.review.original', { language: name }) : name}</h3>
            <dl>
              <dt>{titleLabel}</dt>
              <dd lang={info.bcp47} dir={info.dir}>
                {text.title || '—'}
              </dd>
              <dt>{t('field.summary')}</dt>
              <dd lang={info.bcp47} dir={info.dir}>
                {text.summary || '—'}
              </dd>
              <dt>{t('field.description')}</dt>
              <dd lang={info.bcp47} dir={info.dir}>
                {text.description ? <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(text.description) }} /> : '—'}
              </dd>
            </dl>
          </section>
        );
      })}
    </section>
  );
}

/** One submission for a curator: every field with a comment box beside it, and the three decisions. */
export function ReviewPage(p: {
  i18n: I18n;
  csrf: string;
  view: SubmissionView;
  current: Entry | null;
  duplicates: Array<{ activity: Entry; reason: string }>;
  errors: FieldErrors;
  taxonomy: Taxonomy;
  /** What changed since a curator last decided on it (null before any decision). */
  sinceReview: { reviewedAt: Date; changes: FieldDiff[] } | null;
}) {
  const { t, locale } = p.i18n;
  const v = p.view;
  const decidable = v.status === 'submitted';
  const flat = labelledFlat(v.data, p.taxonomy, p.i18n);
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/review`}>{t('review.queue')}</a>
      </p>
      <p class="kind-badge">{t(`kind.${v.data.kind}`)}</p>
      <h1 dir="auto">{valueFor(v, flat, 'title', p.i18n) || t('contribute.untitled')}</h1>
      <p>
        <StatusBadge i18n={p.i18n} status={v.status} /> · {v.organisation.name}
        {v.entryId ? (
          <>
            {' '}
            · <a href={`${entryPath(locale, v.data.kind, v.entryId)}/history`}>{t('review.updateOf', { id: v.entryId })}</a>
          </>
        ) : null}
      </p>
      {p.duplicates.length ? (
        <div class="duplicates">
          <h2>{t('duplicates.title')}</h2>
          <ul>
            {p.duplicates.map((d) => (
              <li>
                <a href={entryPath(locale, d.activity.kind, d.activity.id)} dir="auto">
                  {pickTranslation(d.activity, locale).text.title}
                </a>{' '}
                (#{d.activity.id}, {t(`duplicates.reason.${d.reason}` as MessageKey)})
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.sinceReview ? (
        <section class="review-changes" aria-labelledby="review-changes">
          <h2 id="review-changes">{t('wording.review.changes')}</h2>
          <p class="hint">{t('wording.review.changesIntro', { date: p.i18n.date(p.sinceReview.reviewedAt) })}</p>
          {p.sinceReview.changes.length ? (
            <FieldDiffList i18n={p.i18n} kind={v.data.kind} diff={p.sinceReview.changes} />
          ) : (
            <p>{t('wording.review.noChanges')}</p>
          )}
        </section>
      ) : null}
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={`/${locale}/review/${v.id}`} class="review-form" novalidate>
        <Csrf token={p.csrf} />
        <dl class="review-fields">
          {commentable(v.data.kind).map(([field, labelKey]) => {
            const value = valueFor(v, flat, field, p.i18n);
            const label = t(labelKey);
            return (
              <div class="review-field">
                <dt>{label}</dt>
                <dd dir="auto">
                  {field === 'publication.fileIds' ? (
                    <ul class="plain">
                      {(v.data.publication?.fileIds ?? []).map((id) => (
                        <li>
                          <a href={`/files/${id}`}>{t('review.file', { id })}</a>
                        </li>
                      ))}
                    </ul>
                  ) : field.endsWith('.image') && reviewImage(v) ? (
                    // The curator sees the picture itself (the variants are the draft's, shown to reviewers) and its alt text.
                    <>
                      <EntryPicture image={reviewImage(v)!} language={v.data.originalLanguage ?? locale} sizes="20rem" lazy class="image-preview" />
                      <span class="value">{Object.values(reviewImage(v)!.alt).join('\n')}</span>
                    </>
                  ) : field === 'description' && value ? (
                    <div class="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(value) }} />
                  ) : (
                    <span class="value">{value || '—'}</span>
                  )}
                </dd>
                {decidable ? (
                  <dd>
                    <label for={`comment-${field}`} class="visually-hidden">
                      {t('review.commentOn', { field: label })}
                    </label>
                    <textarea
                      id={`comment-${field}`}
                      name={`comment.${field}`}
                      rows={1}
                      maxlength={2000}
                      placeholder={t('review.commentPlaceholder')}
                    ></textarea>
                  </dd>
                ) : null}
              </div>
            );
          })}
        </dl>
        {decidable ? (
          <>
            <label for="message">{t('review.message')}</label>
            <textarea id="message" name="message" rows={3} maxlength={2000}></textarea>
            <p class="hint">{t('review.decisionHint')}</p>
            <div class="actions">
              <button type="submit" name="decision" value="approve">
                {t('review.approve')}
              </button>
              <button type="submit" name="decision" value="request_changes" class="secondary">
                {t('review.requestChanges')}
              </button>
              <button type="submit" name="decision" value="reject" class="secondary danger">
                {t('review.reject')}
              </button>
            </div>
          </>
        ) : null}
      </form>
      <LanguageVersions i18n={p.i18n} view={v} />
      <Thread i18n={p.i18n} thread={v.thread} />
    </section>
  );
}
