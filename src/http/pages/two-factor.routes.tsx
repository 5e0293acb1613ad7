import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { i18nFor, type MessageKey } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { PENDING_SIGN_IN, pendingSignInOpen, signInSecondStep } from '../../modules/accounts/sign-in.service';
import { confirmEnrolment, disableTwoFactor, renewRecoveryCodes, twoFactorStatus } from '../../modules/accounts/two-factor.service';
import { RecoveryCodesPage, SecondStepPage, TwoFactorPage } from '../../ui/pages/two-factor.page';
import { SignInPage } from '../../ui/pages/account.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, readForm } from '../forms';
import { queryParam } from '../query-params';
import { clientAddress, cookieName, csrfFor, secureCookies, setSessionCookie } from '../middleware/session';
import { requireActor, safeNext } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}/account`;

/** The pending sign-in's cookie: `__Host-` over HTTPS, so no other host or path can set or read it. */
const pendingCookie = (c: Context<AppEnv>) => cookieName(c, 'stk_2fa');

const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** Where a staff member without a second factor is sent (and anyone who opens the page). */
export function enrolPath(locale: Locale, next?: string | undefined): string {
  return withNext(`/${locale}/account/two-factor`, next && safeNext(next, locale) === next ? next : undefined);
}

/** After a right password on an account with a second factor: the browser holds only the pending sign-in. */
export function toSecondStep(c: Context<AppEnv>, pendingToken: string) {
  setCookie(c, pendingCookie(c), pendingToken, { httpOnly: true, sameSite: 'Lax', secure: secureCookies(c), path: '/', maxAge: PENDING_SIGN_IN.minutes * 60 });
  const next = queryParam(c, 'next');
  return c.redirect(withNext(`/${c.get('locale')}/account/sign-in/code`, next && safeNext(next, c.get('locale')) === next ? next : undefined), 303);
}

/** Pages with secrets or recovery codes are never kept by a browser or a cache. */
function noStore(c: Context<AppEnv>) {
  c.header('cache-control', 'no-store');
}

/** The second step of signing in, and enrolling, renewing and turning off the TOTP second factor. */
export function twoFactorRoutes() {
  const r = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, titleKey: MessageKey, body: Child, status?: ContentfulStatusCode) =>
    localePage(c, i18nFor(c.get('locale')).t(titleKey), body, status);

  const signInAgain = (c: Context<AppEnv>, status: ContentfulStatusCode) => {
    const locale = c.get('locale');
    deleteCookie(c, pendingCookie(c), { path: '/', secure: secureCookies(c) });
    return page(
      c,
      'account.signIn',
      <SignInPage
        i18n={i18nFor(locale)}
        csrf={csrfFor(c)}
        next={queryParam(c, 'next')}
        errors={fieldErrors(locale, [{ field: 'email', code: 'two_factor_expired' }])}
      />,
      status,
    );
  };

  r.get(`${L}/sign-in/code`, async (c) => {
    const token = getCookie(c, pendingCookie(c));
    if (!token || token.length > 200 || !(await pendingSignInOpen(c.get('deps'), token))) return signInAgain(c, 400);
    noStore(c);
    return page(c, 'twoFactor.stepTitle', <SecondStepPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} next={queryParam(c, 'next')} />);
  });
  r.post(`${L}/sign-in/code`, async (c) => {
    const locale = c.get('locale');
    const form = await readForm(c);
    const token = getCookie(c, pendingCookie(c));
    if (!token || token.length > 200) return signInAgain(c, 400);
    try {
      const { token: session } = await signInSecondStep(
        c.get('deps'),
        token,
        (one(form, 'code') ?? '').slice(0, 64),
        clientAddress(c),
        c.req.header('user-agent') ?? null,
      );
      deleteCookie(c, pendingCookie(c), { path: '/', secure: secureCookies(c) });
      setSessionCookie(c, session);
      return c.redirect(safeNext(queryParam(c, 'next'), locale), 303);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'token_invalid' || e.code === 'forbidden')) return signInAgain(c, e.code === 'forbidden' ? 403 : 400);
      if (!isFormError(e)) throw e;
      noStore(c);
      return page(
        c,
        'twoFactor.stepTitle',
        <SecondStepPage i18n={i18nFor(locale)} csrf={csrfFor(c)} next={queryParam(c, 'next')} errors={fieldErrors(locale, e.details)} />,
        formStatus(e),
      );
    }
  });

  const statusPage = async (c: Context<AppEnv>, errors?: Record<string, string>, status?: ContentfulStatusCode) => {
    const actor = requireActor(c);
    const view = await twoFactorStatus(c.get('deps'), actor);
    noStore(c);
    return page(
      c,
      'twoFactor.title',
      <TwoFactorPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} view={view} next={queryParam(c, 'next')} errors={errors} />,
      status,
    );
  };

  r.get(`${L}/two-factor`, (c) => statusPage(c));
  r.post(`${L}/two-factor`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const form = await readForm(c);
    try {
      const codes = await confirmEnrolment(c.get('deps'), actor, (one(form, 'code') ?? '').slice(0, 64), clientAddress(c));
      noStore(c);
      return page(c, 'twoFactor.codesTitle', <RecoveryCodesPage i18n={i18nFor(locale)} codes={codes} next={safeNext(queryParam(c, 'next'), locale)} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return statusPage(c, fieldErrors(locale, e.details), formStatus(e));
    }
  });
  r.post(`${L}/two-factor/recovery-codes`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const form = await readForm(c);
    try {
      const codes = await renewRecoveryCodes(c.get('deps'), actor, (one(form, 'code') ?? '').slice(0, 64), clientAddress(c));
      noStore(c);
      return page(c, 'twoFactor.codesTitle', <RecoveryCodesPage i18n={i18nFor(locale)} codes={codes} next={`/${locale}/account/two-factor`} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return statusPage(c, fieldErrors(locale, e.details), formStatus(e));
    }
  });
  r.post(`${L}/two-factor/disable`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const form = await readForm(c);
    try {
      await disableTwoFactor(
        c.get('deps'),
        actor,
        { password: (one(form, 'password') ?? '').slice(0, 400), code: (one(form, 'disableCode') ?? '').slice(0, 64) },
        clientAddress(c),
      );
      return c.redirect(`/${locale}/account/two-factor`, 303);
    } catch (e) {
      if (!(isFormError(e) || (e instanceof AppError && e.code === 'forbidden'))) throw e;
      return statusPage(
        c,
        fieldErrors(locale, e.details, (f) => (f === 'code' ? 'disableCode' : f)),
        e.code === 'forbidden' ? 403 : formStatus(e),
      );
    }
  });

  return r;
}
