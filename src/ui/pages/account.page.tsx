import type { I18n } from '../../i18n/i18n';
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
        <Field i18n={p.i18n} name="displayName" label={t('field.displayName')} value={p.values.displayName} errors={p.errors} required autocomplete="name" maxlength={120} />
        <Field i18n={p.i18n} name="email" type="email" label={t('field.email')} value={p.values.email} errors={p.errors} required autocomplete="email" />
        <Field i18n={p.i18n} name="password" type="password" label={t('field.password')} hint={t('account.passwordHint')} errors={p.errors} required autocomplete="new-password" />
        <button type="submit">{t('account.signUp')}</button>
      </Form>
      <p>
        <a href={`/${locale}/account/sign-in`}>{t('account.haveAccount')}</a>
      </p>
    </section>
  );
}

export function SignInPage(p: Base & { email?: string | undefined; next?: string | undefined }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('account.signIn')}</h1>
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
        <Field i18n={p.i18n} name="password" type="password" label={t('field.password')} hint={t('account.passwordHint')} errors={p.errors} required autocomplete="new-password" />
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
      {a.status === 'pending' ? <p class="notice" role="status">{t('account.pendingNotice')}</p> : null}
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
    </section>
  );
}
