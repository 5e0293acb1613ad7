/**
 * API tokens: editors make them for their organisation (the secret is shown once and only its hash is
 * kept), editors and administrators revoke them, and a request's bearer secret is resolved into an
 * actor who acts for that one organisation, within the token's scopes.
 */
import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { loadActor } from '../accounts/accounts.service';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { findOrganisation } from '../organisations/organisations.repository';
import { formatScopes, hashSecret, MAX_LIVE_TOKENS, newSecret, parseScopes, SECRET_PATTERN } from './tokens';
import type { CreateTokenInput } from './tokens.schemas';
import { presentToken } from './tokens.presenter';
import { countLiveTokens, findLiveToken, insertToken, listTokens, lockToken, markRevoked, touchToken } from './tokens.repository';

const LIST_LIMIT = 500;

/** Makes a token for an organisation its editor edits; returns its id and the secret, which is never available again. */
export async function createToken(db: Db, actor: Actor | null, organisationId: number, input: CreateTokenInput): Promise<{ id: number; secret: string }> {
  authorize(actor, 'token.create', { organisationId });
  return db.transaction().execute(async (trx) => {
    if ((await countLiveTokens(trx, organisationId)) >= MAX_LIVE_TOKENS)
      throw new AppError('conflict', [{ field: 'name', code: 'tokens_too_many', params: { max: MAX_LIVE_TOKENS } }]);
    const { secret, hash, prefix } = newSecret();
    const scopes = formatScopes(input.scopes);
    const id = await insertToken(trx, {
      organisationId,
      createdBy: actor.userId,
      name: input.name,
      scopes,
      secretHash: hash,
      prefix,
      expiresInDays: input.expiresInDays,
    });
    await audit(trx, {
      actorId: actor.userId,
      action: 'token.create',
      entity: 'organisation',
      entityId: organisationId,
      details: { tokenId: id, name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays },
    });
    return { id, secret };
  });
}

/** An organisation's tokens, for its editors and administrators; with whether this actor may make one. */
export async function organisationTokens(db: Db, actor: Actor | null, organisationId: number) {
  if (!actor) throw new AppError('unauthenticated');
  const organisation = await findOrganisation(db, organisationId);
  // Someone who may not manage the organisation's tokens learns nothing of them, not even that the page exists.
  if (!organisation || !can(actor, 'token.manage', { organisationId })) throw new AppError('not_found');
  const rows = await listTokens(db, { organisationId, limit: LIST_LIMIT });
  return {
    organisation: { id: organisation.id, name: organisation.name },
    tokens: rows.map(presentToken),
    canCreate: can(actor, 'token.create', { organisationId }),
  };
}

/** Every organisation's tokens, newest first, for administrators. */
export async function allTokens(db: Db, actor: Actor | null) {
  authorize(actor, 'token.manage_all');
  return (await listTokens(db, { limit: LIST_LIMIT })).map(presentToken);
}

/**
 * Revokes a token at once (the next request with it is refused), from the page of the organisation
 * named (a token of another organisation is not found there) or from the administrators' list.
 * Revoking twice changes nothing.
 */
export async function revokeToken(db: Db, actor: Actor | null, tokenId: number, from: { organisationId: number } | 'admin'): Promise<void> {
  if (from === 'admin') authorize(actor, 'token.manage_all');
  if (!actor) throw new AppError('unauthenticated');
  await db.transaction().execute(async (trx) => {
    const token = await lockToken(trx, tokenId);
    if (!token || (from !== 'admin' && token.organisationId !== from.organisationId)) throw new AppError('not_found');
    if (!can(actor, 'token.manage', { organisationId: token.organisationId })) throw new AppError('not_found');
    if (token.revokedAt) return;
    await markRevoked(trx, tokenId, actor.userId);
    await audit(trx, {
      actorId: actor.userId,
      action: 'token.revoke',
      entity: 'organisation',
      entityId: token.organisationId,
      details: { tokenId, name: token.name },
    });
  });
}

/**
 * The actor a bearer secret stands for, or null when it names no live token. The secret is looked up
 * by its SHA-256, so no comparison of secrets happens in this process and a timing difference could
 * only tell something about a hash, which does not lead back to a 256-bit random secret.
 *
 * The token acts as its creator, narrowed: only for its organisation, with no staff powers, and only
 * while the creator is an active, verified editor of it — a token never outlives the editorship that made it.
 */
export async function resolveToken(db: Db, secret: string): Promise<Actor | null> {
  if (!SECRET_PATTERN.test(secret)) return null;
  const row = await findLiveToken(db, hashSecret(secret));
  if (!row) return null;
  const creator = await loadActor(db, row.createdBy);
  if (!creator || creator.status !== 'active' || !creator.emailVerified) return null;
  const editorship = creator.memberships.find((m) => m.organisationId === row.organisationId && m.role === 'editor');
  if (!editorship) return null;
  if (row.stale) await touchToken(db, row.id);
  return {
    ...creator,
    role: 'contributor',
    twoFactor: false,
    memberships: [editorship],
    token: { id: row.id, organisationId: row.organisationId, scopes: parseScopes(row.scopes) },
  };
}
