import type { I18n, MessageKey } from '../../i18n/i18n';
import { USER_ROLES, USER_STATUSES } from '../../modules/accounts/accounts';
import { auditView, type AccountNames } from '../../modules/audit/audit.labels';
import type { SiteSettings } from '../../modules/settings/settings';
import { Csrf, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../forms';

/** The administration's own navigation, on each of its pages. */
export function AdminNav(p: { i18n: I18n }) {
  const { t, locale } = p.i18n;
  return (
    <nav aria-label={t('nav.admin')} class="subnav">
      <a href={`/${locale}/admin/users`}>{t('admin.users')}</a> · <a href={`/${locale}/admin/settings`}>{t('admin.settings')}</a> ·{' '}
      <a href={`/${locale}/admin/outbox`}>{t('admin.outbox')}</a> · <a href={`/${locale}/admin/audit`}>{t('admin.audit')}</a> ·{' '}
      <a href={`/${locale}/admin/tokens`}>{t('tokens.title')}</a>
      <a href={`/${locale}/admin/import`}>{t('iatiImport.title')}</a>
    </nav>
  );
}

export function UsersPage(p: {
  i18n: I18n;
  csrf: string;
  status: string | undefined;
  users: Array<{ id: number; email: string; displayName: string; role: string; status: string; emailVerifiedAt: Date | null; createdAt: Date }>;
}) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <AdminNav i18n={p.i18n} />
      <h1>{t('admin.users')}</h1>
      <p>
        <a href={`/${locale}/admin/users?status=pending`} aria-current={p.status === 'pending' ? 'true' : undefined}>
          {t('userStatus.pending')}
        </a>{' '}
        ·{' '}
        <a href={`/${locale}/admin/users`} aria-current={!p.status ? 'true' : undefined}>
          {t('admin.allUsers')}
        </a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('field.displayName')}</th>
            <th scope="col">{t('field.email')}</th>
            <th scope="col">{t('admin.verified')}</th>
            <th scope="col">{t('account.role')}</th>
            <th scope="col">{t('account.status')}</th>
            <th scope="col">{t('admin.change')}</th>
          </tr>
        </thead>
        <tbody>
          {p.users.map((u) => (
            <tr>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>{u.emailVerifiedAt ? t('admin.yes') : t('admin.no')}</td>
              <td>{t(`role.${u.role}` as MessageKey)}</td>
              <td>{t(`userStatus.${u.status}` as MessageKey)}</td>
              <td>
                <form method="post" action={`/${locale}/admin/users/${u.id}`} class="inline">
                  <Csrf token={p.csrf} />
                  <label for={`role-${u.id}`} class="visually-hidden">
                    {t('account.role')}
                  </label>
                  <select id={`role-${u.id}`} name="role">
                    {USER_ROLES.map((r) => (
                      <option value={r} selected={r === u.role}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                  <label for={`status-${u.id}`} class="visually-hidden">
                    {t('account.status')}
                  </label>
                  <select id={`status-${u.id}`} name="status">
                    {USER_STATUSES.map((s) => (
                      <option value={s} selected={s === u.status}>
                        {t(`userStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    {t('admin.save')}
                  </button>
                </form>
                {u.status === 'pending' ? (
                  <form method="post" action={`/${locale}/admin/users/${u.id}`} class="inline">
                    <Csrf token={p.csrf} />
                    <input type="hidden" name="status" value="active" />
                    <button type="submit">{t('admin.approve')}</button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function SettingsPage(p: { i18n: I18n; csrf: string; settings: SiteSettings; hasLogo: boolean; errors: FieldErrors; saved?: boolean }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <AdminNav i18n={p.i18n} />
      <h1>{t('admin.settings')}</h1>
      {p.saved ? (
        <p role="status" class="notice">
          {t('admin.saved')}
        </p>
      ) : null}
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <Form action={`/${locale}/admin/settings`} csrf={p.csrf}>
        <SelectField
          i18n={p.i18n}
          errors={p.errors}
          name="registration"
          label={t('admin.registration')}
          value={p.settings.registration}
          options={[
            { value: 'approval', label: t('admin.registration.approval') },
            { value: 'open', label: t('admin.registration.open') },
          ]}
        />
        <SelectField
          i18n={p.i18n}
          errors={p.errors}
          name="submissions"
          label={t('admin.submissions')}
          value={p.settings.submissions}
          options={[
            { value: 'always', label: t('admin.submissions.always') },
            { value: 'calls', label: t('admin.submissions.calls') },
          ]}
        />
        <Field i18n={p.i18n} errors={p.errors} name="confirmAfterDays" label={t('admin.confirmAfterDays')} value={String(p.settings.confirmAfterDays)} />
        <h2>{t('identity.heading')}</h2>
        <p class="hint">{t('identity.intro')}</p>
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name="siteName"
          label={t('field.siteName')}
          hint={t('identity.siteNameHint')}
          value={p.settings.siteName}
          maxlength={80}
        />
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name="primaryColour"
          label={t('field.primaryColour')}
          hint={t('identity.colourHint')}
          value={p.settings.primaryColour}
          maxlength={7}
        />
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name="accentColour"
          label={t('field.accentColour')}
          hint={t('identity.colourHint')}
          value={p.settings.accentColour}
          maxlength={7}
        />
        <Field
          i18n={p.i18n}
          errors={p.errors}
          name="logoPath"
          label={t('field.logoPath')}
          hint={t('identity.logoPathHint')}
          value={p.settings.logoPath}
          maxlength={300}
        />
        <button type="submit">{t('admin.save')}</button>
      </Form>
      <form method="post" action={`/${locale}/admin/settings/logo`} enctype="multipart/form-data" class={`field${p.errors.logo ? ' has-error' : ''}`}>
        <Csrf token={p.csrf} />
        <h2>{t('field.logo')}</h2>
        <label for="logo">{t('identity.logoUpload')}</label>
        <p class="hint" id="logo-hint">
          {t('identity.logoHint')}
        </p>
        {p.errors.logo ? (
          <p class="error" id="logo-error">
            {p.errors.logo}
          </p>
        ) : null}
        <input type="file" id="logo" name="logo" accept="image/png,image/svg+xml" aria-describedby={p.errors.logo ? 'logo-hint logo-error' : 'logo-hint'} />
        <div class="actions">
          <button type="submit">{t('identity.logoSave')}</button>
        </div>
      </form>
      {p.hasLogo ? (
        <Form action={`/${locale}/admin/settings/logo/remove`} csrf={p.csrf}>
          <button type="submit" class="secondary">
            {t('identity.logoRemove')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function OutboxPage(p: {
  i18n: I18n;
  smtp: boolean;
  mails: Array<{ id: number; toAddress: string; subject: string; textBody: string; status: string; createdAt: Date; lastError: string | null }>;
}) {
  const { t } = p.i18n;
  return (
    <section>
      <AdminNav i18n={p.i18n} />
      <h1>{t('admin.outbox')}</h1>
      <p>{p.smtp ? t('admin.outboxSmtp') : t('admin.outboxNoSmtp')}</p>
      {p.mails.map((m) => (
        <article class="mail">
          <h2 dir="auto">{m.subject}</h2>
          <p class="meta">
            {m.toAddress} · {p.i18n.date(m.createdAt)} · {t(`mailStatus.${m.status}` as MessageKey)}
            {m.lastError ? ` · ${m.lastError}` : ''}
          </p>
          <pre dir="auto">{m.textBody}</pre>
        </article>
      ))}
    </section>
  );
}

export function AuditPage(p: {
  i18n: I18n;
  entries: Array<{ id: number; action: string; entity: string; entityId: number | null; details: unknown; at: Date; actorName: string | null }>;
  /** Names of the accounts the records mention. */
  names: AccountNames;
}) {
  const { t } = p.i18n;
  return (
    <section>
      <AdminNav i18n={p.i18n} />
      <h1>{t('admin.audit')}</h1>
      <table class="audit-log">
        <thead>
          <tr>
            <th scope="col">{t('history.when')}</th>
            <th scope="col">{t('history.who')}</th>
            <th scope="col">{t('admin.action')}</th>
            <th scope="col">{t('audit.column.subject')}</th>
            <th scope="col">{t('admin.details')}</th>
          </tr>
        </thead>
        <tbody>
          {p.entries.map((e) => {
            const view = auditView(e, p.i18n, p.names);
            return (
              <tr>
                <td>{p.i18n.date(e.at)}</td>
                <td dir="auto">{e.actorName ?? '—'}</td>
                <td>{view.action}</td>
                <td dir="auto">{view.subject}</td>
                <td>
                  {view.details.length ? (
                    <dl class="audit-details">
                      {view.details.map((d) => (
                        <>
                          <dt>{d.label}</dt>
                          <dd dir="auto">{d.value.length > 300 ? `${d.value.slice(0, 300)}…` : d.value}</dd>
                        </>
                      ))}
                    </dl>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
