import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { Actor, MemberRole } from './accounts';

type Conn = Db | Tx;

export async function findUserByEmail(db: Conn, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Conn, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Conn,
  u: { email: string; passwordHash: string; displayName: string; locale: string; role: Actor['role']; status: Actor['status'] },
) {
  return db.insertInto('users').values(u).returning('id').executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Conn,
  id: number,
  patch: Partial<{ email: string; passwordHash: string; role: Actor['role']; status: Actor['status']; emailVerifiedAt: Date; approvedAt: Date }>,
) {
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function listUsers(db: Conn, opts: { status?: Actor['status'] | undefined; limit: number }) {
  let q = db.selectFrom('users').select(['id', 'email', 'displayName', 'role', 'status', 'emailVerifiedAt', 'createdAt', 'locale']);
  if (opts.status) q = q.where('status', '=', opts.status);
  return q.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function activeMemberships(db: Conn, userId: number) {
  return db
    .selectFrom('organisationMembers as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['m.organisationId', 'o.name as organisationName', 'm.role'])
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute() as Promise<Array<{ organisationId: number; organisationName: string; role: MemberRole }>>;
}

export async function insertSession(db: Conn, s: { id: string; userId: number; csrfToken: string; expiresAt: Date; userAgent: string | null }) {
  await db.insertInto('sessions').values(s).execute();
}

/**
 * The session and its user, with whether it has ended: past its absolute end, or unused for longer
 * than the idle window (both judged by the database's clock, as every instance shares it). The user's
 * active memberships (by organisation name, as `activeMemberships`) and second factor come in the same
 * query: a signed-in request costs one round trip to learn who is asking.
 */
export async function findSession(db: Conn, id: string, idleMinutes: number) {
  return (await findSessions(db, [id], idleMinutes)).get(id);
}

/** {@link findSession} for several sessions in one query (the requests that arrive together), by session key. */
export async function findSessions(db: Conn, ids: string[], idleMinutes: number) {
  if (ids.length === 0) return new Map<string, never>();
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.userId')
    .select(['s.id as sessionId', 's.csrfToken', 's.handle', 'u.id', 'u.email', 'u.displayName', 'u.locale', 'u.role', 'u.status', 'u.emailVerifiedAt'])
    .select(
      sql<Array<{ organisationId: number; organisationName: string; role: MemberRole }>>`coalesce((
        select jsonb_agg(jsonb_build_object('organisationId', m.organisation_id, 'organisationName', o.name, 'role', m.role) order by o.name)
        from organisation_members m join organisations o on o.id = m.organisation_id
        where m.user_id = u.id and m.status = 'active'), '[]'::jsonb)`.as('memberships'),
    )
    .select(sql<boolean>`exists (select 1 from user_totp t where t.user_id = u.id and t.enabled_at is not null)`.as('twoFactor'))
    .select(sql<boolean>`s.expires_at <= now() or s.last_seen_at <= now() - make_interval(mins => ${idleMinutes})`.as('ended'))
    // Whether the last-seen time is old enough to be worth moving (at most one write a minute per session).
    .select(sql<boolean>`s.last_seen_at <= now() - interval '1 minute'`.as('stale'))
    .where('s.id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.sessionId, r]));
}

/** Moves a session's last-seen time to now (the idle window slides). */
export async function touchSession(db: Conn, id: string) {
  await touchSessions(db, [id]);
}

/** {@link touchSession} for several sessions in one statement. */
export async function touchSessions(db: Conn, ids: string[]) {
  if (ids.length === 0) return;
  await db
    .updateTable('sessions')
    .set({ lastSeenAt: sql<Date>`now()` })
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** An account's open sessions, the most recently used first. */
export async function listUserSessions(db: Conn, userId: number, idleMinutes: number) {
  return db
    .selectFrom('sessions')
    .select(['handle', 'createdAt', 'lastSeenAt', 'userAgent', 'expiresAt'])
    .where('userId', '=', userId)
    .where('expiresAt', '>', sql<Date>`now()`)
    .where('lastSeenAt', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .orderBy('lastSeenAt', 'desc')
    .orderBy('createdAt', 'desc')
    .limit(200)
    .execute();
}

/** Ends one of an account's sessions by its public handle; false when the account has no such session. */
export async function deleteUserSessionByHandle(db: Conn, userId: number, handle: string): Promise<boolean> {
  const rows = await db.deleteFrom('sessions').where('userId', '=', userId).where('handle', '=', handle).returning('id').execute();
  return rows.length > 0;
}

/** Ends every session of an account but one (the one the change was made from). */
export async function deleteOtherSessions(db: Conn, userId: number, keepId: string) {
  await db.deleteFrom('sessions').where('userId', '=', userId).where('id', '<>', keepId).execute();
}

/** Ends every session of an account that has passed its idle or absolute end (tidying as one signs in). */
export async function deleteEndedSessions(db: Conn, userId: number, idleMinutes: number) {
  await db
    .deleteFrom('sessions')
    .where('userId', '=', userId)
    .where((eb) => eb.or([eb('expiresAt', '<=', sql<Date>`now()`), eb('lastSeenAt', '<=', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)]))
    .execute();
}

export async function deleteSession(db: Conn, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: Conn, userId: number) {
  await db.deleteFrom('sessions').where('userId', '=', userId).execute();
}

export async function insertToken(
  db: Conn,
  t: { tokenHash: string; userId: number; purpose: 'verify' | 'reset' | 'email_change'; newEmail?: string | null; expiresAt: Date },
) {
  await db
    .insertInto('accountTokens')
    .values({ newEmail: null, ...t })
    .execute();
}

/**
 * Marks a token used and returns it, in one statement: of two concurrent uses only one succeeds, and an
 * expired or used token returns nothing.
 */
export async function consumeToken(db: Conn, tokenHash: string, purpose: 'verify' | 'reset' | 'email_change') {
  return db
    .updateTable('accountTokens')
    .set({ usedAt: sql<Date>`now()` })
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .returning(['userId', 'newEmail'])
    .executeTakeFirst();
}

export async function peekToken(db: Conn, tokenHash: string, purpose: 'verify' | 'reset' | 'email_change') {
  return db
    .selectFrom('accountTokens')
    .select(['userId'])
    .where('tokenHash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export async function expireTokens(db: Conn, userId: number, purpose: 'verify' | 'reset' | 'email_change') {
  await db
    .updateTable('accountTokens')
    .set({ usedAt: sql<Date>`now()` })
    .where('userId', '=', userId)
    .where('purpose', '=', purpose)
    .where('usedAt', 'is', null)
    .execute();
}

/**
 * Takes a lock on each throttle key until the transaction ends, in sorted order (so two callers never
 * wait on each other in a cycle). Every instance on the same PostgreSQL shares these locks, so the
 * count that follows sees every hit that another holder of the key committed before it.
 */
export async function lockThrottleKeys(trx: Tx, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

export async function countHits(db: Conn, key: string, minutes: number): Promise<number> {
  const row = await db
    .selectFrom('throttleHits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('key', '=', key)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Seconds until the oldest hit a window counts leaves it (at least 1): when the budget has room again. */
export async function secondsUntilWindowMoves(db: Conn, key: string, minutes: number): Promise<number> {
  const row = await db
    .selectFrom('throttleHits')
    .select(sql<number | null>`ceil(extract(epoch from min(at) + make_interval(mins => ${minutes}) - now()))`.as('seconds'))
    .where('key', '=', key)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return Math.max(1, Number(row.seconds ?? 1));
}

/** Records one hit and returns its id, so that it can be given back. */
export async function addHit(db: Conn, key: string): Promise<number> {
  const { id } = await db.insertInto('throttleHits').values({ key }).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export async function removeHits(db: Conn, ids: readonly number[]): Promise<void> {
  if (ids.length) await db.deleteFrom('throttleHits').where('id', 'in', ids).execute();
}

export async function clearHits(db: Conn, key: string) {
  await db.deleteFrom('throttleHits').where('key', '=', key).execute();
}

/** Whether any administrator account exists (of any status): none means a new installation. */
export async function hasAdministrator(db: Conn): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'admin').limit(1).executeTakeFirst();
  return row !== undefined;
}
