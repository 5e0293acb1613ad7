import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, LOCALES } from '../../i18n/locales';
import { renderMarkdown } from '../../lib/markdown';
import { ANSWER_FIELDS, PHASES, PROJECT_STATUSES, type Phase, type PhaseNow, type Ranked } from '../../modules/prizes/prizes';
import { Csrf, ErrorSummary, Field, SelectField, type FieldErrors } from '../forms';

/** What the prize pages show of a contest. */
export interface ContestView {
  year: number;
  title: string;
  rules: string;
  timeZone: string;
  phases: Record<Phase, Date>;
  phase: PhaseNow;
  categories: Array<{ code: string; label: string }>;
  votesChangeable: boolean;
  allCategoriesRequired: boolean;
  questionnaire: { minWords: Record<string, number>; descriptionMaxWords: number; languages: string[] };
}

export interface NominationView {
  id: number;
  category: string;
  categoryLabel: string;
  organisationName: string;
  status: string;
  title: string;
  answers: Record<string, string>;
  reason: string | null;
  fieldComments: Record<string, string> | null;
  entryPath: string | null;
}

const phaseLabel = (i18n: I18n, p: PhaseNow) => i18n.t(`prizes.phase.${p}` as MessageKey);
/** A phase's start in the contest's own zone, with the zone named, through Intl. */
const inZone = (i18n: I18n, d: Date, timeZone: string) =>
  new Intl.DateTimeFormat(LOCALE_INFO[i18n.locale].bcp47, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(d);

export function PrizesPage(p: { i18n: I18n; contests: Array<{ year: number; title: string; phase: PhaseNow }>; canManage: boolean }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('prizes.title')}</h1>
      <p>{t('prizes.intro')}</p>
      {p.canManage ? (
        <p>
          <a href={`/${locale}/prizes/new`}>{t('prizes.new')}</a>
        </p>
      ) : null}
      {p.contests.length ? (
        <ul class="calls">
          {p.contests.map((c) => (
            <li>
              <a href={`/${locale}/prizes/${c.year}`} dir="auto">
                {c.title}
              </a>{' '}
              — {phaseLabel(p.i18n, c.phase)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('prizes.none')}</p>
      )}
    </section>
  );
}

export function ContestPage(p: {
  i18n: I18n;
  contest: ContestView;
  canManage: boolean;
  canNominate: boolean;
  /** One of this contest's jurors (prizes-jury.routes.tsx). */
  isJuror?: boolean;
  own: NominationView[];
  awards: Array<NominationView & { award: 'winner' | 'champion' }>;
}) {
  const { t, locale } = p.i18n;
  const c = p.contest;
  const base = `/${locale}/prizes/${c.year}`;
  const listed = c.phase === 'voting' || c.phase === 'selection' || c.phase === 'announcement';
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes`}>{t('prizes.title')}</a>
      </p>
      <h1 dir="auto">{c.title}</h1>
      <p class="notice">{t('prizes.phaseNow', { phase: phaseLabel(p.i18n, c.phase) })}</p>
      <h2>{t('prizes.timeline')}</h2>
      <ol>
        {PHASES.map((ph) => (
          <li aria-current={c.phase === ph ? 'step' : undefined}>
            {phaseLabel(p.i18n, ph)}: {inZone(p.i18n, c.phases[ph], c.timeZone)}
          </li>
        ))}
      </ol>
      <div class="markdown" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(c.rules) }} />
      <p>{c.votesChangeable ? t('prizes.votesChangeable') : t('prizes.votesFinal')}</p>
      {c.allCategoriesRequired ? <p>{t('prizes.allCategoriesRequired')}</p> : null}
      <div class="actions">
        {c.phase === 'submission' && p.canNominate ? <a href={`${base}/nominate`}>{t('prizes.nominate')}</a> : null}
        {p.canManage ? <a href={`${base}/edit`}>{t('prizes.edit')}</a> : null}
        {p.canManage ? <a href={`${base}/screening`}>{t('prizes.screening')}</a> : null}
        {c.phase === 'selection' || c.phase === 'announcement' ? <a href={`${base}/results`}>{t('prizes.results')}</a> : null}
        {p.canManage ? <a href={`${base}/selection`}>{t('prizes.selection.title')}</a> : null}
        {p.isJuror && (c.phase === 'selection' || c.phase === 'announcement') ? <a href={`${base}/jury`}>{t('prizes.jury.title')}</a> : null}
        {c.phase === 'announcement' ? <a href={`${base}/winners`}>{t('prizes.winners')}</a> : null}
      </div>
      {p.awards.length ? (
        <>
          <h2>{t('prizes.winners')}</h2>
          {c.categories
            .filter((cat) => p.awards.some((a) => a.category === cat.code))
            .map((cat) => (
              <>
                <h3>{cat.label}</h3>
                <ul>
                  {p.awards
                    .filter((a) => a.category === cat.code)
                    .sort((a, b) => (a.award === b.award ? 0 : a.award === 'winner' ? -1 : 1))
                    .map((a) => (
                      <li>
                        <strong>{t(`prizes.award.${a.award}` as MessageKey)}</strong>:{' '}
                        <a href={a.entryPath ?? `${base}/nominations/${a.id}`} dir="auto">
                          {a.title}
                        </a>
                      </li>
                    ))}
                </ul>
              </>
            ))}
        </>
      ) : null}
      <h2>{t('prizes.categories')}</h2>
      <ul>
        {c.categories.map((cat) => (
          <li>{listed ? <a href={`${base}/categories/${cat.code}`}>{cat.label}</a> : cat.label}</li>
        ))}
      </ul>
      {p.own.length ? (
        <>
          <h2>{t('prizes.ownNominations')}</h2>
          <ul>
            {p.own.map((n) => (
              <li>
                <a href={`${base}/nominations/${n.id}`} dir="auto">
                  {n.title}
                </a>{' '}
                — {n.categoryLabel} · {t(`prizes.status.${n.status}` as MessageKey)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function ContestFormPage(p: {
  i18n: I18n;
  csrf: string;
  errors: FieldErrors;
  values: Record<string, string | string[] | undefined>;
  categories: Array<{ code: string; label: string }>;
  /** Correcting this year's contest rather than creating one (the year cannot change). */
  editYear?: number | undefined;
}) {
  const { t, locale } = p.i18n;
  const v = (k: string) => {
    const x = p.values[k];
    return Array.isArray(x) ? x[0] : x;
  };
  const chosen = new Set([p.values.categories ?? []].flat());
  const languages = new Set([p.values.languages ?? []].flat());
  return (
    <section>
      <h1>{p.editYear ? t('prizes.editTitle', { year: p.editYear }) : t('prizes.new')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={p.editYear ? `/${locale}/prizes/${p.editYear}/edit` : `/${locale}/prizes`} novalidate>
        <Csrf token={p.csrf} />
        {p.editYear ? null : <Field i18n={p.i18n} name="year" label={t('prizes.year')} type="number" value={v('year')} errors={p.errors} required />}
        <Field
          i18n={p.i18n}
          name="timeZone"
          label={t('prizes.timeZone')}
          value={v('timeZone') ?? 'Europe/Zurich'}
          errors={p.errors}
          required
          hint={t('prizes.timeZoneHint')}
        />
        {LOCALES.map((l) => (
          <fieldset lang={LOCALE_INFO[l].bcp47} dir={LOCALE_INFO[l].dir}>
            <legend>{LOCALE_INFO[l].name}</legend>
            <Field i18n={p.i18n} name={`titles.${l}`} label={t('field.title')} value={v(`titles.${l}`)} errors={p.errors} maxlength={200} />
            <Field i18n={p.i18n} name={`rules.${l}`} label={t('prizes.rules')} type="textarea" rows={4} value={v(`rules.${l}`)} errors={p.errors} />
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('prizes.timeline')}</legend>
          {PHASES.map((ph) => (
            <Field
              i18n={p.i18n}
              name={`phases.${ph}`}
              label={phaseLabel(p.i18n, ph)}
              type="datetime-local"
              value={v(`phases.${ph}`)}
              errors={p.errors}
              required
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('prizes.categories')}</legend>
          {p.errors.categories ? <p class="error">{p.errors.categories}</p> : null}
          {p.categories.map((c) => (
            <label class="check">
              <input type="checkbox" name="categories" value={c.code} checked={chosen.has(c.code)} /> {c.label}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('prizes.settings')}</legend>
          <label class="check">
            <input type="checkbox" name="votesChangeable" value="1" checked={v('votesChangeable') === '1'} /> {t('prizes.votesChangeable')}
          </label>
          <label class="check">
            <input type="checkbox" name="allCategoriesRequired" value="1" checked={v('allCategoriesRequired') === '1'} /> {t('prizes.allCategoriesRequired')}
          </label>
        </fieldset>
        <fieldset>
          <legend>{t('prizes.questionnaire')}</legend>
          {ANSWER_FIELDS.map((f) => (
            <Field
              i18n={p.i18n}
              name={`minWords.${f}`}
              label={t('prizes.minWordsOf', { field: t(`prizes.answer.${f}` as MessageKey) })}
              type="number"
              value={v(`minWords.${f}`)}
              errors={p.errors}
            />
          ))}
          <Field
            i18n={p.i18n}
            name="descriptionMaxWords"
            label={t('prizes.descriptionMaxWords')}
            type="number"
            value={v('descriptionMaxWords')}
            errors={p.errors}
          />
          <p>{t('prizes.languages')}</p>
          {p.errors.languages ? <p class="error">{p.errors.languages}</p> : null}
          {LOCALES.map((l) => (
            <label class="check">
              <input type="checkbox" name="languages" value={l} checked={languages.has(l)} /> {LOCALE_INFO[l].name}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('prizes.create')}</button>
      </form>
    </section>
  );
}

export function NominateFormPage(p: {
  i18n: I18n;
  csrf: string;
  year: number;
  action: string;
  errors: FieldErrors;
  values: Record<string, string | undefined>;
  comments: Record<string, string>;
  organisations: Array<{ id: number; name: string }> | null;
  entries: Array<{ id: number; title: string }>;
  categories: Array<{ code: string; label: string }>;
  rules: ContestView['questionnaire'];
}) {
  const { t, locale } = p.i18n;
  const v = p.values;
  const answer = (f: (typeof ANSWER_FIELDS)[number]) => (
    <Field
      i18n={p.i18n}
      name={f}
      label={t(`prizes.answer.${f}` as MessageKey)}
      hint={t(`prizes.answerHint.${f}` as MessageKey)}
      type="textarea"
      value={v[f]}
      errors={p.errors}
      comment={p.comments[f]}
      words={
        { minWords: p.rules.minWords[f] || undefined, maxWords: f === 'description' ? p.rules.descriptionMaxWords : undefined } as {
          minWords?: number;
          maxWords?: number;
        }
      }
      required
    />
  );
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes/${p.year}`}>{p.year}</a>
      </p>
      <h1>{t('prizes.nominate')}</h1>
      {p.organisations && p.entries.length ? (
        <form method="get" action={`/${locale}/prizes/${p.year}/nominate`} class="inline">
          <SelectField
            i18n={p.i18n}
            name="entry"
            label={t('prizes.fromEntry')}
            options={p.entries.map((e) => ({ value: String(e.id), label: e.title }))}
            value={v.entryId}
            empty
          />
          <button type="submit" class="secondary">
            {t('prizes.startFromEntry')}
          </button>
        </form>
      ) : null}
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <form method="post" action={p.action} novalidate>
        <Csrf token={p.csrf} />
        {v.entryId ? <input type="hidden" name="entryId" value={v.entryId} /> : null}
        {p.organisations ? (
          <SelectField
            i18n={p.i18n}
            name="organisationId"
            label={t('prizes.organisation')}
            options={p.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
            value={v.organisationId}
            errors={p.errors}
            required
          />
        ) : null}
        {p.organisations ? (
          <SelectField
            i18n={p.i18n}
            name="category"
            label={t('prizes.category')}
            options={p.categories.map((c) => ({ value: c.code, label: c.label }))}
            value={v.category}
            errors={p.errors}
            empty
            required
          />
        ) : null}
        <Field i18n={p.i18n} name="title" label={t('field.title')} value={v.title} errors={p.errors} comment={p.comments.title} required maxlength={300} />
        <SelectField
          i18n={p.i18n}
          name="language"
          label={t('prizes.language')}
          options={p.rules.languages.map((l) => ({ value: l, label: p.i18n.languageName(l) }))}
          value={v.language}
          errors={p.errors}
          comment={p.comments.language}
          required
        />
        <SelectField
          i18n={p.i18n}
          name="projectStatus"
          label={t('prizes.projectStatus')}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`prizes.projectStatus.${s}` as MessageKey) }))}
          value={v.projectStatus}
          errors={p.errors}
          comment={p.comments.projectStatus}
          empty
          required
        />
        {ANSWER_FIELDS.map(answer)}
        <button type="submit">{t('prizes.submitNomination')}</button>
      </form>
    </section>
  );
}

