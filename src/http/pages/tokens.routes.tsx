import { Hono, type Context } from 'hono';
import { i18nFor } from '../../i18n/i18n';
import { allTokens, createToken, organisationTokens, revokeToken } from '../../modules/tokens/tokens.service';
import { createTokenSchema } from '../../modules/tokens/tokens.schemas';
import { AdminTokensPage, OrganisationTokensPage, type TokenFormValues } from '../../ui/pages/tokens.page';
import type { AppEnv } from '../context';
import { fieldErrors, formStatus, isFormError, many, one, parseWith, readForm } from '../forms';
import { pathId } from '../params';
import { requireActor } from './guards';
import { LOCALE_PATTERN, localePage } from './render';
import type { FieldErrors } from '../../ui/forms';

const L = `/${LOCALE_PATTERN}`;

/** An organisation's tokens page; after a token is made, with its secret — in this one answer only. */
async function tokensPage(
  c: Context<AppEnv>,
  organisationId: number,
  opts: { created?: { name: string; secret: string }; errors?: FieldErrors; values?: TokenFormValues; status?: 200 | 400 | 409 | 422 | 429 | 401 } = {},
) {
  const view = await organisationTokens(c.get('deps').db, requireActor(c), organisationId);
  const i18n = i18nFor(c.get('locale'));
  return localePage(
    c,
    i18n.t('tokens.titleFor', { organisation: view.organisation.name }),
    <OrganisationTokensPage
      i18n={i18n}
      csrf={c.get('csrfToken')}
      organisation={view.organisation}
      tokens={view.tokens}
      canCreate={view.canCreate}
      created={opts.created ?? null}
      errors={opts.errors ?? {}}
      values={opts.values ?? {}}
    />,
    opts.status ?? 200,
  );
}

/** API tokens: an organisation's (its editors make and revoke them) and, for administrators, every one. */
export function tokenRoutes() {
  const r = new Hono<AppEnv>();

  r.get(`${L}/organisations/:id/tokens`, (c) => tokensPage(c, pathId(c)));

  // The secret is in this answer and nowhere else: no redirect, since a URL, a flash or a session would keep it.
  r.post(`${L}/organisations/:id/tokens`, async (c) => {
    const actor = requireActor(c);
    const id = pathId(c);
    const f = await readForm(c);
    const values = { name: one(f, 'name'), scopes: many(f, 'scopes'), expiresInDays: one(f, 'expiresInDays') };
    try {
      const input = parseWith(createTokenSchema, { name: values.name ?? '', scopes: values.scopes, expiresInDays: values.expiresInDays ?? '' });
      const { secret } = await createToken(c.get('deps').db, actor, id, input);
      return tokensPage(c, id, { created: { name: input.name, secret } });
    } catch (e) {
      if (!isFormError(e)) throw e;
      return tokensPage(c, id, { errors: fieldErrors(c.get('locale'), e.details), values, status: formStatus(e) });
    }
  });

  r.post(`${L}/organisations/:id/tokens/:tokenId/revoke`, async (c) => {
    const id = pathId(c);
    await revokeToken(c.get('deps').db, requireActor(c), pathId(c, 'tokenId'), { organisationId: id });
    return c.redirect(`/${c.get('locale')}/organisations/${id}/tokens`, 303);
  });

  r.get(`${L}/admin/tokens`, async (c) => {
    const tokens = await allTokens(c.get('deps').db, c.get('actor'));
    const i18n = i18nFor(c.get('locale'));
    return localePage(c, i18n.t('tokens.adminTitle'), <AdminTokensPage i18n={i18n} csrf={c.get('csrfToken')} tokens={tokens} />);
  });

  r.post(`${L}/admin/tokens/:tokenId/revoke`, async (c) => {
    await revokeToken(c.get('deps').db, c.get('actor'), pathId(c, 'tokenId'), 'admin');
    return c.redirect(`/${c.get('locale')}/admin/tokens`, 303);
  });

  return r;
}
