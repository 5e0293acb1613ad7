import { Hono } from 'hono';
import { i18nFor } from '../../i18n/i18n';
import {
  createOrganisation,
  decideMembership,
  getOrganisation,
  listOrganisations,
  memberDecisionSchema,
  organisationSchema,
  requestMembership,
} from '../../modules/organisations/organisations.service';
import { OrganisationFormPage, OrganisationPage, OrganisationsPage } from '../../ui/pages/organisations.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, one, opt, parseWith, readForm } from '../forms';
import { pathId } from '../params';
import { queryParam } from '../query-params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';

const L = `/${LOCALE_PATTERN}`;

/** Organisations: the list, registering one, its page, asking to join, and its editors' decisions on members. */
export function organisationRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/organisations`, async (c) => {
    const i18n = i18nFor(c.get('locale'));
    const q = (queryParam(c, 'q') ?? '').slice(0, 100);
    const organisations = await listOrganisations(c.get('deps').db, { q, limit: 100 });
    return localePage(
      c,
      i18n.t('organisation.list'),
      <OrganisationsPage i18n={i18n} csrf={c.get('csrfToken')} q={q} organisations={organisations} signedIn={Boolean(c.get('actor'))} />,
    );
  });
  r.get(`${L}/organisations/new`, (c) => {
    requireActor(c);
    const i18n = i18nFor(c.get('locale'));
    return localePage(
      c,
      i18n.t('organisation.create'),
      <OrganisationFormPage i18n={i18n} taxonomy={c.get('deps').taxonomy} csrf={c.get('csrfToken')} errors={{}} values={{}} />,
    );
  });
  r.post(`${L}/organisations`, async (c) => {
    const actor = requireActor(c);
    const locale = c.get('locale');
    const i18n = i18nFor(locale);
    const f = await readForm(c);
    try {
      const input = parseWith(organisationSchema, {
        name: one(f, 'name') ?? '',
        stakeholderType: one(f, 'stakeholderType') ?? '',
        country: opt(f, 'country') ?? null,
        website: opt(f, 'website') ?? null,
      });
      const id = await createOrganisation(c.get('deps').db, actor, input);
      return c.redirect(`/${locale}/organisations/${id}`, 303);
    } catch (e) {
      if (!isFormError(e)) throw e;
      const values = { name: one(f, 'name'), stakeholderType: one(f, 'stakeholderType'), country: one(f, 'country'), website: one(f, 'website') };
      return localePage(
        c,
        i18n.t('organisation.create'),
        <OrganisationFormPage
          i18n={i18n}
          taxonomy={c.get('deps').taxonomy}
          csrf={c.get('csrfToken')}
          errors={fieldErrors(locale, e.details)}
          values={values}
        />,
        formStatus(e),
      );
    }
  });
  r.get(`${L}/organisations/:id`, async (c) => {
    const deps = c.get('deps');
    const org = await getOrganisation(deps.db, c.get('actor'), pathId(c));
    const i18n = i18nFor(c.get('locale'));
    return localePage(c, org.name, <OrganisationPage i18n={i18n} taxonomy={deps.taxonomy} csrf={c.get('csrfToken')} org={org} canManage={org.canManage} />);
  });
  r.post(`${L}/organisations/:id/join`, async (c) => {
    const { db, config } = c.get('deps');
    await requestMembership(db, c.get('actor'), pathId(c), config.siteName, config.baseUrl);
    return c.redirect(`/${c.get('locale')}/account`, 303);
  });
  r.post(`${L}/organisations/:id/members`, async (c) => {
    const id = pathId(c);
    const f = await readForm(c);
    const input = parseWith(memberDecisionSchema, { userId: one(f, 'userId') ?? '', decision: one(f, 'decision') ?? '' });
    await decideMembership(c.get('deps').db, c.get('actor'), id, input);
    return c.redirect(`/${c.get('locale')}/organisations/${id}`, 303);
  });

  return r;
}
