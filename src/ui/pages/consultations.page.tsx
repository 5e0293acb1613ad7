import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../../i18n/locales';
import { renderMarkdown } from '../../lib/markdown';
import { zonedToUtc } from '../../lib/time-zones';
import { acceptsStatements, PHASES, phaseStatus, VISIBILITIES, type Labels } from '../../modules/consultations/consultations';
import type { Consultation, ConsultationView } from '../../modules/consultations/consultations.service';
import { Csrf, ErrorSummary, Field, SelectField, type FieldErrors } from '../forms';
import { zonedDateTime } from './entry-sections';

/** The text in the reader's language, or (said so, with its own `lang`) in the first language it has. */
export function Localised(p: { i18n: I18n; labels: Labels; markdown?: boolean; as?: 'h1' | 'p' | 'span' | 'div' }) {
  const own = p.labels[p.i18n.locale];
  const shown = (own ? p.i18n.locale : LOCALES.find((l) => p.labels[l])) as Locale | undefined;
  if (!shown) return null;
  const value = p.labels[shown] ?? '';
  const lang = LOCALE_INFO[shown].bcp47;
  const Tag = p.as ?? (p.markdown ? 'div' : 'span');
  const body = p.markdown ? (
    <div class="markdown" lang={lang} dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(value) }} />
  ) : (
    <Tag lang={lang} dir="auto">
      {value}
    </Tag>
  );
  if (own) return body;
  return (
    <>
      {body}
      <p class="meta fallback">{p.i18n.t('consult.fallback', { language: p.i18n.languageName(shown) })}</p>
    </>
  );
}

const title = (i18n: I18n, labels: Labels) => labels[i18n.locale] || LOCALES.map((l) => labels[l]).find(Boolean) || '';

export function ConsultationsPage(p: {
  i18n: I18n;
  open: Array<Consultation & { published: number }>;
  closed: Array<Consultation & { published: number }>;
  canManage: boolean;
  canModerate: boolean;
}) {
  const { t, locale } = p.i18n;
  const item = (c: Consultation & { published: number }, open: boolean) => (
    <li>
      <a href={`/${locale}/consultations/${c.id}`} dir="auto">
        {title(p.i18n, c.titles)}
      </a>{' '}
      —{' '}
      {open
        ? t('consult.deadline', { date: zonedDateTime(p.i18n, c.deadlineAt, c.timeZone) })
        : t('consult.closedOn', { date: zonedDateTime(p.i18n, c.deadlineAt, c.timeZone) })}{' '}
      · {t('consult.published', { count: c.published })}
    </li>
  );
  return (
    <section>
      <h1>{t('consult.title')}</h1>
      <p>{t('consult.intro')}</p>
      {p.canManage || p.canModerate ? (
        <p class="actions">
          {p.canManage ? <a href={`/${locale}/consultations/new`}>{t('consult.new')}</a> : null}{' '}
          {p.canModerate ? <a href={`/${locale}/consultations/moderation`}>{t('consult.moderation')}</a> : null}
        </p>
      ) : null}
      <h2>{t('consult.open')}</h2>
      {p.open.length ? <ul class="calls">{p.open.map((c) => item(c, true))}</ul> : <p>{t('consult.noneOpen')}</p>}
      <h2>{t('consult.closed')}</h2>
      {p.closed.length ? <ul class="calls">{p.closed.map((c) => item(c, false))}</ul> : <p>{t('consult.noneClosed')}</p>}
    </section>
  );
}

/** The phases as an ordered list: each with its dates in the consultation's zone and its status in words. */
export function Timeline(p: { i18n: I18n; c: Consultation; now: Date }) {
  const { t } = p.i18n;
  return (
    <ol class="timeline">
      {p.c.phases.map((ph) => {
        const status = phaseStatus(ph, p.c.timeZone, p.now);
        const starts = zonedToUtc(ph.starts, p.c.timeZone);
        const ends = zonedToUtc(ph.ends, p.c.timeZone);
        return (
          <li class={`phase phase-${status}`} aria-current={status === 'current' ? 'step' : undefined}>
            <strong>{t(`consult.phase.${ph.phase}` as MessageKey)}</strong> <span class="phase-status">{t(`consult.status.${status}` as MessageKey)}</span>
            <br />
            <time datetime={starts.toISOString()}>{zonedDateTime(p.i18n, starts, p.c.timeZone)}</time> –{' '}
            <time datetime={ends.toISOString()}>{zonedDateTime(p.i18n, ends, p.c.timeZone)}</time>
          </li>
        );
      })}
    </ol>
  );
}

