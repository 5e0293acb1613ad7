import { Hono, type Context } from 'hono';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { attachmentHeaders, pulledStream } from '../file-answers';
import { authorize, can } from '../../modules/accounts/policy';
import { PHASES } from '../../modules/consultations/consultations';
import { statementJson, statementsCsv } from '../../modules/consultations/consultations.presenter';
import {
  consultationSchema,
  decisionSchema,
  extensionSchema,
  statementSchema,
  summarySchema,
  synthesisFilterSchema,
} from '../../modules/consultations/consultations.schemas';
import {
  attachFile,
  createConsultation,
  extendDeadline,
  getConsultation,
  listConsultations,
  mayAttach,
  moderateStatement,
  moderationQueue,
  readStatement,
  saveSummary,
  speakingFor,
  statementFile,
  submitStatement,
  synthesis,
} from '../../modules/consultations/consultations.service';
import { MAX_UPLOAD_BYTES } from '../../modules/publications/file-check';
import { ModerationPage, StatementPage, SynthesisPage } from '../../ui/pages/consultation-synthesis.page';
import { ConsultationFormPage, ConsultationPage, ConsultationsPage, type StatementFormState } from '../../ui/pages/consultations.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, opt, parseWith, readForm, type FormValues } from '../forms';
import { pathId } from '../params';
import { streamedUpload } from '../uploads';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;
const ZONES = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const QUESTION_SLOTS = 5;
const NOTICES = ['sent', 'extended', 'attached'] as const;
const EMPTY: StatementFormState = { errors: {}, values: {} };

const flat = (f: FormValues) => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
const notice = (c: Context<AppEnv>) => NOTICES.find((n) => n === c.req.query('notice'));

