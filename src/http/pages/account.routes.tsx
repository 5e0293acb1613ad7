import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { i18nFor, type MessageKey } from '../../i18n/i18n';
import { AppError } from '../../lib/errors';
import {
  changeEmailSchema,
  changePasswordSchema,
  resetRequestSchema,
  resetSchema,
  signInSchema,
  signUpSchema,
  tokenSchema,
} from '../../modules/accounts/accounts.schemas';
import {
  changePassword,
  confirmEmailChange,
  endAllOwnSessions,
  endOwnSession,
  listOwnSessions,
  isResetTokenUsable,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  signOut,
  signUp,
  verifyEmail,
} from '../../modules/accounts/accounts.service';
import { signInFirstStep } from '../../modules/accounts/sign-in.service';
import { AccountPage, NoticePage, PasswordPage, ResetPage, ResetRequestPage, SessionsPage, SignInPage, SignUpPage } from '../../ui/pages/account.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, parseWith, readForm } from '../forms';
import { clearSessionCookie, clientAddress, csrfFor, sessionCookie, setSessionCookie } from '../middleware/session';
import { accountDeps } from '../params';
import { queryParam } from '../query-params';
import { requireActor, safeNext } from './guards';
import { LOCALE_PATTERN, localePage } from './render';
import { enrolPath, toSecondStep } from './two-factor.routes';

const L = `/${LOCALE_PATTERN}/account`;

/** Sign-up, sign-in and out, e-mail verification, password reset and change of address. */
export function accountRoutes() {
  const r = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, titleKey: MessageKey, body: Child, status?: ContentfulStatusCode) =>
    localePage(c, i18nFor(c.get('locale')).t(titleKey), body, status);

  r.get(`${L}/sign-up`, (c) => page(c, 'account.signUp', <SignUpPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} values={{}} />));
  r.post(`${L}/sign-up`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const input = parseWith(signUpSchema, {
        email: one(form, 'email') ?? '',
        password: one(form, 'password') ?? '',
        displayName: one(form, 'displayName') ?? '',
        locale,
      });
      await signUp(accountDeps(c), input, clientAddress(c));
      return page(c, 'account.checkMail', <NoticePage i18n={i18n} title={i18n.t('account.checkMail')} message={i18n.t('account.checkMailText')} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(
        c,
        'account.signUp',
        <SignUpPage
          i18n={i18n}
          csrf={csrfFor(c)}
          values={{ email: one(form, 'email'), displayName: one(form, 'displayName') }}
          errors={fieldErrors(locale, e.details)}
        />,
        formStatus(e),
      );
    }
  });

  r.get(`${L}/verify`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { token } = parseWith(tokenSchema, { token: queryParam(c, 'token') ?? '' });
    await verifyEmail(accountDeps(c), token);
    return page(
      c,
      'account.verified',
      <NoticePage
        i18n={i18n}
        title={i18n.t('account.verified')}
        message={i18n.t('account.verifiedText')}
        next={{ href: `/${i18n.locale}/account/sign-in`, label: i18n.t('account.signIn') }}
      />,
    );
  });

  r.get(`${L}/confirm-email`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const { token } = parseWith(tokenSchema, { token: queryParam(c, 'token') ?? '' });
    await confirmEmailChange(accountDeps(c), token);
    return page(c, 'account.emailChanged', <NoticePage i18n={i18n} title={i18n.t('account.emailChanged')} message={i18n.t('account.emailChangedText')} />);
  });

  r.get(`${L}/sign-in`, (c) =>
    page(
      c,
      'account.signIn',
      <SignInPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} next={queryParam(c, 'next')} expired={queryParam(c, 'expired') === '1'} />,
    ),
  );
  r.post(`${L}/sign-in`, async (c) => {
    const locale = c.get('locale');
    const form = await readForm(c);
    try {
      const input = parseWith(signInSchema, { email: one(form, 'email') ?? '', password: one(form, 'password') ?? '' });
      const outcome = await signInFirstStep(c.get('deps'), input, clientAddress(c), c.req.header('user-agent') ?? null);
      if (outcome.kind === 'second_step') return toSecondStep(c, outcome.pendingToken);
      const { token } = outcome;
      setSessionCookie(c, token);
      return c.redirect(outcome.mustEnrol ? enrolPath(locale, queryParam(c, 'next')) : safeNext(queryParam(c, 'next'), locale), 303);
    } catch (e) {
      if (!(isFormError(e) || (e instanceof AppError && e.code === 'forbidden'))) throw e;
      const status = e.code === 'forbidden' ? 403 : formStatus(e);
      return page(
        c,
        'account.signIn',
        <SignInPage
          i18n={i18nFor(locale)}
          csrf={csrfFor(c)}
          email={one(form, 'email')}
          next={queryParam(c, 'next')}
          errors={fieldErrors(locale, e.details.length ? e.details : [{ field: 'email', code: 'bad_credentials' }])}
        />,
        status,
      );
    }
  });

  r.post(`${L}/sign-out`, async (c) => {
    const token = sessionCookie(c);
    if (token) await signOut(c.get('deps'), token);
    clearSessionCookie(c);
    return c.redirect(`/${c.get('locale')}/`, 303);
  });

  r.get(`${L}/reset`, (c) => page(c, 'account.reset', <ResetRequestPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} />));
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
      return page(
        c,
        'account.reset',
        <ResetRequestPage i18n={i18n} csrf={csrfFor(c)} email={one(form, 'email')} errors={fieldErrors(locale, e.details)} />,
        formStatus(e),
      );
    }
  });

  r.get(`${L}/reset/:token`, async (c) => {
    const { token } = parseWith(tokenSchema, { token: c.req.param('token') });
    if (!(await isResetTokenUsable(c.get('deps').db, token))) throw new AppError('token_invalid', [{ field: 'token', code: 'token_invalid' }]);
    return page(c, 'account.newPassword', <ResetPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} token={token} />);
  });
  r.post(`${L}/reset/:token`, async (c) => {
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    const raw = c.req.param('token');
    try {
      const input = parseWith(resetSchema, { token: raw, password: one(form, 'password') ?? '' });
      await resetPassword(accountDeps(c), input, clientAddress(c));
      return page(
        c,
        'account.passwordSaved',
        <NoticePage
          i18n={i18n}
          title={i18n.t('account.passwordSaved')}
          message={i18n.t('account.passwordSavedText')}
          next={{ href: `/${locale}/account/sign-in`, label: i18n.t('account.signIn') }}
        />,
      );
    } catch (e) {
      if (!isFormError(e)) throw e;
      if (e.code === 'token_invalid' || e.details.some((d) => d.field === 'token'))
        throw new AppError('token_invalid', [{ field: 'token', code: 'token_invalid' }]);
      return page(c, 'account.newPassword', <ResetPage i18n={i18n} csrf={csrfFor(c)} token={raw} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  r.get(`${L}`, (c) => {
    const actor = requireActor(c);
    return page(c, 'account.title', <AccountPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} actor={actor} />);
  });
  r.post(`${L}/email`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const input = parseWith(changeEmailSchema, { email: one(form, 'email') ?? '', password: one(form, 'password') ?? '' });
      await requestEmailChange(accountDeps(c), actor, input, clientAddress(c));
      return page(c, 'account.checkMail', <NoticePage i18n={i18n} title={i18n.t('account.checkMail')} message={i18n.t('account.emailChangeSent')} />);
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(
        c,
        'account.title',
        <AccountPage i18n={i18n} csrf={csrfFor(c)} actor={actor} email={one(form, 'email')} errors={fieldErrors(locale, e.details)} />,
        formStatus(e),
      );
    }
  });

  r.route('/', accountSecurityRoutes());
  return r;
}

