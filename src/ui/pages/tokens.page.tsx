import type { I18n, MessageKey } from '../../i18n/i18n';
import { dateTimeFormat } from '../../i18n/formats';
import { LOCALE_INFO } from '../../i18n/locales';
import { TOKEN_LIFETIMES, TOKEN_SCOPES } from '../../modules/tokens/tokens';
import type { TokenView } from '../../modules/tokens/tokens.presenter';
import { AdminNav } from './admin.page';
import { CheckboxGroup, Csrf, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../forms';

/** A moment to the minute, in UTC (the last use matters by the minute, not by the day). */
function moment(i18n: I18n, at: Date): string {
  return `${dateTimeFormat(LOCALE_INFO[i18n.locale].bcp47, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at)} UTC`;
}

export interface TokenFormValues {
  name?: string | undefined;
  scopes?: string[];
  expiresInDays?: string | undefined;
}

/** The table of tokens, each with its revoke button while it is active. */
function TokenTable(p: { i18n: I18n; csrf: string; tokens: TokenView[]; revokeAction: (t: TokenView) => string; showOrganisation: boolean }) {
  const { t, locale } = p.i18n;
  if (!p.tokens.length) return <p>{t('tokens.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('field.name')}</th>
          {p.showOrganisation ? <th scope="col">{t('tokens.organisation')}</th> : null}
          <th scope="col">{t('tokens.prefix')}</th>
          <th scope="col">{t('field.scopes')}</th>
          <th scope="col">{t('tokens.createdBy')}</th>
          <th scope="col">{t('tokens.createdAt')}</th>
          <th scope="col">{t('tokens.expiresAt')}</th>
          <th scope="col">{t('tokens.lastUsed')}</th>
          <th scope="col">{t('tokens.state')}</th>
          <th scope="col">{t('tokens.revoke')}</th>
        </tr>
      </thead>
      <tbody>
        {p.tokens.map((tk) => (
          <tr>
            <td dir="auto">{tk.name}</td>
            {p.showOrganisation ? (
              <td>
                <a href={`/${locale}/organisations/${tk.organisationId}`} dir="auto">
                  {tk.organisationName}
                </a>
              </td>
            ) : null}
            <td>
              <code dir="ltr">{tk.prefix}…</code>
            </td>
            <td>{p.i18n.list(tk.scopes.map((s) => t(`tokens.scope.${s}` as MessageKey)))}</td>
            <td dir="auto">{tk.createdByName}</td>
            <td>{moment(p.i18n, tk.createdAt)}</td>
            <td>{moment(p.i18n, tk.expiresAt)}</td>
            <td>{tk.lastUsedAt ? moment(p.i18n, tk.lastUsedAt) : t('tokens.never')}</td>
            <td>{t(`tokens.state.${tk.state}`)}</td>
            <td>
              {tk.state === 'active' ? (
                <form method="post" action={p.revokeAction(tk)} class="inline">
                  <Csrf token={p.csrf} />
                  <button type="submit" class="link" aria-label={t('tokens.revokeLabel', { name: tk.name })}>
                    {t('tokens.revoke')}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An organisation's tokens: the new token's secret (once, right after it is made), the form to make one, and the list. */
export function OrganisationTokensPage(p: {
  i18n: I18n;
  csrf: string;
  organisation: { id: number; name: string };
  tokens: TokenView[];
  canCreate: boolean;
  created: { name: string; secret: string } | null;
  errors: FieldErrors;
  values: TokenFormValues;
}) {
  const { t, locale } = p.i18n;
  const base = `/${locale}/organisations/${p.organisation.id}/tokens`;
  return (
    <section>
      <p>
        <a href={`/${locale}/organisations/${p.organisation.id}`} dir="auto">
          {p.organisation.name}
        </a>
      </p>
      <h1 dir="auto">{t('tokens.titleFor', { organisation: p.organisation.name })}</h1>
      <p>{t('tokens.intro')}</p>
      <p>{t('tokens.usage')}</p>
      {p.created ? (
        <div class="notice" role="status">
          <p>{t('tokens.createdNotice', { name: p.created.name })}</p>
          <p>
            <label for="new-token-secret">{t('tokens.secret')}</label>{' '}
            <input id="new-token-secret" type="text" readonly value={p.created.secret} dir="ltr" size={60} autocomplete="off" spellcheck={false} />
          </p>
        </div>
      ) : null}
      <h2>{t('tokens.list')}</h2>
      <TokenTable i18n={p.i18n} csrf={p.csrf} tokens={p.tokens} revokeAction={(tk) => `${base}/${tk.id}/revoke`} showOrganisation={false} />
      <h2>{t('tokens.create')}</h2>
      {p.canCreate ? (
        <Form action={base} csrf={p.csrf}>
          <ErrorSummary i18n={p.i18n} errors={p.errors} />
          <Field
            i18n={p.i18n}
            name="name"
            label={t('field.name')}
            hint={t('tokens.nameHint')}
            value={p.values.name}
            errors={p.errors}
            required
            maxlength={100}
          />
          <CheckboxGroup
            i18n={p.i18n}
            name="scopes"
            legend={t('field.scopes')}
            hint={t('tokens.scopesHint')}
            required
            options={TOKEN_SCOPES.map((s) => ({ value: s, label: t(`tokens.scope.${s}`), help: t(`tokens.scopeHelp.${s}`) }))}
            value={p.values.scopes ?? []}
            errors={p.errors}
          />
          <SelectField
            i18n={p.i18n}
            name="expiresInDays"
            label={t('field.expiresInDays')}
            options={TOKEN_LIFETIMES.map((d) => ({ value: String(d), label: t('tokens.days', { count: d }) }))}
            value={p.values.expiresInDays ?? '90'}
            errors={p.errors}
            required
          />
          <button type="submit">{t('tokens.create')}</button>
        </Form>
      ) : (
        <p>{t('tokens.editorsOnly')}</p>
      )}
    </section>
  );
}

/** Every organisation's tokens, for administrators, each revocable. */
export function AdminTokensPage(p: { i18n: I18n; csrf: string; tokens: TokenView[] }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <AdminNav i18n={p.i18n} />
      <h1>{t('tokens.adminTitle')}</h1>
      <TokenTable i18n={p.i18n} csrf={p.csrf} tokens={p.tokens} revokeAction={(tk) => `/${locale}/admin/tokens/${tk.id}/revoke`} showOrganisation />
    </section>
  );
}
