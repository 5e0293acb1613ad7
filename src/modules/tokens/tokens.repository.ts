import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import { LAST_USED_EVERY_SECONDS } from './tokens';

type Conn = Db | Tx;

/** Stores a new token (its secret's hash only); returns its id. */
export async function insertToken(
  db: Conn,
  t: { organisationId: number; createdBy: number; name: string; scopes: string; secretHash: string; prefix: string; expiresInDays: number },
): Promise<number> {
  const { id } = await db
    .insertInto('apiTokens')
    .values({
      organisationId: t.organisationId,
      createdBy: t.createdBy,
      name: t.name,
      scopes: t.scopes,
      secretHash: t.secretHash,
      prefix: t.prefix,
      // The database's clock, as everything that later judges the expiry.
      expiresAt: sql<Date>`now() + make_interval(days => ${t.expiresInDays})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** How many of an organisation's tokens are live (neither revoked nor expired). */
export async function countLiveTokens(trx: Tx, organisationId: number): Promise<number> {
  const row = await trx
    .selectFrom('apiTokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisationId', '=', organisationId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Tokens for a list: one organisation's, or every one (newest first, at most `limit`), with names to show. */
export async function listTokens(db: Conn, opts: { organisationId?: number; limit: number }) {
  let q = db
    .selectFrom('apiTokens as t')
    .innerJoin('organisations as o', 'o.id', 't.organisationId')
    .innerJoin('users as u', 'u.id', 't.createdBy')
    .select([
      't.id',
      't.organisationId',
      'o.name as organisationName',
      'u.displayName as createdByName',
      't.name',
      't.scopes',
      't.prefix',
      't.createdAt',
      't.expiresAt',
      't.lastUsedAt',
      't.revokedAt',
    ])
    .select(sql<Date>`now()`.as('now'))
    .orderBy('t.id', 'desc')
    .limit(opts.limit);
  if (opts.organisationId !== undefined) q = q.where('t.organisationId', '=', opts.organisationId);
  return q.execute();
}
export type TokenRow = Awaited<ReturnType<typeof listTokens>>[number];

/** A token by id, locked until the transaction ends. */
export async function lockToken(trx: Tx, id: number) {
  return trx.selectFrom('apiTokens').select(['id', 'organisationId', 'revokedAt', 'name']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markRevoked(trx: Tx, id: number, by: number): Promise<void> {
  await trx
    .updateTable('apiTokens')
    .set({ revokedAt: sql<Date>`now()`, revokedBy: by })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
}

/**
 * The token a secret's hash names, if it is live — judged by the database's clock — with whether its
 * last-used time is old enough to be written again.
 */
export async function findLiveToken(db: Conn, secretHash: string) {
  return db
    .selectFrom('apiTokens')
    .select(['id', 'organisationId', 'createdBy', 'scopes'])
    .select(sql<boolean>`last_used_at is null or last_used_at < now() - make_interval(secs => ${LAST_USED_EVERY_SECONDS})`.as('stale'))
    .where('secretHash', '=', secretHash)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Records a use (the caller writes it only when the last one is over a minute old: `findLiveToken`'s `stale`). */
export async function touchToken(db: Conn, id: number): Promise<void> {
  await db
    .updateTable('apiTokens')
    .set({ lastUsedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}