/** The signed-in person's session, or 401 (a visitor is sent to sign in). */
function requireSession(c: Context<AppEnv>) {
  const session = c.get('session');
  if (!session) throw new AppError('unauthenticated');
  return session;
}

const HANDLE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Changing one's password while signed in, and the list of one's sessions with signing out of each or all. */
export function accountSecurityRoutes() {
  const r = new Hono<AppEnv>();
  const page = (c: Context<AppEnv>, titleKey: MessageKey, body: Child, status?: ContentfulStatusCode) =>
    localePage(c, i18nFor(c.get('locale')).t(titleKey), body, status);

  r.get(`${L}/password`, (c) => {
    requireActor(c);
    return page(c, 'account.changePassword', <PasswordPage i18n={i18nFor(c.get('locale'))} csrf={csrfFor(c)} />);
  });
  r.post(`${L}/password`, async (c) => {
    const actor = requireActor(c);
    const session = requireSession(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const form = await readForm(c);
    try {
      const input = parseWith(changePasswordSchema, {
        currentPassword: one(form, 'currentPassword') ?? '',
        newPassword: one(form, 'newPassword') ?? '',
        confirmPassword: one(form, 'confirmPassword') ?? '',
      });
      await changePassword(accountDeps(c), actor, session.id, input);
      return page(
        c,
        'account.passwordChanged',
        <NoticePage
          i18n={i18n}
          title={i18n.t('account.passwordChanged')}
          message={i18n.t('account.passwordChangedText')}
          next={{ href: `/${locale}/account`, label: i18n.t('account.title') }}
        />,
      );
    } catch (e) {
      if (!isFormError(e)) throw e;
      return page(c, 'account.changePassword', <PasswordPage i18n={i18n} csrf={csrfFor(c)} errors={fieldErrors(locale, e.details)} />, formStatus(e));
    }
  });

  r.get(`${L}/sessions`, async (c) => {
    const actor = requireActor(c);
    const session = requireSession(c);
    const { config } = c.get('deps');
    const sessions = await listOwnSessions(accountDeps(c), actor, session.handle);
    return page(
      c,
      'account.sessions',
      <SessionsPage
        i18n={i18nFor(c.get('locale'))}
        csrf={csrfFor(c)}
        sessions={sessions}
        idleMinutes={config.sessionIdleMinutes}
        absoluteHours={config.sessionAbsoluteHours}
        ended={queryParam(c, 'ended') === '1'}
      />,
    );
  });
  r.post(`${L}/sessions/:handle/sign-out`, async (c) => {
    const actor = requireActor(c);
    const session = requireSession(c);
    const handle = c.req.param('handle');
    // A malformed handle names no session, as another account's does not: both are not found.
    if (!HANDLE.test(handle)) throw new AppError('not_found');
    await endOwnSession(accountDeps(c), actor, handle);
    if (handle === session.handle) {
      clearSessionCookie(c);
      return c.redirect(`/${c.get('locale')}/`, 303);
    }
    return c.redirect(`/${c.get('locale')}/account/sessions?ended=1`, 303);
  });
  r.post(`${L}/sessions/sign-out-everywhere`, async (c) => {
    const actor = requireActor(c);
    await endAllOwnSessions(accountDeps(c), actor);
    clearSessionCookie(c);
    return c.redirect(`/${c.get('locale')}/`, 303);
  });

  return r;
}