export interface StatementFormState {
  errors: FieldErrors;
  values: Record<string, string | undefined>;
}

export function ConsultationPage(p: {
  i18n: I18n;
  csrf: string;
  c: ConsultationView;
  now: Date;
  signedIn: boolean;
  organisations: Array<{ id: number; name: string }>;
  canManage: boolean;
  form: StatementFormState;
  extend: StatementFormState;
  notice?: 'sent' | 'extended' | undefined;
}) {
  const { t, locale } = p.i18n;
  const c = p.c;
  const open = acceptsStatements(c, p.now);
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/consultations`}>{t('consult.title')}</a>
      </p>
      <Localised i18n={p.i18n} labels={c.titles} as="h1" />
      {p.notice ? (
        <p role="status" class="notice">
          {t(`consult.notice.${p.notice}` as MessageKey)}
        </p>
      ) : null}
      <p class={open ? 'notice' : 'meta'}>
        {open
          ? t('consult.deadline', { date: zonedDateTime(p.i18n, c.deadlineAt, c.timeZone) })
          : p.now < c.opensAt
            ? t('consult.opensOn', { date: zonedDateTime(p.i18n, c.opensAt, c.timeZone) })
            : t('consult.closedOn', { date: zonedDateTime(p.i18n, c.deadlineAt, c.timeZone) })}
      </p>
      {c.extensions.map((e) => (
        <p class="notice extension">
          {t('consult.extended', {
            old: zonedDateTime(p.i18n, e.oldDeadlineAt, c.timeZone),
            new: zonedDateTime(p.i18n, e.newDeadlineAt, c.timeZone),
          })}
        </p>
      ))}
      <p>
        <a href={`/${locale}/consultations/${c.id}/synthesis`}>{t('consult.synthesis')}</a>
      </p>
      <h2>{t('consult.context')}</h2>
      <Localised i18n={p.i18n} labels={c.contexts} markdown />
      <h2>{t('consult.questions')}</h2>
      {c.questions.length ? (
        <ol class="questions">
          {c.questions.map((q) => (
            <li>
              <Localised i18n={p.i18n} labels={q.texts} />
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('consult.noQuestions')}</p>
      )}
      <h2 id="timeline-h">{t('consult.timeline', { zone: c.timeZone })}</h2>
      <Timeline i18n={p.i18n} c={c} now={p.now} />
      <h2 id="statement-h">{t('consult.submit')}</h2>
      {!open ? (
        <>
          <ErrorSummary i18n={p.i18n} errors={p.form.errors} />
          <p>{t('consult.notAccepting')}</p>
        </>
      ) : !p.signedIn ? (
        <p>
          <a href={`/${locale}/account/sign-in?next=${encodeURIComponent(`/${locale}/consultations/${c.id}`)}`}>{t('consult.signInToSubmit')}</a>
        </p>
      ) : !p.organisations.length ? (
        <p>
          {t('consult.needOrganisation')} <a href={`/${locale}/organisations`}>{t('consult.organisations')}</a>
        </p>
      ) : (
        <StatementForm i18n={p.i18n} csrf={p.csrf} c={c} organisations={p.organisations} state={p.form} />
      )}
      {p.canManage ? (
        <>
          <h2>{t('consult.extend')}</h2>
          <ErrorSummary i18n={p.i18n} errors={p.extend.errors} />
          <form method="post" action={`/${locale}/consultations/${c.id}/extend`} novalidate>
            <Csrf token={p.csrf} />
            <Field
              i18n={p.i18n}
              name="deadline"
              type="datetime-local"
              label={t('consult.newDeadline', { zone: c.timeZone })}
              value={p.extend.values.deadline}
              errors={p.extend.errors}
              required
            />
            <button type="submit">{t('consult.extendButton')}</button>
          </form>
        </>
      ) : null}
    </section>
  );
}

function StatementForm(p: { i18n: I18n; csrf: string; c: ConsultationView; organisations: Array<{ id: number; name: string }>; state: StatementFormState }) {
  const { t, locale } = p.i18n;
  const v = p.state.values;
  const qText = (labels: Labels) => labels[locale] || LOCALES.map((l) => labels[l]).find(Boolean) || '';
  return (
    <>
      <ErrorSummary i18n={p.i18n} errors={p.state.errors} />
      <form method="post" action={`/${locale}/consultations/${p.c.id}/statements`} novalidate>
        <Csrf token={p.csrf} />
        <SelectField
          i18n={p.i18n}
          name="organisationId"
          label={t('consult.organisation')}
          options={p.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          value={v.organisationId}
          errors={p.state.errors}
          required
        />
        <SelectField
          i18n={p.i18n}
          name="questionId"
          label={t('consult.onQuestion')}
          options={[
            { value: '', label: t('consult.whole') },
            ...p.c.questions.map((q) => ({ value: String(q.id), label: t('consult.questionN', { n: q.number, text: qText(q.texts) }) })),
          ]}
          value={v.questionId}
          errors={p.state.errors}
        />
        <SelectField
          i18n={p.i18n}
          name="language"
          label={t('consult.language')}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_INFO[l].name }))}
          value={v.language ?? locale}
          errors={p.state.errors}
        />
        <Field
          i18n={p.i18n}
          name="body"
          type="textarea"
          rows={10}
          maxlength={10000}
          label={t('consult.body')}
          hint={t('consult.bodyHint')}
          value={v.body}
          errors={p.state.errors}
          required
        />
        <fieldset>
          <legend>{t('consult.visibility')}</legend>
          {VISIBILITIES.map((vis) => (
            <label class="option">
              <input type="radio" name="visibility" value={vis} checked={(v.visibility ?? 'public') === vis} /> {t(`consult.visibility.${vis}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        <p class="hint">{t('consult.moderationHint')}</p>
        <button type="submit">{t('consult.send')}</button>
      </form>
    </>
  );
}

