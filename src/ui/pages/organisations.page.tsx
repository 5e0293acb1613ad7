import type { I18n, MessageKey } from '../../i18n/i18n';
import { entryPath } from '../../modules/entries/entries';
import { pickTranslation, STAKEHOLDER_TYPES, type Entry } from '../../modules/entries/entry';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { Csrf, ErrorSummary, Field, Form, SelectField, type FieldErrors } from '../forms';

/** A form to register an organisation. */
export function OrganisationFormPage(p: { i18n: I18n; taxonomy: Taxonomy; csrf: string; errors: FieldErrors; values: Record<string, string | undefined> }) {
  const { t, locale } = p.i18n;
  return (
    <section class="narrow">
      <h1>{t('organisation.create')}</h1>
      <ErrorSummary i18n={p.i18n} errors={p.errors} />
      <Form action={`/${locale}/organisations`} csrf={p.csrf}>
        <Field i18n={p.i18n} errors={p.errors} name="name" label={t('field.name')} value={p.values.name} required maxlength={300} />
        <SelectField
          i18n={p.i18n}
          errors={p.errors}
          name="stakeholderType"
          label={t('field.stakeholderType')}
          value={p.values.stakeholderType}
          empty
          required
          options={STAKEHOLDER_TYPES.map((s) => ({ value: s, label: p.taxonomy.label('stakeholder-type', s, locale) }))}
        />
        <SelectField
          i18n={p.i18n}
          errors={p.errors}
          name="country"
          label={t('field.country')}
          value={p.values.country}
          empty
          options={p.taxonomy
            .terms('country')
            .map((c) => ({ value: c.code, label: p.taxonomy.label('country', c.code, locale) }))
            .sort((a, b) => a.label.localeCompare(b.label, locale))}
        />
        <Field i18n={p.i18n} errors={p.errors} name="website" type="url" label={t('field.website')} value={p.values.website} />
        <button type="submit">{t('organisation.create')}</button>
      </Form>
    </section>
  );
}

export function OrganisationsPage(p: { i18n: I18n; csrf: string; q: string; organisations: Array<{ id: number; name: string }>; signedIn: boolean }) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1>{t('organisation.list')}</h1>
      <form method="get" action={`/${locale}/organisations`} role="search">
        <label for="org-q">{t('organisation.find')}</label> <input id="org-q" name="q" value={p.q} /> <button type="submit">{t('search.submit')}</button>
      </form>
      <ul>
        {p.organisations.map((o) => (
          <li>
            <a href={`/${locale}/organisations/${o.id}`}>{o.name}</a>
            {p.signedIn ? (
              <form method="post" action={`/${locale}/organisations/${o.id}/join`} class="inline">
                <Csrf token={p.csrf} />
                <button type="submit" class="link">
                  {t('organisation.askToJoin')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An organisation as the public meets it: its type, country, website and published entries. Its members
 * are listed by name only to its own members, curators and administrators (`members` is null otherwise).
 */
export function OrganisationPage(p: {
  i18n: I18n;
  taxonomy: Taxonomy;
  csrf: string;
  org: {
    id: number;
    name: string;
    stakeholderType: string;
    country: string | null;
    website: string | null;
    entries: Entry[];
    members: Array<{ userId: number; role: string; status: string; displayName: string }> | null;
  };
  canManage: boolean;
}) {
  const { t, locale } = p.i18n;
  return (
    <section>
      <h1 dir="auto">{p.org.name}</h1>
      <dl class="org-facts">
        <dt>{t('field.stakeholderType')}</dt>
        <dd>{p.taxonomy.label('stakeholder-type', p.org.stakeholderType, locale)}</dd>
        {p.org.country ? (
          <>
            <dt>{t('field.country')}</dt>
            <dd>{p.taxonomy.label('country', p.org.country, locale)}</dd>
          </>
        ) : null}
        {p.org.website ? (
          <>
            <dt>{t('field.website')}</dt>
            <dd>
              <a href={p.org.website} rel="nofollow noopener" dir="ltr">
                {p.org.website}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('organisation.publicEntries')}</h2>
      {p.org.entries.length ? (
        <ul class="org-entries">
          {p.org.entries.map((e) => (
            <li>
              <a href={entryPath(locale, e.kind, e.id)} dir="auto">
                {pickTranslation(e, locale).text.title}
              </a>{' '}
              ({t(`kind.${e.kind}` as MessageKey)})
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('organisation.noPublicEntries')}</p>
      )}
      {p.org.members ? <OrganisationMembers {...p} members={p.org.members} /> : null}
      {p.canManage ? (
        <p>
          <a href={`/${locale}/organisations/${p.org.id}/tokens`}>{t('tokens.title')}</a>
        </p>
      ) : null}
    </section>
  );
}

/** The members of an organisation, with its managers' decisions on those who ask to join. */
function OrganisationMembers(p: {
  i18n: I18n;
  csrf: string;
  org: { id: number };
  members: NonNullable<Parameters<typeof OrganisationPage>[0]['org']['members']>;
  canManage: boolean;
}) {
  const { t, locale } = p.i18n;
  return (
    <>
      <h2>{t('organisation.members')}</h2>
      <ul>
        {p.members.map((m) => (
          <li>
            {m.displayName} — {t(`memberRole.${m.role}` as MessageKey)}
            {m.status === 'pending' ? ` (${t('organisation.pending')})` : ''}
            {p.canManage && m.status === 'pending' ? (
              <>
                {(['approve', 'decline'] as const).map((d) => (
                  <form method="post" action={`/${locale}/organisations/${p.org.id}/members`} class="inline">
                    <Csrf token={p.csrf} />
                    <input type="hidden" name="userId" value={String(m.userId)} />
                    <button type="submit" name="decision" value={d} class="link">
                      {t(`organisation.${d}`)}
                    </button>
                  </form>
                ))}
              </>
            ) : null}
            {p.canManage && m.status === 'active' && m.role === 'member' ? (
              <form method="post" action={`/${locale}/organisations/${p.org.id}/members`} class="inline">
                <Csrf token={p.csrf} />
                <input type="hidden" name="userId" value={String(m.userId)} />
                <button type="submit" name="decision" value="make_editor" class="link">
                  {t('organisation.makeEditor')}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
