import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { i18nFor, type MessageKey } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { changeEmailSchema, resetRequestSchema, resetSchema, signInSchema, signUpSchema, tokenSchema } from '../../modules/accounts/accounts.schemas';
import {
  confirmEmailChange,
  isResetTokenUsable,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
  signUp,
  verifyEmail,
} from '../../modules/accounts/accounts.service';
import { AccountPage, NoticePage, ResetPage, ResetRequestPage, SignInPage, SignUpPage } from '../../ui/pages/account.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, parseWith, readForm } from '../forms';
import { clientAddress, secureCookies, SESSION_COOKIE } from '../middleware/session';
import { accountDeps } from '../params';
import { queryParam } from '../query-params';
import { lineProblem } from '../../lib/text';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}/account`;

/** Where to go after signing in: only a path on this site, in any locale, on one line (it becomes a header). */
export function safeNext(next: string | undefined, locale: Locale): string {
  return next && /^\/[a-z]{2}\/[^/\\]/.test(next) && !next.includes('//') && lineProblem(next) === null ? next : `/${locale}/account`;
}

export function requireActor(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

/** Sign-up, sign-in and out, e-mail verification, password reset and change of address. */
export function accountRoutes() {
  const r = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, titleKey: MessageKey, body: Child, status?: ContentfulStatusCode) => localePage(c, i18nFor(c.get('locale')).t(titleKey), body, status);

  r.get(`${L}/sign-up`, (c) => page(c, 'account.signUp', <SignUpPage i18n={i18nFor(c.get('locale'))} csrf={c.get('csrfToken')} values={{}} />));
  r.post(`${L}/sign-up`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const input = parseWith(signUpSchema, { email: one(form, 'email') ?? '', password: one(form, 'password') ?? '', displayName: one(form, 'displayName') ?? '', locale });
      await signUp(accountDeps(c), input, clientAddress(c));
      return page(c, 'account.checkMail', <NoticePage i18n={i18n} title={i18n.t('account.checkMail')} message={i18n.t('account.checkMailText')} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(c, 'account.signUp', <SignUpPage i18n={i18n} csrf={c.get('csrfToken')} values={{ email: one(form, 'email'), displayName: one(form, 'displayName') }} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  r.get(`${L}/verify`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { token } = parseWith(tokenSchema, { token: queryParam(c, 'token') ?? '' });
    await verifyEmail(accountDeps(c), token);
    return page(c, 'account.verified', <NoticePage i18n={i18n} title={i18n.t('account.verified')} message={i18n.t('account.verifiedText')} next={{ href: `/${i18n.locale}/account/sign-in`, label: i18n.t('account.signIn') }} />);
  });

  r.get(`${L}/confirm-email`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { token } = parseWith(tokenSchema, { token: queryParam(c, 'token') ?? '' });
    await confirmEmailChange(accountDeps(c), token);
    return page(c, 'account.emailChanged', <NoticePage i18n={i18n} title={i18n.t('account.emailChanged')} message={i18n.t('account.emailChangedText')} />);
  });

  r.get(`${L}/sign-in`, (c) => page(c, 'account.signIn', <SignInPage i18n={i18nFor(c.get('locale'))} csrf={c.get('csrfToken')} next={queryParam(c, 'next')} />));
  r.post(`${L}/sign-in`, async (c) => {
    const locale = c.get('locale');
    const form = await readForm(c);
    try {
      const input = parseWith(signInSchema, { email: one(form, 'email') ?? '', password: one(form, 'password') ?? '' });
      const { token } = await signIn(accountDeps(c), input, clientAddress(c));
      setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: c.get('deps').config.sessionDays * 86400 });
      return c.redirect(safeNext(queryParam(c, 'next'), locale), 303);
    } catch (e) {
      if (!(isFormError(e) || (e instanceof AppError && e.code === 'forbidden'))) throw e;
      const status = e.code === 'forbidden' ? 403 : formStatus(e);
      return page(c, 'account.signIn', <SignInPage i18n={i18nFor(locale)} csrf={c.get('csrfToken')} email={one(form, 'email')} next={queryParam(c, 'next')} errors={fieldErrors(locale, e.details.length ? e.details : [{ field: 'email', code: 'bad_credentials' }])} />, status);
    }
  });

  r.post(`${L}/sign-out`, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await signOut(c.get('deps'), token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect(`/${c.get('locale')}/`, 303);
  });

  r.get(`${L}/reset`, (c) => page(c, 'account.reset', <ResetRequestPage i18n={i18nFor(c.get('locale'))} csrf={c.get('csrfToken')} />));
  r.post(`${L}/reset`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const { email } = parseWith(resetRequestSchema, { email: one(form, 'email') ?? '' });
      await requestPasswordReset(accountDeps(c), email, clientAddress(c));
      return page(c, 'account.checkMail', <NoticePage i18n={i18n} title={i18n.t('account.checkMail')} message={i18n.t('account.resetSent')} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(c, 'account.reset', <ResetRequestPage i18n={i18n} csrf={c.get('csrfToken')} email={one(form, 'email')} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  r.get(`${L}/reset/:token`, async (c) => {
    const { token } = parseWith(tokenSchema, { token: c.req.param('token') });
    if (!(await isResetTokenUsable(c.get('deps').db, token))) throw new AppError('token_invalid', [{ field: 'token', code: 'token_invalid' }]);
    return page(c, 'account.newPassword', <ResetPage i18n={i18nFor(c.get('locale'))} csrf={c.get('csrfToken')} token={token} />);
  });
  r.post(`${L}/reset/:token`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    const raw = c.req.param('token');
    try {
      const input = parseWith(resetSchema, { token: raw, password: one(form, 'password') ?? '' });
      await resetPassword(accountDeps(c), input);
      return page(c, 'account.passwordSaved', <NoticePage i18n={i18n} title={i18n.t('account.passwordSaved')} message={i18n.t('account.passwordSavedText')} next={{ href: `/${locale}/account/sign-in`, label: i18n.t('account.signIn') }} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      if (e.code === 'token_invalid' || e.details.some((d) => d.field === 'token')) throw new AppError('token_invalid', [{ field: 'token', code: 'token_invalid' }]);
      return page(c, 'account.newPassword', <ResetPage i18n={i18n} csrf={c.get('csrfToken')} token={raw} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  r.get(`${L}`, (c) => {
    const actor = requireActor(c);
    return page(c, 'account.title', <AccountPage i18n={i18nFor(c.get('locale'))} csrf={c.get('csrfToken')} actor={actor} />);
  });
  r.post(`${L}/email`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const input = parseWith(changeEmailSchema, { email: one(form, 'email') ?? '', password: one(form, 'password') ?? '' });
      await requestEmailChange(accountDeps(c), actor, input);
      return page(c, 'account.checkMail', <NoticePage i18n={i18n} title={i18n.t('account.checkMail')} message={i18n.t('account.emailChangeSent')} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(c, 'account.title', <AccountPage i18n={i18n} csrf={c.get('csrfToken')} actor={actor} email={one(form, 'email')} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  return r;
}