function Answers(p: { i18n: I18n; n: NominationView }) {
  return (
    <dl>
      {ANSWER_FIELDS.map((f) => (
        <>
          <dt>{p.i18n.t(`prizes.answer.${f}` as MessageKey)}</dt>
          <dd dir="auto">{p.n.answers[f] ?? ''}</dd>
        </>
      ))}
    </dl>
  );
}

export function NominationPage(p: { i18n: I18n; year: number; n: NominationView }) {
  const { t, locale } = p.i18n;
  const n = p.n;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes/${p.year}`}>{p.year}</a>
      </p>
      <h1 dir="auto">{n.title}</h1>
      <p class="meta">
        {n.categoryLabel} · <span dir="auto">{n.organisationName}</span> · {t(`prizes.status.${n.status}` as MessageKey)}
      </p>
      {n.reason ? (
        <p class="notice" dir="auto">
          {t('prizes.reason')}: {n.reason}
        </p>
      ) : null}
      {n.entryPath ? (
        <p>
          <a href={n.entryPath}>{t('prizes.entryLink')}</a>
        </p>
      ) : null}
      <Answers i18n={p.i18n} n={n} />
    </section>
  );
}

export function ScreeningPage(p: { i18n: I18n; csrf: string; year: number; queue: NominationView[]; screened: NominationView[] }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes/${p.year}`}>{p.year}</a>
      </p>
      <h1>{t('prizes.screening')}</h1>
      {p.queue.length === 0 ? <p>{t('prizes.queueEmpty')}</p> : null}
      {p.queue.map((n) => (
        <article class="card">
          <h2 dir="auto">{n.title}</h2>
          <p class="meta">
            {n.categoryLabel} · <span dir="auto">{n.organisationName}</span>
          </p>
          <Answers i18n={p.i18n} n={n} />
          <form method="post" action={`/${locale}/prizes/${p.year}/nominations/${n.id}/screen`}>
            <Csrf token={p.csrf} />
            <fieldset>
              <legend>{t('prizes.decision')}</legend>
              {(['accept', 'reject', 'request_changes'] as const).map((d) => (
                <label class="check">
                  <input type="radio" name="decision" value={d} required /> {t(`prizes.decision.${d}` as MessageKey)}
                </label>
              ))}
            </fieldset>
            <Field i18n={p.i18n} name="reason" label={t('prizes.reason')} type="textarea" rows={2} />
            <details>
              <summary>{t('prizes.fieldComments')}</summary>
              {(['title', ...ANSWER_FIELDS] as const).map((f) => (
                <Field
                  i18n={p.i18n}
                  name={`comments.${f}`}
                  label={f === 'title' ? t('field.title') : t(`prizes.answer.${f}` as MessageKey)}
                  type="textarea"
                  rows={2}
                />
              ))}
            </details>
            <button type="submit">{t('prizes.decide')}</button>
          </form>
        </article>
      ))}
      <h2>{t('prizes.screened')}</h2>
      <ul>
        {p.screened.map((n) => (
          <li>
            <a href={`/${locale}/prizes/${p.year}/nominations/${n.id}`} dir="auto">
              {n.title}
            </a>{' '}
            — {n.categoryLabel} · {t(`prizes.status.${n.status}` as MessageKey)}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function CategoryPage(p: {
  i18n: I18n;
  csrf: string;
  contest: ContestView;
  category: { code: string; label: string };
  nominations: NominationView[];
  myVote: number | null;
  canVote: boolean;
  signedIn: boolean;
  viewedAt: number;
}) {
  const { t, locale } = p.i18n;
  const c = p.contest;
  const open = c.phase === 'voting';
  const locked = p.myVote !== null && !c.votesChangeable;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes/${c.year}`}>{c.title}</a>
      </p>
      <h1>{p.category.label}</h1>
      <p class="notice">
        {open ? t('prizes.voteUntil', { date: inZone(p.i18n, c.phases.selection, c.timeZone) }) : t('prizes.phaseNow', { phase: phaseLabel(p.i18n, c.phase) })}
      </p>
      {open && !p.signedIn ? (
        <p>
          <a href={`/${locale}/account/sign-in?next=${encodeURIComponent(`/${locale}/prizes/${c.year}/categories/${p.category.code}`)}`}>
            {t('prizes.signInToVote')}
          </a>
        </p>
      ) : null}
      {p.nominations.length === 0 ? <p>{t('prizes.noneNominated')}</p> : null}
      {p.nominations.map((n) => (
        <article class="card">
          <h2 dir="auto">
            <a href={`/${locale}/prizes/${c.year}/nominations/${n.id}`}>{n.title}</a>
          </h2>
          <p class="meta" dir="auto">
            {n.organisationName}
          </p>
          <p dir="auto">{n.answers.description}</p>
          {p.myVote === n.id ? <p class="notice">{t('prizes.yourVote')}</p> : null}
          {open && p.canVote && p.myVote !== n.id && !locked ? (
            <form method="post" action={`/${locale}/prizes/${c.year}/vote`} class="inline">
              <Csrf token={p.csrf} />
              <input type="hidden" name="nominationId" value={String(n.id)} />
              <input type="hidden" name="viewedAt" value={String(p.viewedAt)} />
              <button type="submit">{t('prizes.voteFor', { title: n.title })}</button>
            </form>
          ) : null}
        </article>
      ))}
    </section>
  );
}

export function ResultsPage(p: {
  i18n: I18n;
  contest: ContestView;
  results: Array<{ category: { code: string; label: string }; ranked: Array<Ranked & { title: string; organisationName: string }> }>;
  /** How many votes curators excluded (said publicly, never silent). */
  excluded?: number;
}) {
  const { t, locale } = p.i18n;
  const c = p.contest;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/prizes/${c.year}`}>{c.title}</a>
      </p>
      <h1>{t('prizes.results')}</h1>
      {p.excluded !== undefined ? <p>{t('prizes.fraud.excludedPublic', { count: p.excluded })}</p> : null}
      {p.results.map((r) => (
        <>
          <h2>{r.category.label}</h2>
          {r.ranked.length === 0 ? <p>{t('prizes.noVotes')}</p> : null}
          <ol>
            {r.ranked.map((n) => (
              <li value={n.rank}>
                <span dir="auto">{n.title}</span> (<span dir="auto">{n.organisationName}</span>) — {t('prizes.votes', { count: n.votes })}
                {n.tied ? ` · ${t('prizes.tied')}` : ''}
              </li>
            ))}
          </ol>
        </>
      ))}
    </section>
  );
}
