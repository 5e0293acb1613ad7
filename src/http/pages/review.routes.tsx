import { Hono, type Context } from 'hono';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { LOCALES } from '../../i18n/locales';
import { authorize, can } from '../../modules/accounts/policy';
import { callSchema, closeCall, createCall, getCall, listCalls, remindOwners } from '../../modules/calls/calls.service';
import { decisionSchema, queueQuerySchema } from '../../modules/submissions/submissions.schemas';
import { getSubmission, loadEntry } from '../../modules/submissions/drafts.service';
import { findDuplicates } from '../../modules/submissions/duplicates.service';
import { decide, reviewQueue } from '../../modules/submissions/review.service';
import { CallFormPage, CallPage, CallsPage, QueuePage, ReviewPage } from '../../ui/pages/review.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, opt, parseWith, readForm } from '../forms';
import { parseSearchParams } from '../query-params';
import { requireActor } from './guards';
import { pathId, submissionDeps } from '../params';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/** The curators' queue and decisions, and calls for entries. */
export function reviewRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/review`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const params = new URLSearchParams([...new URL(c.req.url).searchParams].filter(([, v]) => v !== ''));
    const query = parseSearchParams(params, queueQuerySchema, []);
    const deps = submissionDeps(c);
    const rows = await reviewQueue(deps, c.get('actor'), query);
    const calls = (await listCalls(deps.db)).map((call) => ({ id: call.id, title: inLocale(call.titles, locale) }));
    return localePage(c, i18n.t('review.queue'), <QueuePage i18n={i18n} query={query} rows={rows} calls={calls} />);
  });

  const reviewView = async (c: Context<AppEnv>, id: number) => {
    const deps = submissionDeps(c);
    authorize(c.get('actor'), 'review.decide');
    const view = await getSubmission(deps, c.get('actor'), id);
    const current = view.entryId ? await loadEntry(deps, view.entryId) : null;
    const duplicates = await findDuplicates(deps, view.data, view.entryId);
    return { view, current: current ?? null, duplicates };
  };

  r.get(`${L}/review/:id`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const v = await reviewView(c, pathId(c));
    return localePage(c, i18n.t('review.title'), <ReviewPage i18n={i18n} csrf={c.get('csrfToken')} {...v} errors={{}} />);
  });

  r.post(`${L}/review/:id`, async (c) => {
    const locale = c.get('locale');
    const id = pathId(c);
    const f = await readForm(c);
    const fieldComments = Object.fromEntries(Object.entries(f).filter(([k]) => k.startsWith('comment.')).map(([k, v]) => [k.slice(8), (Array.isArray(v) ? v[0] : v) ?? '']));
    const decision = one(f, 'decision');
    try {
      const input = parseWith(decisionSchema, decision === 'request_changes' ? { decision, message: one(f, 'message') ?? '', fieldComments } : { decision, message: one(f, 'message') ?? '' });
      const { entryId } = await decide(submissionDeps(c), c.get('actor'), id, input);
      return c.redirect(decision === 'approve' && entryId ? `/${locale}/activities/${entryId}` : `/${locale}/review`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const i18n = i18nFor(locale);
      const v = await reviewView(c, id);
      const errors = fieldErrors(locale, e.details.map((d) => (d.field.startsWith('fieldComments') ? { ...d, field: 'fieldComments' } : d)));
      return localePage(c, i18n.t('review.title'), <ReviewPage i18n={i18n} csrf={c.get('csrfToken')} {...v} errors={errors} />, formStatus(e));
    }
  });

  r.get(`${L}/calls`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const calls = (await listCalls(c.get('deps').db)).map((call) => ({ ...call, title: inLocale(call.titles, locale), opensAt: new Date(call.opensAt), closesAt: new Date(call.closesAt), received: Number(call.received) }));
    return localePage(c, i18n.t('calls.title'), <CallsPage i18n={i18n} csrf={c.get('csrfToken')} calls={calls} canManage={can(c.get('actor'), 'call.manage')} />);
  });
  r.get(`${L}/calls/new`, (c) => {
    authorize(requireActor(c), 'call.manage');
    const i18n = i18nFor(c.get('locale'));
    return localePage(c, i18n.t('calls.new'), <CallFormPage i18n={i18n} csrf={c.get('csrfToken')} errors={{}} values={{}} />);
  });
  r.post(`${L}/calls`, async (c) => {
    const locale = c.get('locale');
    const f = await readForm(c);
    const labels = (prefix: string) => Object.fromEntries(LOCALES.map((l) => [l, opt(f, `${prefix}.${l}`)]).filter(([, v]) => v));
    try {
      const input = parseWith(callSchema, { titles: labels('titles'), texts: labels('texts'), opensAt: one(f, 'opensAt') ?? '', closesAt: one(f, 'closesAt') ?? '', accepts: one(f, 'accepts') ?? '' });
      const id = await createCall(c.get('deps').db, c.get('actor'), input);
      return c.redirect(`/${locale}/calls/${id}`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const i18n = i18nFor(locale);
      const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      return localePage(c, i18n.t('calls.new'), <CallFormPage i18n={i18n} csrf={c.get('csrfToken')} errors={fieldErrors(locale, e.details)} values={values} />, formStatus(e));
    }
  });
  const callView = async (c: Context<AppEnv>, id: number) => {
    const locale = c.get('locale');
    const call = await getCall(c.get('deps').db, id);
    return { ...call, title: inLocale(call.titles, locale), text: inLocale(call.texts, locale), opensAt: new Date(call.opensAt), closesAt: new Date(call.closesAt), received: Number(call.received) };
  };
  r.get(`${L}/calls/:id`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const call = await callView(c, pathId(c));
    return localePage(c, call.title, <CallPage i18n={i18n} csrf={c.get('csrfToken')} call={call} canManage={can(c.get('actor'), 'call.manage')} />);
  });
  r.post(`${L}/calls/:id/close`, async (c) => {
    const id = pathId(c);
    await closeCall(c.get('deps').db, c.get('actor'), id);
    return c.redirect(`/${c.get('locale')}/calls/${id}`, 303);
  });
  r.post(`${L}/calls/:id/remind`, async (c) => {
    const id = pathId(c);
    const { db, config } = c.get('deps');
    const mails = await remindOwners(db, c.get('actor'), id, config);
    const i18n = i18nFor(c.get('locale'));
    const call = await callView(c, id);
    return localePage(c, call.title, <CallPage i18n={i18n} csrf={c.get('csrfToken')} call={call} canManage reminded={mails} />);
  });

  return r;
}
