import type { I18n } from '../../i18n/i18n';
import { dateTimeFormat } from '../../i18n/formats';
import { LOCALE_INFO } from '../../i18n/locales';
import { describeUserAgent } from '../../lib/user-agent';
import type { Actor } from '../../modules/accounts/accounts';
import { ErrorSummary, Field, Form, type FieldErrors } from '../forms';

interface Base {
  i18n: I18n;
  csrf: string;
  errors?: FieldErrors;
}

/** A short page that says what happened and what to do next (after sign-up, a reset request…). */
export function NoticePage(p: { i18n: I18n; title: string; message: string; next?: { href: string; label: string } | undefined }) {
  return (
    <section class="narrow">
      <h1>{p.title}</h1>
      <p role="status">{p.message}</p>
      {p.next ? (
        <p>
          <a href={p.next.href}>{p.next.label}</a>
        </p>
      ) : null}
    </section>
  );
}

export function SignUpPage(p: Base & { values: Record<string, string | undefined> }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.signUp')}</h1>
      <p>{t('account.signUpIntro')}</p>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/sign-up`} csrf={p.csrf}>
        <Field
          i18n={p.i18n}
          name="displayName"
          label={t('field.displayName')}
          value={p.values.displayName}
          errors={p.errors}
          required
          autocomplete="name"
          maxlength={120}
        />
        <Field i18n={p.i18n} name="email" type="email" label={t('field.email')} value={p.values.email} errors={p.errors} required autocomplete="email" />
        <Field
          i18n={p.i18n}
          name="password"
          type="password"
          label={t('field.password')}
          hint={t('account.passwordHint')}
          errors={p.errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{t('account.signUp')}</button>
      </Form>
      <p>
        <a href={`/${locale}/account/sign-in`}>{t('account.haveAccount')}</a>
      </p>
    </section>
  );
}

export function SignInPage(p: Base & { email?: string | undefined; next?: string | undefined; expired?: boolean | undefined }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.signIn')}</h1>
      {p.expired ? <SessionExpiredNotice i18n={p.i18n} /> : null}
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/sign-in${p.next ? `?next=${encodeURIComponent(p.next)}` : ''}`} csrf={p.csrf}>
        <Field i18n={p.i18n} name="email" type="email" label={t('field.email')} value={p.email} errors={p.errors} required autocomplete="username" />
        <Field i18n={p.i18n} name="password" type="password" label={t('field.password')} errors={p.errors} required autocomplete="current-password" />
        <button type="submit">{t('account.signIn')}</button>
      </Form>
      <p>
        <a href={`/${locale}/account/reset`}>{t('account.forgot')}</a> · <a href={`/${locale}/account/sign-up`}>{t('account.signUp')}</a>
      </p>
    </section>
  );
}

export function ResetRequestPage(p: Base & { email?: string | undefined }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.reset')}</h1>
      <p>{t('account.resetIntro')}</p>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/reset`} csrf={p.csrf}>
        <Field i18n={p.i18n} name="email" type="email" label={t('field.email')} value={p.email} errors={p.errors} required autocomplete="email" />
        <button type="submit">{t('account.sendReset')}</button>
      </Form>
    </section>
  );
}

export function ResetPage(p: Base & { token: string }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.newPassword')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/reset/${p.token}`} csrf={p.csrf}>
        <Field
          i18n={p.i18n}
          name="password"
          type="password"
          label={t('field.password')}
          hint={t('account.passwordHint')}
          errors={p.errors}
          required
          autocomplete="new-password"
        />
        <button type="submit">{t('account.savePassword')}</button>
      </Form>
    </section>
  );
}

