import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { CRITERIA, SCORE_MAX, SCORE_MIN, type Award, type JuryAverage } from '../../modules/prizes/jury';
import { Csrf, ErrorSummary, Field, type FieldErrors } from '../forms';

/** A top-five nomination as the jury and selection pages show it. */
export interface PlaceView {
  nominationId: number;
  rank: number;
  votes: number;
  tied: boolean;
  title: string;
  organisationName: string;
  description: string;
  /** The project's page: its register entry, else its nomination. */
  href: string;
}

interface ContestHead {
  year: number;
  title: string;
}

const criterionLabel = (i18n: I18n, c: string) => i18n.t(`prizes.jury.criterion.${c}` as MessageKey);
const criterionHint = (i18n: I18n, c: string) => i18n.t(`prizes.jury.criterionHint.${c}` as MessageKey);
const oneDecimal = (i18n: I18n, n: number | null) =>
  n === null ? '—' : new Intl.NumberFormat(LOCALE_INFO[i18n.locale].bcp47, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

function Breadcrumb(p: { i18n: I18n; contest: ContestHead }) {
  return (
    <p class="breadcrumb">
      <a href={`/${p.i18n.locale}/prizes`}>{p.i18n.t('prizes.title')}</a> ›{' '}
      <a href={`/${p.i18n.locale}/prizes/${p.contest.year}`} dir="auto">
        {p.contest.title}
      </a>
    </p>
  );
}

/** The published criteria, each with what it asks. */
function Criteria(p: { i18n: I18n }) {
  return (
    <>
      <h2>{p.i18n.t('prizes.jury.criteria')}</h2>
      <dl>
        {CRITERIA.map((c) => (
          <>
            <dt>{criterionLabel(p.i18n, c)}</dt>
            <dd>{criterionHint(p.i18n, c)}</dd>
          </>
        ))}
      </dl>
    </>
  );
}

function PlaceHead(p: { i18n: I18n; place: PlaceView }) {
  const { t } = p.i18n;
  const n = p.place;
  return (
    <>
      <h3 dir="auto">
        <a href={n.href}>{n.title}</a>
      </h3>
      <p class="meta">
        {t('prizes.jury.place', { rank: n.rank })} · {t('prizes.votes', { count: n.votes })}
        {n.tied ? ` · ${t('prizes.tied')}` : ''} · <span dir="auto">{n.organisationName}</span>
      </p>
    </>
  );
}

/** The juror's page: the criteria, then each category's top five with a declaration or a score sheet per nomination. */
export function JuryPage(p: {
  i18n: I18n;
  csrf: string;
  contest: ContestHead;
  open: boolean;
  categories: Array<{ code: string; label: string; places: PlaceView[] }>;
  declarations: Map<number, boolean>;
  scores: Map<number, Record<string, number>>;
  /** The nomination whose form came back with errors, its values and errors. */
  failed?: { nominationId: number; values: Record<string, string>; errors: FieldErrors };
}) {
  const { t, locale } = p.i18n;
  const base = `/${locale}/prizes/${p.contest.year}/jury/nominations`;
  return (
    <section>
      <Breadcrumb i18n={p.i18n} contest={p.contest} />
      <h1>{t('prizes.jury.title')}</h1>
      {p.failed ? <ErrorSummary i18n={p.i18n} errors={p.failed.errors} /> : null}
      <p>{t('prizes.jury.intro')}</p>
      {p.open ? null : <p class="notice">{t('prizes.jury.closed')}</p>}
      <Criteria i18n={p.i18n} />
      {p.categories.map((cat) => (
        <>
          <h2>{cat.label}</h2>
          {cat.places.length === 0 ? <p>{t('prizes.noVotes')}</p> : null}
          {cat.places.map((n) => {
            const declared = p.declarations.get(n.nominationId);
            const failed = p.failed?.nominationId === n.nominationId ? p.failed : undefined;
            const sheet = p.scores.get(n.nominationId);
            return (
              <article class="card" id={`n-${n.nominationId}`}>
                <PlaceHead i18n={p.i18n} place={n} />
                <p dir="auto">{n.description}</p>
                {declared === true ? <p class="notice">{t('prizes.jury.conflictDeclared')}</p> : null}
                {declared === undefined && p.open ? (
                  <form method="post" action={`${base}/${n.nominationId}/declaration`}>
                    <Csrf token={p.csrf} />
                    {failed?.errors[`${n.nominationId}.conflict`] ? <p class="error">{failed.errors[`${n.nominationId}.conflict`]}</p> : null}
                    <fieldset>
                      <legend>{t('prizes.jury.declaration')}</legend>
                      <label>
                        <input type="radio" name="conflict" value="no" required /> {t('prizes.jury.conflictNo')}
                      </label>
                      <label>
                        <input type="radio" name="conflict" value="yes" /> {t('prizes.jury.conflictYes')}
                      </label>
                    </fieldset>
                    <button type="submit">{t('prizes.jury.saveDeclaration')}</button>
                  </form>
                ) : null}
                {declared === false ? (
                  <form method="post" action={`${base}/${n.nominationId}/scores`}>
                    <Csrf token={p.csrf} />
                    <fieldset disabled={!p.open}>
                      <legend dir="auto">{t('prizes.jury.scoresFor', { title: n.title })}</legend>
                      {CRITERIA.map((c) => {
                        const id = `f-${n.nominationId}-${c}`;
                        const error = failed?.errors[`${n.nominationId}.${c}`];
                        const value = failed ? failed.values[c] : sheet?.[c] !== undefined ? String(sheet[c]) : '';
                        return (
                          <div class="field">
                            <label for={id}>{criterionLabel(p.i18n, c)}</label>
                            <p class="hint" id={`${id}-hint`}>
                              {criterionHint(p.i18n, c)}
                            </p>
                            {error ? (
                              <p class="error" id={`${id}-error`}>
                                {error}
                              </p>
                            ) : null}
                            <input
                              type="number"
                              id={id}
                              name={c}
                              min={String(SCORE_MIN)}
                              max={String(SCORE_MAX)}
                              step="1"
                              required
                              value={value}
                              aria-invalid={error ? 'true' : undefined}
                              aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
                            />
                          </div>
                        );
                      })}
                      {failed?.errors[`${n.nominationId}.conflict`] ? <p class="error">{failed.errors[`${n.nominationId}.conflict`]}</p> : null}
                      <button type="submit">{t('prizes.jury.saveScores')}</button>
                    </fieldset>
                    {sheet ? <p class="notice">{t('prizes.jury.scored')}</p> : null}
                  </form>
                ) : null}
              </article>
            );
          })}
        </>
      ))}
    </section>
  );
}

/** A top-five place on the curators' page, with the jury's averages and the award chosen so far. */
export interface SelectionPlaceView extends PlaceView {
  jury: JuryAverage;
  conflicts: number;
  award: Award | null;
}

/** The curators' page: the jurors of the contest, then each category's top five with the jury's averages and the award form. */
export function SelectionPage(p: {
  i18n: I18n;
  csrf: string;
  contest: ContestHead;
  phase: 'early' | 'selection' | 'announcement';
  jurors: Array<{ userId: number; displayName: string; email: string }>;
  jurorErrors: FieldErrors;
  jurorEmail: string;
  categories: Array<{ code: string; label: string; places: SelectionPlaceView[] }>;
  /** The category whose confirmation came back with errors, and the choices sent. */
  failed?: { category: string; values: Record<string, string>; errors: FieldErrors };
}) {
  const { t, locale } = p.i18n;
  const base = `/${locale}/prizes/${p.contest.year}`;
  const errors = { ...p.jurorErrors, ...(p.failed?.errors ?? {}) };
  return (
    <section>
      <Breadcrumb i18n={p.i18n} contest={p.contest} />
      <h1>{t('prizes.selection.title')}</h1>
      <ErrorSummary i18n={p.i18n} errors={errors} />
      <h2>{t('prizes.selection.jurors')}</h2>
      {p.jurors.length === 0 ? <p>{t('prizes.selection.noJurors')}</p> : null}
      <ul>
        {p.jurors.map((j) => (
          <li>
            <span dir="auto">{j.displayName}</span> ({j.email})
            {p.phase !== 'announcement' ? (
              <form method="post" action={`${base}/jurors/${j.userId}/remove`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="secondary">
                  {t('prizes.selection.removeJuror', { name: j.displayName })}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {p.phase !== 'announcement' ? (
        <form method="post" action={`${base}/jurors`}>
          <Csrf token={p.csrf} />
          <Field
            i18n={p.i18n}
            name="email"
            type="email"
            label={t('field.email')}
            hint={t('prizes.selection.jurorHint')}
            value={p.jurorEmail}
            errors={p.jurorErrors}
            required
          />
          <button type="submit">{t('prizes.selection.addJuror')}</button>
        </form>
      ) : null}
      {p.phase === 'early' ? <p class="notice">{t('prizes.selection.notYet')}</p> : null}
      {p.phase === 'announcement' ? <p class="notice">{t('prizes.selection.final')}</p> : null}
      {p.categories.map((cat) => {
        const failed = p.failed?.category === cat.code ? p.failed : undefined;
        return (
          <>
            <h2>{cat.label}</h2>
            {cat.places.length === 0 ? (
              <p>{t('prizes.noVotes')}</p>
            ) : (
              <form method="post" action={`${base}/selection/${cat.code}`}>
                <Csrf token={p.csrf} />
                {failed?.errors.award ? <p class="error">{failed.errors.award}</p> : null}
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('prizes.jury.rank')}</th>
                      <th scope="col">{t('prizes.selection.project')}</th>
                      <th scope="col">{t('prizes.selection.average')}</th>
                      {CRITERIA.map((c) => (
                        <th scope="col">{criterionLabel(p.i18n, c)}</th>
                      ))}
                      <th scope="col">{t('prizes.selection.award')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cat.places.map((n) => {
                      const id = `f-award-${n.nominationId}`;
                      const error = failed?.errors[`award.${n.nominationId}`];
                      const chosen = failed ? (failed.values[`award.${n.nominationId}`] ?? 'none') : (n.award ?? 'none');
                      return (
                        <tr>
                          <td>{n.rank}</td>
                          <th scope="row">
                            <a href={n.href} dir="auto">
                              {n.title}
                            </a>
                            <br />
                            <span dir="auto">{n.organisationName}</span> · {t('prizes.votes', { count: n.votes })}
                            {n.tied ? ` · ${t('prizes.tied')}` : ''}
                          </th>
                          <td>
                            {oneDecimal(p.i18n, n.jury.overall)}
                            <br />
                            {t('prizes.selection.scoredBy', { count: n.jury.count })}
                            {n.conflicts ? (
                              <>
                                <br />
                                {t('prizes.selection.conflicts', { count: n.conflicts })}
                              </>
                            ) : null}
                          </td>
                          {CRITERIA.map((c) => (
                            <td>{oneDecimal(p.i18n, n.jury.byCriterion[c])}</td>
                          ))}
                          <td>
                            <label for={id} class="visually-hidden">
                              {t('prizes.selection.awardFor', { title: n.title })}
                            </label>
                            {error ? (
                              <p class="error" id={`${id}-error`}>
                                {error}
                              </p>
                            ) : null}
                            <select
                              id={id}
                              name={`award.${n.nominationId}`}
                              disabled={p.phase !== 'selection'}
                              aria-invalid={error ? 'true' : undefined}
                              aria-describedby={error ? `${id}-error` : undefined}
                            >
                              {(['none', 'winner', 'champion'] as const).map((a) => (
                                <option value={a} selected={chosen === a}>
                                  {a === 'none' ? t('prizes.selection.noAward') : t(`prizes.award.${a}`)}
                                </option>
                              ))}
                            </select>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                {p.phase === 'selection' ? <button type="submit">{t('prizes.selection.confirm', { category: cat.label })}</button> : null}
              </form>
            )}
          </>
        );
      })}
    </section>
  );
}

/** The public winners and champions of a year, per category, each linking to its project's register entry. */
export function WinnersPage(p: {
  i18n: I18n;
  contest: ContestHead;
  categories: Array<{ code: string; label: string; awards: Array<{ award: Award; title: string; organisationName: string; href: string }> }>;
}) {
  const { t } = p.i18n;
  const shown = p.categories.filter((c) => c.awards.length > 0);
  return (
    <section>
      <Breadcrumb i18n={p.i18n} contest={p.contest} />
      <h1>{t('prizes.winners.of', { year: p.contest.year })}</h1>
      {shown.length === 0 ? <p>{t('prizes.winners.none')}</p> : null}
      {shown.map((cat) => (
        <>
          <h2>{cat.label}</h2>
          <ul>
            {cat.awards.map((a) => (
              <li>
                <strong>{t(`prizes.award.${a.award}`)}</strong>:{' '}
                <a href={a.href} dir="auto">
                  {a.title}
                </a>{' '}
                — <span dir="auto">{t('prizes.winners.organisation', { name: a.organisationName })}</span>
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}