/** A curator's form to open a consultation: texts per language, questions, zone and phases. */
export function ConsultationFormPage(p: {
  i18n: I18n;
  csrf: string;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
  zones: readonly string[];
  questionSlots: number;
}) {
  const { t, locale } = p.i18n;
  const err = (name: string) => (p.errors[name] ? <p class="error">{p.errors[name]}</p> : null);
  return (
    <section>
      <h1>{t('consult.new')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={`/${locale}/consultations`} novalidate>
        <Csrf token={p.csrf} />
        <p class="hint">{t('consult.languagesHint')}</p>
        {LOCALES.map((l) => (
          <fieldset lang={LOCALE_INFO[l].bcp47} dir={LOCALE_INFO[l].dir}>
            <legend>{LOCALE_INFO[l].name}</legend>
            <label for={`f-titles-${l}`}>{t('field.title')}</label>
            <input id={`f-titles-${l}`} name={`titles.${l}`} value={p.values[`titles.${l}`] ?? ''} maxlength={200} />
            {err(`titles.${l}`)}
            <label for={`f-contexts-${l}`}>{t('consult.context')}</label>
            <textarea id={`f-contexts-${l}`} name={`contexts.${l}`} rows={5} maxlength={20000}>
              {p.values[`contexts.${l}`] ?? ''}
            </textarea>
            {Array.from({ length: p.questionSlots }, (_, i) => (
              <>
                <label for={`f-questions-${i}-${l}`}>{t('consult.questionLabel', { n: i + 1 })}</label>
                <input id={`f-questions-${i}-${l}`} name={`questions.${i}.${l}`} value={p.values[`questions.${i}.${l}`] ?? ''} maxlength={1000} />
                {err(`questions.${i}.${l}`)}
              </>
            ))}
          </fieldset>
        ))}
        <label for="f-timeZone">{t('field.timeZone')}</label>
        <select id="f-timeZone" name="timeZone">
          {p.zones.map((z) => (
            <option value={z} selected={(p.values.timeZone ?? 'Europe/Zurich') === z}>
              {z}
            </option>
          ))}
        </select>
        {err('timeZone')}
        {PHASES.map((ph) => (
          <fieldset>
            <legend>{t(`consult.phase.${ph}` as MessageKey)}</legend>
            <label for={`f-phases-${ph}-starts`}>{t('consult.starts')}</label>
            <input id={`f-phases-${ph}-starts`} type="datetime-local" name={`phases.${ph}.starts`} value={p.values[`phases.${ph}.starts`] ?? ''} />
            {err(`phases.${ph}.starts`)}
            <label for={`f-phases-${ph}-ends`}>{t('consult.ends')}</label>
            <input id={`f-phases-${ph}-ends`} type="datetime-local" name={`phases.${ph}.ends`} value={p.values[`phases.${ph}.ends`] ?? ''} />
            {err(`phases.${ph}.ends`)}
          </fieldset>
        ))}
        <button type="submit">{t('consult.openButton')}</button>
      </form>
    </section>
  );
}