/** Open consultations: the list, opening one, its page and timeline, statements, moderation, the synthesis and its exports. */
export function consultationRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/consultations`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { open, closed } = await listConsultations(c.get('deps').db);
    const actor = c.get('actor');
    return localePage(
      c,
      i18n.t('consult.title'),
      <ConsultationsPage
        i18n={i18n}
        open={open}
        closed={closed}
        canManage={can(actor, 'consultation.manage')}
        canModerate={can(actor, 'consultation.moderate')}
      />,
    );
  });

  const formPage = (
    c: Context<AppEnv>,
    errors: Record<string, string>,
    values: Record<string, string | undefined>,
    status: 200 | 401 | 409 | 422 | 429 | 400 = 200,
  ) => {
    const i18n = i18nFor(c.get('locale'));
    return localePage(
      c,
      i18n.t('consult.new'),
      <ConsultationFormPage i18n={i18n} csrf={c.get('csrfToken')} errors={errors} values={values} zones={ZONES} questionSlots={QUESTION_SLOTS} />,
      status,
    );
  };
  r.get(`${L}/consultations/new`, (c) => {
    authorize(requireActor(c), 'consultation.manage');
    return formPage(c, {}, {});
  });
  r.post(`${L}/consultations`, async (c) => {
    const locale = c.get('locale');
    const f = await readForm(c);
    const labels = (prefix: string) => Object.fromEntries(LOCALES.map((l) => [l, opt(f, `${prefix}.${l}`)]).filter(([, v]) => v));
    try {
      // Refused before the form is read further: a visitor or contributor learns nothing from its errors.
      authorize(c.get('actor'), 'consultation.manage');
      const questions = Array.from({ length: QUESTION_SLOTS }, (_, i) => labels(`questions.${i}`)).filter((q) => Object.keys(q).length);
      const input = parseWith(consultationSchema, {
        titles: labels('titles'),
        contexts: labels('contexts'),
        questions,
        timeZone: one(f, 'timeZone') ?? '',
        phases: Object.fromEntries(PHASES.map((p) => [p, { starts: one(f, `phases.${p}.starts`) ?? '', ends: one(f, `phases.${p}.ends`) ?? '' }])),
      });
      const id = await createConsultation(c.get('deps').db, c.get('actor'), input);
      return c.redirect(`/${locale}/consultations/${id}`, 303);
    } catch (e) {
      if (!isFormError(e) || e.code === 'unauthenticated') throw e;
      return formPage(c, fieldErrors(locale, e.details), flat(f), formStatus(e));
    }
  });

  r.get(`${L}/consultations/moderation`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const queue = await moderationQueue(c.get('deps').db, requireActor(c));
    return localePage(
      c,
      i18n.t('consult.moderation'),
      <ModerationPage i18n={i18n} csrf={c.get('csrfToken')} taxonomy={c.get('deps').taxonomy} queue={queue} errors={{}} />,
    );
  });
  r.post(`${L}/consultations/statements/:sid/decision`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c, 'sid');
    const f = await readForm(c);
    const { db, taxonomy } = c.get('deps');
    try {
      authorize(c.get('actor'), 'consultation.moderate');
      const input = parseWith(decisionSchema, { decision: one(f, 'decision') ?? '', reason: one(f, 'reason') ?? '' });
      await moderateStatement(db, c.get('actor'), id, input);
      return c.redirect(`/${locale}/consultations/moderation`, 303);
    } catch (e) {
      if (!isFormError(e) || e.code === 'unauthenticated') throw e;
      const i18n = i18nFor(locale);
      const queue = await moderationQueue(db, c.get('actor'));
      return localePage(
        c,
        i18n.t('consult.moderation'),
        <ModerationPage i18n={i18n} csrf={c.get('csrfToken')} taxonomy={taxonomy} queue={queue} errors={fieldErrors(locale, e.details)} failedId={id} />,
        formStatus(e),
      );
    }
  });

  const consultationPage = async (
    c: Context<AppEnv>,
    id: number,
    form: StatementFormState,
    extend: StatementFormState,
    status: 200 | 400 | 401 | 409 | 422 | 429 = 200,
  ) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const { db } = c.get('deps');
    const actor = c.get('actor');
    const view = await getConsultation(db, id);
    const organisations = await speakingFor(db, actor);
    const n = notice(c);
    return localePage(
      c,
      inLocale(view.titles, locale),
      <ConsultationPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        c={view}
        now={new Date()}
        signedIn={actor !== null}
        organisations={organisations}
        canManage={can(actor, 'consultation.manage')}
        form={form}
        extend={extend}
        notice={n === 'attached' ? undefined : n}
      />,
      status,
    );
  };
  r.get(`${L}/consultations/:id`, (c) => consultationPage(c, pathId(c), EMPTY, EMPTY));

  r.post(`${L}/consultations/:id/statements`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    try {
      const input = parseWith(statementSchema, {
        questionId: opt(f, 'questionId') ?? null,
        organisationId: one(f, 'organisationId') ?? '',
        body: one(f, 'body') ?? '',
        visibility: one(f, 'visibility') ?? '',
        language: one(f, 'language') ?? locale,
      });
      const sid = await submitStatement(c.get('deps'), c.get('actor'), id, input);
      return c.redirect(`/${locale}/consultations/${id}/statements/${sid}?notice=sent`, 303);
    } catch (e) {
      if (!isFormError(e) || e.code === 'unauthenticated') throw e;
      return consultationPage(c, id, { errors: fieldErrors(locale, e.details), values: flat(f) }, EMPTY, formStatus(e));
    }
  });

  r.post(`${L}/consultations/:id/extend`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    const { db, config } = c.get('deps');
    try {
      authorize(c.get('actor'), 'consultation.manage');
      const { deadline } = parseWith(extensionSchema, { deadline: one(f, 'deadline') ?? '' });
      await extendDeadline(db, c.get('actor'), id, deadline, config);
      return c.redirect(`/${locale}/consultations/${id}?notice=extended`, 303);
    } catch (e) {
      if (!isFormError(e) || e.code === 'unauthenticated') throw e;
      return consultationPage(c, id, EMPTY, { errors: fieldErrors(locale, e.details), values: flat(f) }, formStatus(e));
    }
  });

  const statementPage = async (c: Context<AppEnv>, id: number, sid: number, errors: Record<string, string> = {}, status: 200 | 422 | 409 | 413 = 200) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const { db, taxonomy } = c.get('deps');
    const actor = c.get('actor');
    const s = await readStatement(db, actor, id, sid);
    const view = await getConsultation(db, id);
    return localePage(
      c,
      i18n.t('consult.statementBy', { organisation: s.organisationName }),
      <StatementPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        taxonomy={taxonomy}
        c={view}
        s={s}
        canAttach={mayAttach(actor, s, view)}
        staff={can(actor, 'consultation.read_all')}
        errors={errors}
        notice={notice(c)}
      />,
      status,
    );
  };
  r.get(`${L}/consultations/:id/statements/:sid`, (c) => statementPage(c, pathId(c), pathId(c, 'sid')));
  r.post(`${L}/consultations/:id/statements/:sid/files`, streamedUpload({ maxBytes: MAX_UPLOAD_BYTES, field: 'file' }), async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const sid = pathId(c, 'sid');
    requireActor(c);
    try {
      await attachFile(c.get('deps').db, c.get('actor'), id, sid, c.get('upload'));
    } catch (e) {
      if (!(e instanceof AppError && (e.code === 'validation_failed' || e.code === 'invalid_transition'))) throw e;
      return statementPage(c, id, sid, fieldErrors(locale, e.details), e.code === 'validation_failed' ? 422 : 409);
    }
    return c.redirect(`/${locale}/consultations/${id}/statements/${sid}?notice=attached`, 303);
  });
  r.get(`${L}/consultations/:id/statements/:sid/files/:fileId`, async (c) => {
    const file = await statementFile(c.get('deps').db, c.get('actor'), pathId(c), pathId(c, 'sid'), pathId(c, 'fileId'));
    const body = pulledStream(file.chunks());
    return c.body(body, 200, {
      ...attachmentHeaders(file),
      'cache-control': 'private, max-age=0',
    });
  });

  const readSynthesis = async (c: Context<AppEnv>) => {
    const filter = parseWith(synthesisFilterSchema, { question: c.req.query('question'), type: c.req.query('type'), region: c.req.query('region') });
    const s = await synthesis(c.get('deps').db, c.get('actor'), pathId(c), filter);
    return { filter, s };
  };
  r.get(`${L}/consultations/:id/synthesis`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const { filter, s } = await readSynthesis(c);
    const query = new URL(c.req.url).search;
    return localePage(
      c,
      i18n.t('consult.synthesisOf', { title: inLocale(s.consultation.titles, locale) }),
      <SynthesisPage
        i18n={i18n}
        csrf={c.get('csrfToken')}
        taxonomy={c.get('deps').taxonomy}
        s={s}
        filter={filter}
        canManage={can(c.get('actor'), 'consultation.manage')}
        query={query}
      />,
    );
  });
  r.post(`${L}/consultations/:id/summaries`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    authorize(c.get('actor'), 'consultation.manage');
    const questionId = one(f, 'questionId') ?? '';
    const { summary } = parseWith(summarySchema, { questionId, summary: one(f, `summary-${questionId}`) ?? '' }) as { questionId: number; summary: string };
    await saveSummary(c.get('deps').db, c.get('actor'), id, Number(questionId), locale, summary);
    return c.redirect(`/${locale}/consultations/${id}/synthesis#q-${questionId}`, 303);
  });
  r.get(`${L}/consultations/:id/statements.csv`, async (c) => {
    const { s } = await readSynthesis(c);
    const rows = s.statements.map((x) => statementJson(x, s, c.get('deps').taxonomy, c.get('locale')));
    return c.body(statementsCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="consultation-${s.consultation.id}-statements.csv"`,
    });
  });
  r.get(`${L}/consultations/:id/statements.json`, async (c) => {
    const { s } = await readSynthesis(c);
    const rows = s.statements.map((x) => statementJson(x, s, c.get('deps').taxonomy, c.get('locale')));
    return c.json({ consultation: s.consultation.id, scope: s.all ? 'all' : 'public', statements: rows });
  });

  return r;
}
