import type { I18n } from '../../i18n/i18n';
import type { EnrolmentView } from '../../modules/accounts/two-factor.service';
import { ErrorSummary, Field, Form, type FieldErrors } from '../forms';

const withNext = (path: string, next: string | undefined) => (next ? `${path}?next=${encodeURIComponent(next)}` : path);

/** The second step of signing in: a code from the authenticator app, or a recovery code. */
export function SecondStepPage(p: { i18n: I18n; csrf: string; next?: string | undefined; errors?: FieldErrors | undefined }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('twoFactor.stepTitle')}</h1>
      <p>{t('twoFactor.stepIntro')}</p>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <Form action={withNext(`/${locale}/account/sign-in/code`, p.next)} csrf={p.csrf}>
        <Field
          i18n={p.i18n}
          name="code"
          label={t('field.code')}
          hint={t('twoFactor.codeHint')}
          errors={p.errors}
          required
          autocomplete="one-time-code"
          maxlength={64}
        />
        <button type="submit">{t('account.signIn')}</button>
      </Form>
    </section>
  );
}

/** Enrolment (secret, URI, first code), or the factor's state with renewal and — for contributors — turning it off. */
export function TwoFactorPage(p: { i18n: I18n; csrf: string; view: EnrolmentView; next?: string | undefined; errors?: FieldErrors | undefined }) {
  const { t, locale } = p.i18n;
  const v = p.view;
  if (!v.enabled) {
    return (
      <section class="narrow">
        <h1>{t('twoFactor.title')}</h1>
        {v.required ? (
          <p class="notice" role="status">
            {t('twoFactor.requiredNotice')}
          </p>
        ) : null}
        <p>{t('twoFactor.enrolIntro')}</p>
        <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
        <dl class="facts">
          <dt>{t('twoFactor.secret')}</dt>
          <dd>
            <code dir="ltr" translate="no">
              {v.secret}
            </code>
          </dd>
          <dt>{t('twoFactor.uri')}</dt>
          <dd>
            <code dir="ltr" translate="no" class="break">
              {v.uri}
            </code>
          </dd>
        </dl>
        <Form action={withNext(`/${locale}/account/two-factor`, p.next)} csrf={p.csrf}>
          <Field
            i18n={p.i18n}
            name="code"
            label={t('field.code')}
            hint={t('twoFactor.firstCodeHint')}
            errors={p.errors}
            required
            autocomplete="one-time-code"
            maxlength={64}
          />
          <button type="submit">{t('twoFactor.enable')}</button>
        </Form>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t('twoFactor.title')}</h1>
      <p role="status">{t('twoFactor.isOn', { count: v.recoveryCodesLeft })}</p>
      <ErrorSummary i18n={p.i18n} errors={p.errors ?? {}} />
      <h2>{t('twoFactor.renewTitle')}</h2>
      <p>{t('twoFactor.renewIntro')}</p>
      <Form action={`/${locale}/account/two-factor/recovery-codes`} csrf={p.csrf}>
        <Field i18n={p.i18n} name="code" label={t('field.code')} errors={p.errors} required autocomplete="one-time-code" maxlength={64} />
        <button type="submit">{t('twoFactor.renew')}</button>
      </Form>
      <h2>{t('twoFactor.disableTitle')}</h2>
      {v.required ? (
        <p>{t('twoFactor.staffCannotDisable')}</p>
      ) : (
        <Form action={`/${locale}/account/two-factor/disable`} csrf={p.csrf} id="disable-two-factor">
          <Field
            i18n={p.i18n}
            name="password"
            type="password"
            label={t('account.currentPassword')}
            errors={p.errors}
            required
            autocomplete="current-password"
          />
          <Field
            i18n={p.i18n}
            name="disableCode"
            label={t('field.code')}
            hint={t('twoFactor.codeHint')}
            errors={p.errors}
            required
            autocomplete="one-time-code"
            maxlength={64}
          />
          <button type="submit">{t('twoFactor.disable')}</button>
        </Form>
      )}
    </section>
  );
}

/** The recovery codes, shown once after enrolment or renewal. */
export function RecoveryCodesPage(p: { i18n: I18n; codes: string[]; next: string }) {
  const { t } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('twoFactor.codesTitle')}</h1>
      <p role="status">{t('twoFactor.codesIntro')}</p>
      <ul class="recovery-codes">
        {p.codes.map((code) => (
          <li>
            <code dir="ltr" translate="no">
              {code}
            </code>
          </li>
        ))}
      </ul>
      <p>
        <a href={p.next}>{t('twoFactor.continue')}</a>
      </p>
    </section>
  );
}
