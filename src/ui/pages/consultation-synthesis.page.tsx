import type { I18n, MessageKey } from '../../i18n/i18n';
import { LOCALE_INFO, isLocale } from '../../i18n/locales';
import type { Labels } from '../../modules/consultations/consultations';
import type { Consultation, ConsultationView, Synthesis } from '../../modules/consultations/consultations.service';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { Csrf, ErrorSummary, Field, SelectField, type FieldErrors } from '../forms';
import { Localised } from './consultations.page';

type Statement = Synthesis['statements'][number];
type Filter = { question?: string | undefined; type?: string | undefined; region?: string | undefined };

const typeLabel = (tx: Taxonomy, i18n: I18n, code: string) => tx.label('stakeholder-type', code, i18n.locale);
const regionLabel = (tx: Taxonomy, i18n: I18n, code: string | null) => (code ? tx.label('region', code, i18n.locale) : i18n.t('consult.noRegion'));

function CountTable(p: { i18n: I18n; caption: string; head: string; rows: Array<{ label: string; n: number }> }) {
  const total = p.rows.reduce((s, r) => s + r.n, 0);
  return (
    <table class="count-table">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{p.head}</th>
          <th scope="col" class="num">
            {p.i18n.t('consult.statements')}
          </th>
        </tr>
      </thead>
      <tbody>
        {p.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td class="num">{p.i18n.number(r.n)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{p.i18n.t('consult.total')}</th>
          <td class="num">{p.i18n.number(total)}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** One statement: who spoke (organisation, type, region), on what, and what they said; files linked. */
export function StatementItem(p: {
  i18n: I18n;
  taxonomy: Taxonomy;
  s: Statement;
  c: Consultation & { questions: ConsultationView['questions'] };
  staff: boolean;
  /** The heading level that fits where the statement is shown. */
  level?: 'h2' | 'h3';
}) {
  const { t, locale } = p.i18n;
  const s = p.s;
  const q = p.c.questions.find((x) => x.id === s.questionId);
  const lang = isLocale(s.language) ? LOCALE_INFO[s.language].bcp47 : undefined;
  const Heading = p.level ?? 'h3';
  return (
    <article class="statement">
      <Heading dir="auto">
        <a href={`/${locale}/consultations/${p.c.id}/statements/${s.id}`}>{s.organisationName}</a>
      </Heading>
      <p class="meta">
        {typeLabel(p.taxonomy, p.i18n, s.stakeholderType)} · {regionLabel(p.taxonomy, p.i18n, s.region)} ·{' '}
        {q ? t('consult.questionShort', { n: q.number }) : t('consult.whole')} · {p.i18n.date(s.createdAt)}
        {p.staff ? (
          <>
            {' '}
            · {t(`consult.visibility.${s.visibility}` as MessageKey)} · {t(`consult.state.${s.status}` as MessageKey)}
          </>
        ) : null}
      </p>
      <div class="statement-body" lang={lang} dir="auto">
        {s.body.split(/\n{2,}/).map((para) => (
          <p>{para}</p>
        ))}
      </div>
      {s.files.length ? (
        <ul class="files">
          {s.files.map((f) => (
            <li>
              <a href={`/${locale}/consultations/${p.c.id}/statements/${s.id}/files/${f.id}`} dir="auto">
                {f.name}
              </a>{' '}
              ({p.i18n.number(Math.max(1, Math.round(f.size / 1024)))} KB)
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

export function SynthesisPage(p: { i18n: I18n; csrf: string; taxonomy: Taxonomy; s: Synthesis; filter: Filter; canManage: boolean; query: string }) {
  const { t, locale } = p.i18n;
  const c = p.s.consultation;
  const types = p.s.byType.map((r) => ({ value: r.key, label: typeLabel(p.taxonomy, p.i18n, r.key), n: r.n }));
  const regions = p.s.byRegion.map((r) => ({ value: r.key ?? 'none', label: regionLabel(p.taxonomy, p.i18n, r.key), n: r.n }));
  const qText = (labels: Labels) => labels[locale] || Object.values(labels).find(Boolean) || '';
  const base = `/${locale}/consultations/${c.id}`;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/consultations`}>{t('consult.title')}</a> › <a href={base}>{qText(c.titles)}</a>
      </p>
      <h1>{t('consult.synthesisOf', { title: qText(c.titles) })}</h1>
      {p.s.all ? <p class="notice">{t('consult.staffView')}</p> : null}
      <h2>{t('consult.counts')}</h2>
      <p class="hint">{t('consult.countsHint')}</p>
      <CountTable i18n={p.i18n} caption={t('consult.byType')} head={t('field.stakeholderType')} rows={types.map((r) => ({ label: r.label, n: r.n }))} />
      <CountTable i18n={p.i18n} caption={t('consult.byRegion')} head={t('field.regions')} rows={regions.map((r) => ({ label: r.label, n: r.n }))} />
      <h2>{t('consult.summaries')}</h2>
      {c.questions.map((q) => (
        <section class="summary" aria-labelledby={`q-${q.id}`}>
          <h3 id={`q-${q.id}`}>
            {t('consult.questionShort', { n: q.number })}: <Localised i18n={p.i18n} labels={q.texts} />
          </h3>
          {Object.values(q.summaries).some(Boolean) ? <Localised i18n={p.i18n} labels={q.summaries} markdown /> : <p class="meta">{t('consult.noSummary')}</p>}
          {p.canManage ? (
            <form method="post" action={`${base}/summaries`} novalidate>
              <Csrf token={p.csrf} />
              <input type="hidden" name="questionId" value={String(q.id)} />
              <Field
                i18n={p.i18n}
                name={`summary-${q.id}`}
                type="textarea"
                rows={4}
                label={t('consult.summaryLabel', { n: q.number, language: LOCALE_INFO[locale].name })}
                value={q.summaries[locale] ?? ''}
              />
              <button type="submit" class="secondary">
                {t('consult.saveSummary')}
              </button>
            </form>
          ) : null}
        </section>
      ))}
      <h2 id="statements-h">{t('consult.publicStatements')}</h2>
      <form method="get" action={`${base}/synthesis`} class="filters" aria-labelledby="statements-h">
        <SelectField
          i18n={p.i18n}
          name="question"
          label={t('consult.filterQuestion')}
          empty
          options={[
            { value: 'whole', label: t('consult.whole') },
            ...c.questions.map((q) => ({ value: String(q.id), label: t('consult.questionShort', { n: q.number }) })),
          ]}
          value={p.filter.question}
        />
        <SelectField i18n={p.i18n} name="type" label={t('field.stakeholderType')} empty options={types} value={p.filter.type} />
        <SelectField i18n={p.i18n} name="region" label={t('field.regions')} empty options={regions} value={p.filter.region} />
        <button type="submit" class="secondary">
          {t('consult.filter')}
        </button>
      </form>
      <p>
        {t('consult.export')} <a href={`${base}/statements.csv${p.query}`}>CSV</a> · <a href={`${base}/statements.json${p.query}`}>JSON</a>
      </p>
      <p role="status">{t('consult.shown', { count: p.s.statements.length })}</p>
      {p.s.statements.map((s) => (
        <StatementItem i18n={p.i18n} taxonomy={p.taxonomy} s={s} c={c} staff={p.s.all} />
      ))}
    </section>
  );
}

/** One statement's own page: its author sees it pending (and may add files until the deadline). */
export function StatementPage(p: {
  i18n: I18n;
  csrf: string;
  taxonomy: Taxonomy;
  c: ConsultationView;
  s: Statement & { reason: string | null };
  canAttach: boolean;
  staff: boolean;
  errors: FieldErrors;
  notice?: string | undefined;
}) {
  const { t, locale } = p.i18n;
  const base = `/${locale}/consultations/${p.c.id}`;
  return (
    <section>
      <p class="breadcrumb">
        <a href={base}>
          <Localised i18n={p.i18n} labels={p.c.titles} />
        </a>
      </p>
      <h1>{t('consult.statementBy', { organisation: p.s.organisationName })}</h1>
      {p.notice ? (
        <p role="status" class="notice">
          {t(`consult.notice.${p.notice}` as MessageKey)}
        </p>
      ) : null}
      <p class="notice">
        {t(`consult.state.${p.s.status}` as MessageKey)} · {t(`consult.visibility.${p.s.visibility}` as MessageKey)}
      </p>
      {p.s.status === 'rejected' && p.s.reason ? (
        <p>
          {t('field.reason')}: <span dir="auto">{p.s.reason}</span>
        </p>
      ) : null}
      <StatementItem i18n={p.i18n} taxonomy={p.taxonomy} s={p.s} c={p.c} staff={p.staff} level="h2" />
      {p.canAttach ? (
        <>
          <h2>{t('consult.attach')}</h2>
          <ErrorSummary i18n={p.i18n} errors={p.errors} />
          <form method="post" action={`${base}/statements/${p.s.id}/files`} enctype="multipart/form-data">
            <Csrf token={p.csrf} />
            <label for="f-file">{t('field.file')}</label>
            <p class="hint" id="f-file-hint">
              {t('consult.attachHint')}
            </p>
            <input id="f-file" type="file" name="file" aria-describedby="f-file-hint" />
            {p.errors.file ? <p class="error">{p.errors.file}</p> : null}
            <button type="submit" class="secondary">
              {t('consult.upload')}
            </button>
          </form>
        </>
      ) : null}
    </section>
  );
}

/** The curators' queue of statements: approve, or reject with a reason (audited like every decision). */
export function ModerationPage(p: {
  i18n: I18n;
  csrf: string;
  taxonomy: Taxonomy;
  queue: Array<Statement & { consultationTitles: Labels }>;
  errors: FieldErrors;
  failedId?: number | undefined;
}) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <p class="breadcrumb">
        <a href={`/${locale}/consultations`}>{t('consult.title')}</a>
      </p>
      <h1>{t('consult.moderation')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      {p.queue.length ? null : <p>{t('consult.queueEmpty')}</p>}
      {p.queue.map((s) => (
        <article class="statement">
          <h2 dir="auto">
            <a href={`/${locale}/consultations/${s.consultationId}/statements/${s.id}`}>{t('consult.statementBy', { organisation: s.organisationName })}</a>
          </h2>
          <p class="meta">
            <Localised i18n={p.i18n} labels={s.consultationTitles} /> · {typeLabel(p.taxonomy, p.i18n, s.stakeholderType)} ·{' '}
            {regionLabel(p.taxonomy, p.i18n, s.region)} · {t(`consult.visibility.${s.visibility}` as MessageKey)}
          </p>
          <div class="statement-body" dir="auto">
            {s.body.split(/\n{2,}/).map((para) => (
              <p>{para}</p>
            ))}
          </div>
          <form method="post" action={`/${locale}/consultations/statements/${s.id}/decision`} novalidate>
            <Csrf token={p.csrf} />
            <fieldset>
              <legend>{t('field.decision')}</legend>
              <label class="option">
                <input type="radio" name="decision" value="approve" checked /> {t('consult.approve')}
              </label>
              <label class="option">
                <input type="radio" name="decision" value="reject" /> {t('consult.reject')}
              </label>
            </fieldset>
            <label for={`f-reason-${s.id}`}>{t('consult.reason')}</label>
            <input id={`f-reason-${s.id}`} name="reason" maxlength={1000} dir="auto" />
            {p.failedId === s.id && p.errors.reason ? <p class="error">{p.errors.reason}</p> : null}
            <button type="submit">{t('consult.decide')}</button>
          </form>
        </article>
      ))}
    </section>
  );
}
