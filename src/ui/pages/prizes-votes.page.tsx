import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { SIGNAL_KINDS, type FraudThresholds, type SignalKind } from '../../modules/prizes/fraud';
import { Csrf, ErrorSummary, Field, type FieldErrors } from '../forms';

/** A vote as the curator's page lists it: its key (for the forms), the voter's pseudonym, never an id or address. */
export interface VoteRow {
  key: string;
  voter: string;
  category: string;
  nominationId: number;
  castAt: Date;
  network: string | null;
  excluded: boolean;
}

export interface SignalView {
  kind: SignalKind;
  subject: string;
  measure: number;
  votes: VoteRow[];
  /** Votes beyond those listed. */
  more: number;
}

export interface ExcludedView extends VoteRow {
  reason: string;
  excludedAt: Date | null;
  excludedBy: string | null;
}

/** How many signals of one kind the page lists. */
export const SIGNALS_SHOWN = 50;
/** How many votes of one signal the page lists. */
export const VOTES_SHOWN = 100;

const THRESHOLD_FIELDS: Array<keyof FraudThresholds> = [
  'addressVotes',
  'networkVotes',
  'burstMinutes',
  'newAccountHours',
  'rapidVotes',
  'rapidSeconds',
  'readSeconds',
];

const formats = new Map<string, Intl.DateTimeFormat>();
/** An instant to the second, in UTC (votes are compared across zones), one formatter per language. */
function when(i18n: I18n, d: Date | null): string {
  if (!d) return '—';
  let f = formats.get(i18n.locale);
  if (!f) formats.set(i18n.locale, (f = new Intl.DateTimeFormat(LOCALE_INFO[i18n.locale].bcp47, { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' })));
  return f.format(d);
}

function VoteTable(p: { i18n: I18n; votes: VoteRow[]; selected: ReadonlySet<string>; caption: string; categoryLabel: (code: string) => string }) {
  const { t } = p.i18n;
  return (
    <table>
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('prizes.fraud.select')}</th>
          <th scope="col">{t('prizes.fraud.voter')}</th>
          <th scope="col">{t('prizes.category')}</th>
          <th scope="col">{t('prizes.fraud.nomination')}</th>
          <th scope="col">{t('prizes.fraud.castAt')}</th>
          <th scope="col">{t('prizes.fraud.network')}</th>
          <th scope="col">{t('prizes.fraud.state')}</th>
        </tr>
      </thead>
      <tbody>
        {p.votes.map((v) => (
          <tr>
            <td>
              {v.excluded ? null : (
                <input
                  type="checkbox"
                  name="votes"
                  value={v.key}
                  checked={p.selected.has(v.key)}
                  aria-label={t('prizes.fraud.selectVote', { voter: v.voter, category: p.categoryLabel(v.category) })}
                />
              )}
            </td>
            <td>
              <code>{v.voter}</code>
            </td>
            <td>{p.categoryLabel(v.category)}</td>
            <td>{p.i18n.number(v.nominationId)}</td>
            <td>{when(p.i18n, v.castAt)}</td>
            <td>
              <code dir="ltr">{v.network ?? '—'}</code>
            </td>
            <td>{v.excluded ? t('prizes.fraud.excluded') : t('prizes.fraud.counted')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The curators' page of a contest's votes: fraud signals, exclusion with a reason, reinstatement, the audit export. */
/** A form's error about the votes chosen (none, or too many) and the reason every exclusion or reinstatement needs. */
function ReasonFields(props: {
  p: { i18n: I18n; errors: FieldErrors; values: { reason?: string; reinstateReason?: string } };
  selection: 'votes' | 'reinstateVotes';
  reason: 'reason' | 'reinstateReason';
  label: string;
}) {
  const { p, selection, reason } = props;
  return (
    <>
      {p.errors[selection] ? (
        <p class="error" id={`f-${selection}`} tabindex={-1}>
          {p.errors[selection]}
        </p>
      ) : null}
      <Field i18n={p.i18n} name={reason} type="textarea" rows={3} required label={props.label} errors={p.errors} value={p.values[reason]} maxlength={1000} />
    </>
  );
}

export function VotesPage(p: {
  i18n: I18n;
  csrf: string;
  year: number;
  title: string;
  total: number;
  excludedTotal: number;
  thresholds: FraudThresholds;
  signals: SignalView[];
  excluded: ExcludedView[];
  categoryLabel: (code: string) => string;
  errors: FieldErrors;
  values: { reason?: string; reinstateReason?: string; votes?: string[] };
  done?: string | undefined;
}) {
  const { t, locale } = p.i18n;
  const base = `/${locale}/prizes/${p.year}`;
  const selected = new Set(p.values.votes ?? []);
  const byKind = new Map(SIGNAL_KINDS.map((k) => [k, p.signals.filter((s) => s.kind === k)]));
  return (
    <section>
      <p class="breadcrumb">
        <a href={base}>{p.title}</a>
      </p>
      <h1>{t('prizes.fraud.title')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      {p.done ? (
        <p class="notice" role="status">
          {p.done}
        </p>
      ) : null}
      <p>{t('prizes.fraud.totals', { total: p.total, excluded: p.excludedTotal })}</p>
      <p>{t('prizes.fraud.intro')}</p>
      <p>
        <a href={`${base}/votes.csv`} type="text/csv" download>
          {t('prizes.fraud.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={`${base}/votes.json`} type="application/json">
          {t('prizes.fraud.exportJson')}
        </a>
      </p>
      <details>
        <summary>{t('prizes.fraud.thresholds')}</summary>
        <form method="get" action={`${base}/votes`}>
          {THRESHOLD_FIELDS.map((f) => (
            <Field i18n={p.i18n} name={f} type="number" label={t(`prizes.fraud.th.${f}` as MessageKey)} value={String(p.thresholds[f])} />
          ))}
          <button type="submit">{t('prizes.fraud.apply')}</button>
        </form>
      </details>

      <form method="post" action={`${base}/votes/exclude`}>
        <Csrf token={p.csrf} />
        {SIGNAL_KINDS.map((kind) => {
          const list = byKind.get(kind) ?? [];
          return (
            <section aria-labelledby={`k-${kind}`}>
              <h2 id={`k-${kind}`}>
                {t(`prizes.fraud.kind.${kind}` as MessageKey)} ({p.i18n.number(list.length)})
              </h2>
              <p class="hint">{t(`prizes.fraud.explain.${kind}` as MessageKey, { ...p.thresholds })}</p>
              {list.length === 0 ? <p>{t('prizes.fraud.noSignal')}</p> : null}
              {list.slice(0, SIGNALS_SHOWN).map((s) => (
                <>
                  <VoteTable
                    i18n={p.i18n}
                    votes={s.votes}
                    selected={selected}
                    categoryLabel={p.categoryLabel}
                    caption={`${s.subject} — ${t(`prizes.fraud.measure.${kind}` as MessageKey, { n: s.measure })}`}
                  />
                  {s.more > 0 ? <p>{t('prizes.fraud.moreVotes', { count: s.more })}</p> : null}
                </>
              ))}
              {list.length > SIGNALS_SHOWN ? <p>{t('prizes.fraud.moreSignals', { count: list.length - SIGNALS_SHOWN })}</p> : null}
            </section>
          );
        })}
        <ReasonFields p={p} selection="votes" reason="reason" label={t('prizes.fraud.reason')} />
        <button type="submit">{t('prizes.fraud.exclude')}</button>
      </form>

      <h2 id="excluded">{t('prizes.fraud.excludedVotes')}</h2>
      {p.excluded.length === 0 ? (
        <p>{t('prizes.fraud.noneExcluded')}</p>
      ) : (
        <form method="post" action={`${base}/votes/reinstate`}>
          <Csrf token={p.csrf} />
          <table>
            <caption>{t('prizes.fraud.excludedVotes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('prizes.fraud.select')}</th>
                <th scope="col">{t('prizes.fraud.voter')}</th>
                <th scope="col">{t('prizes.category')}</th>
                <th scope="col">{t('prizes.fraud.castAt')}</th>
                <th scope="col">{t('prizes.reason')}</th>
                <th scope="col">{t('prizes.fraud.excludedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {p.excluded.map((v) => (
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      name="votes"
                      value={v.key}
                      checked={selected.has(v.key)}
                      aria-label={t('prizes.fraud.selectVote', { voter: v.voter, category: p.categoryLabel(v.category) })}
                    />
                  </td>
                  <td>
                    <code>{v.voter}</code>
                  </td>
                  <td>{p.categoryLabel(v.category)}</td>
                  <td>{when(p.i18n, v.castAt)}</td>
                  <td dir="auto">{v.reason}</td>
                  <td>
                    {v.excludedBy ?? '—'}, {when(p.i18n, v.excludedAt)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ReasonFields p={p} selection="reinstateVotes" reason="reinstateReason" label={t('prizes.fraud.reinstateReason')} />
          <button type="submit">{t('prizes.fraud.reinstate')}</button>
        </form>
      )}
    </section>
  );
}
