import { Hono, type Context } from 'hono';
import { i18nFor, inLocale } from '../../i18n/i18n';
import { LOCALES } from '../../i18n/locales';
import { authorize, can } from '../../modules/accounts/policy';
import { callSchema, closeCall, createCall, getCall, listCalls, remindOwners } from '../../modules/calls/calls.service';
import { CallFormPage, CallPage, CallsPage } from '../../ui/pages/calls.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, opt, parseWith, readForm } from '../forms';
import { pathId } from '../params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/** Calls for entries: the list, opening one, its page, closing it and reminding owners to confirm. */
export function callRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/calls`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const calls = (await listCalls(c.get('deps').db)).map((call) => ({
      ...call,
      title: inLocale(call.titles, locale),
      opensAt: new Date(call.opensAt),
      closesAt: new Date(call.closesAt),
      received: Number(call.received),
    }));
    return localePage(
      c,
      i18n.t('calls.title'),
      <CallsPage i18n={i18n} csrf={c.get('csrfToken')} calls={calls} canManage={can(c.get('actor'), 'call.manage')} />,
    );
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
      const input = parseWith(callSchema, {
        titles: labels('titles'),
        texts: labels('texts'),
        opensAt: one(f, 'opensAt') ?? '',
        closesAt: one(f, 'closesAt') ?? '',
        accepts: one(f, 'accepts') ?? '',
      });
      const id = await createCall(c.get('deps').db, c.get('actor'), input);
      return c.redirect(`/${locale}/calls/${id}`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const i18n = i18nFor(locale);
      const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      return localePage(
        c,
        i18n.t('calls.new'),
        <CallFormPage i18n={i18n} csrf={c.get('csrfToken')} errors={fieldErrors(locale, e.details)} values={values} />,
        formStatus(e),
      );
    }
  });
  const callView = async (c: Context<AppEnv>, id: number) => {
    const locale = c.get('locale');
    const call = await getCall(c.get('deps').db, id);
    return {
      ...call,
      title: inLocale(call.titles, locale),
      text: inLocale(call.texts, locale),
      opensAt: new Date(call.opensAt),
      closesAt: new Date(call.closesAt),
      received: Number(call.received),
    };
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
