import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { Award } from './jury';

type Q = Db | Tx;

/** The account ids of a contest's jurors. */
export async function jurorIds(db: Q, contestId: number): Promise<number[]> {
  const rows = await db.selectFrom('prizeContestJurors').select('userId').where('contestId', '=', contestId).execute();
  return rows.map((r) => r.userId);
}

/** A contest's jurors with their names and addresses (the curators' page). */
export async function listJurors(db: Q, contestId: number) {
  return db
    .selectFrom('prizeContestJurors as j')
    .innerJoin('users as u', 'u.id', 'j.userId')
    .select(['j.userId', 'u.displayName', 'u.email', 'j.assignedAt'])
    .where('j.contestId', '=', contestId)
    .orderBy('u.displayName')
    .execute();
}

/** The account with this address (case-insensitive), if any. */
/** The account an address names (case-insensitive), with what a mail to it needs. */
export async function userByEmail(db: Q, email: string): Promise<{ id: number; email: string; displayName: string; locale: string } | null> {
  const r = await db
    .selectFrom('users')
    .select(['id', 'email', 'displayName', 'locale'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return r ?? null;
}

/** Assigns a juror; false when already one. */
export async function insertJuror(trx: Tx, row: { contestId: number; userId: number; assignedBy: number }): Promise<boolean> {
  const r = await trx
    .insertInto('prizeContestJurors')
    .values(row)
    .onConflict((oc) => oc.columns(['contestId', 'userId']).doNothing())
    .returning('userId')
    .executeTakeFirst();
  return r !== undefined;
}

/** Removes a juror; false when not one. */
export async function deleteJuror(trx: Tx, contestId: number, userId: number): Promise<boolean> {
  const r = await trx.deleteFrom('prizeContestJurors').where('contestId', '=', contestId).where('userId', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Records a juror's declaration in one statement. A declared conflict is final: declaring "none" over it
 * changes nothing (the row's key and the `where` of the update say so, not a read before the write).
 */
export async function upsertDeclaration(trx: Tx, row: { nominationId: number; userId: number; hasConflict: boolean }): Promise<void> {
  await trx
    .insertInto('prizeJuryDeclarations')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['nominationId', 'userId'])
        .doUpdateSet({ hasConflict: (eb) => eb.ref('excluded.hasConflict'), declaredAt: sql<Date>`now()` })
        .where('prizeJuryDeclarations.hasConflict', '=', false),
    )
    .execute();
}

/** The juror's declaration about a nomination: true (conflict), false (none) or null (not declared). */
export async function declarationOf(db: Q, nominationId: number, userId: number): Promise<boolean | null> {
  const r = await db
    .selectFrom('prizeJuryDeclarations')
    .select('hasConflict')
    .where('nominationId', '=', nominationId)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return r ? r.hasConflict : null;
}

/**
 * Writes the juror's score sheet for a nomination, one per (nomination, juror) by its key, only while
 * the juror's declaration about it says "no conflict" (checked in the same statement). Returns whether written.
 */
export async function upsertScores(trx: Tx, row: { nominationId: number; userId: number; scores: Record<string, number> }): Promise<boolean> {
  const source = trx
    .selectFrom('prizeJuryDeclarations as d')
    .select(['d.nominationId', 'd.userId', sql<string>`${JSON.stringify(row.scores)}::jsonb`.as('scores')])
    .where('d.nominationId', '=', row.nominationId)
    .where('d.userId', '=', row.userId)
    .where('d.hasConflict', '=', false);
  const r = await trx
    .insertInto('prizeJuryScores')
    .columns(['nominationId', 'userId', 'scores'])
    .expression(source)
    .onConflict((oc) => oc.columns(['nominationId', 'userId']).doUpdateSet({ scores: (eb) => eb.ref('excluded.scores'), updatedAt: sql<Date>`now()` }))
    .returning('nominationId')
    .executeTakeFirst();
  return r !== undefined;
}

export async function deleteScores(trx: Tx, nominationId: number, userId: number): Promise<void> {
  await trx.deleteFrom('prizeJuryScores').where('nominationId', '=', nominationId).where('userId', '=', userId).execute();
}

/** One juror's declarations and score sheets over some nominations. */
export async function jurorSheets(db: Q, userId: number, nominationIds: number[]) {
  if (nominationIds.length === 0) return { declarations: new Map<number, boolean>(), scores: new Map<number, Record<string, number>>() };
  const [d, s] = await Promise.all([
    db
      .selectFrom('prizeJuryDeclarations')
      .select(['nominationId', 'hasConflict'])
      .where('userId', '=', userId)
      .where('nominationId', 'in', nominationIds)
      .execute(),
    db.selectFrom('prizeJuryScores').select(['nominationId', 'scores']).where('userId', '=', userId).where('nominationId', 'in', nominationIds).execute(),
  ]);
  return { declarations: new Map(d.map((r) => [r.nominationId, r.hasConflict])), scores: new Map(s.map((r) => [r.nominationId, r.scores])) };
}

/** Every juror's score sheets for some nominations (of the contest's current jurors only), by nomination. */
export async function allSheets(db: Q, contestId: number, nominationIds: number[]): Promise<Map<number, Array<Record<string, number>>>> {
  const out = new Map<number, Array<Record<string, number>>>();
  if (nominationIds.length === 0) return out;
  const rows = await db
    .selectFrom('prizeJuryScores as s')
    .innerJoin('prizeContestJurors as j', (jn) => jn.onRef('j.userId', '=', 's.userId').on('j.contestId', '=', contestId))
    .select(['s.nominationId', 's.scores'])
    .where('s.nominationId', 'in', nominationIds)
    .execute();
  for (const r of rows) out.set(r.nominationId, [...(out.get(r.nominationId) ?? []), r.scores]);
  return out;
}

/** Conflicts declared per nomination (the curators see how many jurors stood aside). */
export async function conflictCounts(db: Q, nominationIds: number[]): Promise<Map<number, number>> {
  if (nominationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('prizeJuryDeclarations')
    .select(['nominationId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('nominationId', 'in', nominationIds)
    .where('hasConflict', '=', true)
    .groupBy('nominationId')
    .execute();
  return new Map(rows.map((r) => [r.nominationId, Number(r.n)]));
}

/**
 * Replaces a category's confirmed awards and mirrors them on the nominations (`award`, which eligibility
 * reads to exclude past winners). The partial unique index on winners is the last word under a race.
 */
export async function replaceAwards(
  trx: Tx,
  a: { contestId: number; category: string; confirmedBy: number | null; picks: ReadonlyArray<{ nominationId: number; award: Award }> },
): Promise<void> {
  await trx.deleteFrom('prizeAwards').where('contestId', '=', a.contestId).where('category', '=', a.category).execute();
  await trx
    .updateTable('prizeNominations')
    .set({ award: null })
    .where('contestId', '=', a.contestId)
    .where('category', '=', a.category)
    .where('award', 'is not', null)
    .execute();
  if (a.picks.length === 0) return;
  await trx
    .insertInto('prizeAwards')
    .values(a.picks.map((p) => ({ contestId: a.contestId, category: a.category, nominationId: p.nominationId, award: p.award, confirmedBy: a.confirmedBy })))
    .execute();
  for (const award of ['winner', 'champion'] as const) {
    const ids = a.picks.filter((p) => p.award === award).map((p) => p.nominationId);
    if (ids.length)
      await trx
        .updateTable('prizeNominations')
        .set({ award, updatedAt: sql<Date>`now()` })
        .where('id', 'in', ids)
        .where('contestId', '=', a.contestId)
        .execute();
  }
}

/** A contest's confirmed awards with each project's title, organisation and register entry. */
export async function listAwards(db: Q, contestId: number) {
  return db
    .selectFrom('prizeAwards as a')
    .innerJoin('prizeNominations as n', 'n.id', 'a.nominationId')
    .innerJoin('organisations as o', 'o.id', 'n.organisationId')
    .select(['a.nominationId', 'a.category', 'a.award', 'a.confirmedAt', 'n.entryId', 'n.answers', 'o.name as organisationName'])
    .where('a.contestId', '=', contestId)
    .orderBy('a.category')
    .orderBy(sql`case when a.award = 'winner' then 0 else 1 end`)
    .orderBy('a.nominationId')
    .execute();
}

/** A judged contest written at once (the demo): one juror, no conflicts, their score sheets, and the confirmed awards. */
export async function insertJudgedContest(
  trx: Tx,
  j: {
    contestId: number;
    jurorId: number;
    sheets: ReadonlyArray<{ nominationId: number; scores: Record<string, number> }>;
    awards: ReadonlyArray<{ nominationId: number; category: string; award: Award }>;
  },
): Promise<void> {
  await trx
    .insertInto('prizeContestJurors')
    .values({ contestId: j.contestId, userId: j.jurorId, assignedBy: null })
    .onConflict((oc) => oc.doNothing())
    .execute();
  if (j.sheets.length) {
    await trx
      .insertInto('prizeJuryDeclarations')
      .values(j.sheets.map((s) => ({ nominationId: s.nominationId, userId: j.jurorId, hasConflict: false })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await trx
      .insertInto('prizeJuryScores')
      .values(j.sheets.map((s) => ({ nominationId: s.nominationId, userId: j.jurorId, scores: JSON.stringify(s.scores) })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  if (j.awards.length)
    await trx
      .insertInto('prizeAwards')
      .values(j.awards.map((a) => ({ contestId: j.contestId, category: a.category, nominationId: a.nominationId, award: a.award, confirmedBy: null })))
      .onConflict((oc) => oc.doNothing())
      .execute();
}
