import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { VoteFacts, VoteKey } from './fraud';

type Q = Db | Tx;

/** The contest's random key for voter pseudonyms. */
export async function voterKeyOf(db: Q, contestId: number): Promise<string> {
  const r = await db.selectFrom('prizeContests').select('voterKey').where('id', '=', contestId).executeTakeFirstOrThrow();
  return r.voterKey;
}

/** Every vote of the contest with what the fraud signals read (the account's creation among them). */
export async function votesForSignals(db: Q, contestId: number): Promise<VoteFacts[]> {
  const rows = await db
    .selectFrom('prizeVotes as v')
    .innerJoin('users as u', 'u.id', 'v.userId')
    .select([
      'v.category',
      'v.userId',
      'v.nominationId',
      'v.castAt',
      'v.address',
      'v.network',
      'v.viewedAt',
      'v.sessionStartedAt',
      'u.createdAt as accountCreatedAt',
      'v.excludedReason',
    ])
    .where('v.contestId', '=', contestId)
    .execute();
  return rows.map(({ excludedReason, ...r }) => ({ ...r, excluded: excludedReason !== null }));
}

/** The contest's excluded votes, most recent exclusion first. */
export async function excludedVotes(db: Q, contestId: number) {
  return db
    .selectFrom('prizeVotes as v')
    .leftJoin('users as b', 'b.id', 'v.excludedBy')
    .select(['v.category', 'v.userId', 'v.nominationId', 'v.castAt', 'v.network', 'v.excludedReason', 'v.excludedAt', 'b.displayName as excludedByName'])
    .where('v.contestId', '=', contestId)
    .where('v.excludedReason', 'is not', null)
    .orderBy('v.excludedAt', 'desc')
    .orderBy('v.category')
    .orderBy('v.userId')
    .limit(1000)
    .execute();
}

/** How many of the contest's votes are excluded. */
export async function excludedCount(db: Q, contestId: number): Promise<number> {
  const r = await db
    .selectFrom('prizeVotes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('contestId', '=', contestId)
    .where('excludedReason', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const keyed = (keys: readonly VoteKey[]) => sql.join(keys.map((k) => sql`(${k.category}::text, ${k.userId}::integer)`));

/**
 * Excludes the given votes (those not excluded yet) with the reason; returns the keys it changed. The
 * caller audits them in the same transaction.
 */
export async function markExcluded(trx: Tx, contestId: number, keys: readonly VoteKey[], reason: string, by: number): Promise<VoteKey[]> {
  if (keys.length === 0) return [];
  return trx
    .updateTable('prizeVotes')
    .set({ excludedReason: reason, excludedBy: by, excludedAt: sql<Date>`now()` })
    .where('contestId', '=', contestId)
    .where('excludedReason', 'is', null)
    .where(sql<boolean>`(category, user_id) in (${keyed(keys)})`)
    .returning(['category', 'userId'])
    .execute();
}

/** Counts the given excluded votes again; returns the keys it changed, with the reason each had. */
export async function markReinstated(trx: Tx, contestId: number, keys: readonly VoteKey[]) {
  if (keys.length === 0) return [];
  return trx
    .updateTable('prizeVotes as v')
    .from('prizeVotes as old')
    .set({ excludedReason: null, excludedBy: null, excludedAt: null })
    .whereRef('old.contestId', '=', 'v.contestId')
    .whereRef('old.category', '=', 'v.category')
    .whereRef('old.userId', '=', 'v.userId')
    .where('v.contestId', '=', contestId)
    .where('v.excludedReason', 'is not', null)
    .where(sql<boolean>`(v.category, v.user_id) in (${keyed(keys)})`)
    .returning(['v.category', 'v.userId', 'old.excludedReason as was'])
    .execute();
}

/** One page of the contest's votes for the audit export, in key order after `after`. */
export async function votesPage(db: Q, contestId: number, after: VoteKey | null, limit: number) {
  let q = db.selectFrom('prizeVotes').select(['category', 'userId', 'nominationId', 'castAt', 'network', 'excludedReason']).where('contestId', '=', contestId);
  if (after) q = q.where(sql<boolean>`(category, user_id) > (${after.category}::text, ${after.userId}::integer)`);
  return q.orderBy('category').orderBy('userId').limit(limit).execute();
}