export function AccountPage(p: Base & { actor: Actor; email?: string | undefined }) {
  const { t, locale } = p.i18n;
  const a = p.actor;
  return (
    <section>
      <h1>{t('account.title')}</h1>
      <dl class="facts">
        <dt>{t('field.displayName')}</dt>
        <dd>{a.displayName}</dd>
        <dt>{t('field.email')}</dt>
        <dd>{a.email}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`role.${a.role}`)}</dd>
        <dt>{t('account.status')}</dt>
        <dd>{t(`userStatus.${a.status}`)}</dd>
      </dl>
      <p>
        <a href={`/${locale}/account/two-factor`}>{t('account.twoFactorLink')}</a>
      </p>
      {a.status === 'pending' ? (
        <p class="notice" role="status">
          {t('account.pendingNotice')}
        </p>
      ) : null}
      <h2>{t('account.organisations')}</h2>
      {a.memberships.length ? (
        <ul>
          {a.memberships.map((m) => (
            <li>
              <a href={`/${locale}/organisations/${m.organisationId}`}>{m.organisationName}</a> ({t(`memberRole.${m.role}`)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('account.noOrganisation')}</p>
      )}
      {a.status === 'active' ? (
        <p>
          <a href={`/${locale}/organisations/new`}>{t('organisation.create')}</a> · <a href={`/${locale}/organisations`}>{t('organisation.join')}</a> ·{' '}
          <a href={`/${locale}/contribute`}>{t('nav.contribute')}</a>
        </p>
      ) : null}
      <h2>{t('account.changeEmail')}</h2>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/email`} csrf={p.csrf}>
        <Field i18n={p.i18n} name="email" type="email" label={t('account.newEmail')} value={p.email} errors={p.errors} required autocomplete="email" />
        <Field i18n={p.i18n} name="password" type="password" label={t('account.currentPassword')} errors={p.errors} required autocomplete="current-password" />
        <button type="submit">{t('account.changeEmail')}</button>
      </Form>
      <AccountSecurityLinks i18n={p.i18n} />
    </section>
  );
}

/** Shown on the sign-in page when a session ended by its idle or absolute timeout. */
function SessionExpiredNotice(p: { i18n: I18n }) {
  return (
    <p class="notice" role="status">
      {p.i18n.t('account.sessionExpired')}
    </p>
  );
}

/** The account page's links to the password and sessions pages. */
function AccountSecurityLinks(p: { i18n: I18n }) {
  const { t, locale } = p.i18n;
  return (
    <>
      <h2>{t('account.security')}</h2>
      <ul>
        <li>
          <a href={`/${locale}/account/password`}>{t('account.changePassword')}</a>
        </li>
        <li>
          <a href={`/${locale}/account/sessions`}>{t('account.sessions')}</a>
        </li>
      </ul>
    </>
  );
}

/** Changing one's password while signed in: the current one, then the new one twice. */
export function PasswordPage(p: Base) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.changePassword')}</h1>
      <p>{t('account.changePasswordIntro')}</p>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={`/${locale}/account/password`} csrf={p.csrf}>
        <Field
          i18n={p.i18n}
          name="currentPassword"
          type="password"
          label={t('field.currentPassword')}
          errors={p.errors}
          required
          autocomplete="current-password"
        />
        <Field
          i18n={p.i18n}
          name="newPassword"
          type="password"
          label={t('field.newPassword')}
          hint={t('account.passwordHint')}
          errors={p.errors}
          required
          autocomplete="new-password"
        />
        <Field i18n={p.i18n} name="confirmPassword" type="password" label={t('field.confirmPassword')} errors={p.errors} required autocomplete="new-password" />
        <button type="submit">{t('account.changePassword')}</button>
      </Form>
    </section>
  );
}

export interface SessionRow {
  handle: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  current: boolean;
}

/** One's open sessions: when each began and was last used, in which browser; sign out one, or all. */
export function SessionsPage(p: { i18n: I18n; csrf: string; sessions: SessionRow[]; idleMinutes: number; absoluteHours: number; ended: boolean }) {
  const { t, locale } = p.i18n;
  const when = dateTimeFormat(LOCALE_INFO[locale].bcp47, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const at = (d: Date) => t('account.utcTime', { time: when.format(d) });
  const device = (ua: string | null) => {
    const { browser, os } = describeUserAgent(ua);
    return t('account.sessionDevice', { browser: browser ?? t('account.unknownBrowser'), os: os ?? t('account.unknownSystem') });
  };
  return (
    <section>
      <h1>{t('account.sessions')}</h1>
      <p>{t('account.sessionsIntro', { idle: p.idleMinutes, hours: p.absoluteHours })}</p>
      {p.ended ? (
        <p class="notice" role="status">
          {t('account.sessionEnded')}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('account.sessionBrowser')}</th>
            <th scope="col">{t('account.sessionStarted')}</th>
            <th scope="col">{t('account.sessionLastSeen')}</th>
            <th scope="col">{t('account.sessionAction')}</th>
          </tr>
        </thead>
        <tbody>
          {p.sessions.map((s) => (
            <tr class={s.current ? 'current-session' : undefined}>
              <td>
                {device(s.userAgent)}
                {s.current ? (
                  <>
                    {' '}
                    <strong>({t('account.thisSession')})</strong>
                  </>
                ) : null}
              </td>
              <td>{at(s.createdAt)}</td>
              <td>{at(s.lastSeenAt)}</td>
              <td>
                <Form action={`/${locale}/account/sessions/${s.handle}/sign-out`} csrf={p.csrf}>
                  <button type="submit">{t('account.signOut')}</button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('account.signOutEverywhere')}</h2>
      <p>{t('account.signOutEverywhereHint')}</p>
      <Form action={`/${locale}/account/sessions/sign-out-everywhere`} csrf={p.csrf}>
        <button type="submit">{t('account.signOutEverywhere')}</button>
      </Form>
    </section>
  );
}
