import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import { NEXT_BATCH } from '../../lib/batcher';
import type { NominationStatus } from './prizes';

type Q = Db | Tx;

/** What a curator sets on a contest (its year and creator aside), as stored. */
export interface ContestSettings {
  titles: string;
  rules: string;
  timeZone: string;
  phases: string;
  categories: string;
  votesChangeable: boolean;
  allCategoriesRequired: boolean;
  questionnaire: string;
}

export async function insertContest(trx: Tx, row: ContestSettings & { year: number; createdBy: number | null; isDemo?: boolean }): Promise<number | null> {
  const r = await trx
    .insertInto('prizeContests')
    .values(row)
    .onConflict((oc) => oc.column('year').doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

const CONTEST_COLUMNS = [
  'id',
  'year',
  'titles',
  'rules',
  'timeZone',
  'phases',
  'categories',
  'votesChangeable',
  'allCategoriesRequired',
  'questionnaire',
  'isDemo',
] as const;

export async function findContestByYear(db: Q, year: number) {
  return db.selectFrom('prizeContests').select(CONTEST_COLUMNS).where('year', '=', year).executeTakeFirst();
}

export async function findContestById(db: Q, id: number) {
  return db.selectFrom('prizeContests').select(CONTEST_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listContestRows(db: Q) {
  return db.selectFrom('prizeContests').select(CONTEST_COLUMNS).orderBy('year', 'desc').execute();
}

/** A published entry owned by the organisation, in its original language, with its status. */
export async function publishedEntryOf(db: Q, entryId: number, organisationId: number) {
  return db
    .selectFrom('entries as e')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'e.id').onRef('t.language', '=', 'e.originalLanguage'))
    .select(['e.id', 'e.kind', 'e.details', 'e.originalLanguage', 't.title', 't.summary', 't.description'])
    .where('e.id', '=', entryId)
    .where('e.ownerOrganisationId', '=', organisationId)
    .where('e.state', '=', 'published')
    .executeTakeFirst();
}

/** The organisation's published activities (candidates to start a nomination from). */
export async function publishedActivitiesOf(db: Q, organisationIds: number[]) {
  if (organisationIds.length === 0) return [];
  return db
    .selectFrom('entries as e')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'e.id').onRef('t.language', '=', 'e.originalLanguage'))
    .select(['e.id', 'e.ownerOrganisationId', 't.title'])
    .where('e.ownerOrganisationId', 'in', organisationIds)
    .where('e.state', '=', 'published')
    .where('e.kind', '=', 'activity')
    .orderBy('t.title')
    .limit(200)
    .execute();
}

/** Inserts a nomination unless a unique index (organisation × category, project) refuses it: null then. */
export async function insertNomination(
  trx: Tx,
  row: {
    contestId: number;
    category: string;
    organisationId: number;
    entryId: number | null;
    projectKey: string;
    createdBy: number;
    answers: string;
    status?: string;
    award?: 'winner' | 'champion' | null;
  },
): Promise<number | null> {
  const r = await trx
    .insertInto('prizeNominations')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

/** The nomination in play (not rejected or withdrawn) that clashes with a new one, and on which rule. */
export async function clashingNomination(db: Q, contestId: number, p: { organisationId: number; category: string; projectKey: string; exceptId?: number }) {
  let q = db
    .selectFrom('prizeNominations')
    .select(['id', 'organisationId', 'category', 'projectKey'])
    .where('contestId', '=', contestId)
    .where('status', 'not in', ['rejected', 'withdrawn'])
    .where((eb) => eb.or([eb.and([eb('organisationId', '=', p.organisationId), eb('category', '=', p.category)]), eb('projectKey', '=', p.projectKey)]));
  if (p.exceptId !== undefined) q = q.where('id', '!=', p.exceptId);
  return q.execute();
}

/** Whether the project won a prize (winner) in an earlier contest. */
export async function wonBefore(db: Q, projectKey: string, beforeYear: number): Promise<boolean> {
  const r = await db
    .selectFrom('prizeNominations as n')
    .innerJoin('prizeContests as c', 'c.id', 'n.contestId')
    .select('n.id')
    .where('n.projectKey', '=', projectKey)
    .where('n.award', '=', 'winner')
    .where('c.year', '<', beforeYear)
    .executeTakeFirst();
  return r !== undefined;
}

const NOMINATION_COLUMNS = [
  'n.id',
  'n.contestId',
  'n.category',
  'n.organisationId',
  'n.entryId',
  'n.createdBy',
  'n.status',
  'n.answers',
  'n.reason',
  'n.fieldComments',
  'n.award',
  'n.createdAt',
  'n.decidedAt',
  'o.name as organisationName',
] as const;

export async function findNomination(db: Q, id: number) {
  return db
    .selectFrom('prizeNominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisationId')
    .select(NOMINATION_COLUMNS)
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function listNominations(db: Q, contestId: number, f: { statuses?: NominationStatus[]; category?: string; organisationIds?: number[] } = {}) {
  let q = db
    .selectFrom('prizeNominations as n')
    .innerJoin('organisations as o', 'o.id', 'n.organisationId')
    .select(NOMINATION_COLUMNS)
    .where('n.contestId', '=', contestId);
  if (f.statuses) q = q.where('n.status', 'in', f.statuses);
  if (f.category) q = q.where('n.category', '=', f.category);
  if (f.organisationIds) {
    if (f.organisationIds.length === 0) return [];
    q = q.where('n.organisationId', 'in', f.organisationIds);
  }
  return q.orderBy('n.category').orderBy('n.id').execute();
}

export async function updateNomination(
  trx: Tx,
  id: number,
  patch: {
    status?: NominationStatus;
    answers?: string;
    projectKey?: string;
    reason?: string | null;
    fieldComments?: string | null;
    decidedAt?: Date;
    decidedBy?: number;
    award?: 'winner' | 'champion' | null;
  },
): Promise<void> {
  await trx
    .updateTable('prizeNominations')
    .set({ ...patch, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** One vote to cast: see {@link castVotes}. */
export type VoteToCast = {
  year: number;
  userId: number;
  nominationId: number;
  address: string | null;
  viewedAt: Date | null;
  now: Date;
  /** The address's network (fraud.ts networkOf) and the voter's session key, whose start is recorded. */
  network?: string | null;
  sessionId?: string | null;
};

/**
 * Casts one vote in one statement, the only query of a vote that counts: the contest (by year) must be in
 * its voting phase at `now` (voting's start ≤ now < selection's start), the nomination accepted in it; the
 * row's key (contest, category, voter) makes a second vote in the category either change the first (when
 * the contest allows it) or count nothing. Returns the category written, or null when nothing was (the
 * caller then finds out why, off the fast path).
 */
export async function castVote(db: Q, v: VoteToCast): Promise<string | null> {
  const [out] = await castVotes(db, [v]);
  // Alone, a vote is always the first for its key.
  return out === NEXT_BATCH ? null : (out ?? null);
}

/**
 * Casts several votes in one statement (group commit, see votes.service.ts), each as {@link castVote}
 * would; the answers in the votes' order. A multi-row upsert cannot meet the same key twice, so of the
 * votes for one (contest, category, voter) only the first is cast here; the others answer `later`
 * (NEXT_BATCH), to be cast by the next statement, in order, as if they had come one at a time.
 */
export async function castVotes(db: Q, votes: VoteToCast[]): Promise<Array<string | null | typeof NEXT_BATCH>> {
  if (votes.length === 0) return [];
  const values = sql.join(
    votes.map(
      (v, i) =>
        sql`(${i}::integer, ${v.year}::integer, ${v.userId}::integer, ${v.nominationId}::integer, ${v.address}::text,
          ${v.viewedAt?.toISOString() ?? null}::timestamptz, ${v.network ?? null}::text, ${v.sessionId ?? null}::text, ${v.now.toISOString()}::timestamptz)`,
    ),
  );
  const { rows } = await sql<{ ord: number; chosen: boolean; category: string | null }>`
    with v (ord, year, user_id, nomination_id, address, viewed_at, network, session_id, now) as (values ${values}),
    valid as (
      select v.ord, n.contest_id, n.category, v.user_id, n.id as nomination_id, v.address, v.viewed_at, v.network,
        (select s.created_at from sessions s where s.id = v.session_id) as session_started_at
      from v
      join prize_nominations n on n.id = v.nomination_id
      join prize_contests c on c.id = n.contest_id
      where c.year = v.year and n.status = 'accepted'
        and (c.phases->>'voting')::timestamptz <= v.now and (c.phases->>'selection')::timestamptz > v.now
    ),
    chosen as (select distinct on (contest_id, category, user_id) * from valid order by contest_id, category, user_id, ord),
    written as (
      insert into prize_votes (contest_id, category, user_id, nomination_id, address, viewed_at, network, session_started_at)
      select contest_id, category, user_id, nomination_id, address, viewed_at, network, session_started_at from chosen
      on conflict (contest_id, category, user_id) do update set
        nomination_id = excluded.nomination_id, cast_at = now(), address = excluded.address, viewed_at = excluded.viewed_at,
        network = excluded.network, session_started_at = excluded.session_started_at
        -- A contest whose votes are final keeps the first one (the conflicting row is locked, nothing written).
        where (select c.votes_changeable from prize_contests c where c.id = excluded.contest_id)
      returning contest_id, category, user_id
    )
    select valid.ord, valid.ord in (select ord from chosen) as chosen, written.category
    from valid left join written using (contest_id, category, user_id)`.execute(db);
  const out: Array<string | null | typeof NEXT_BATCH> = votes.map(() => null);
  for (const r of rows) out[r.ord] = r.chosen ? r.category : NEXT_BATCH;
  return out;
}

/** The voter's votes in a contest, by category. */
export async function votesOf(db: Q, contestId: number, userId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('prizeVotes').select(['category', 'nominationId']).where('contestId', '=', contestId).where('userId', '=', userId).execute();
  return new Map(rows.map((r) => [r.category, r.nominationId]));
}

/**
 * Votes per nomination, excluded votes left out; with `everyCategory`, only the votes of voters who
 * voted in that many categories count.
 */
export async function tallyVotes(db: Q, contestId: number, everyCategory: number | null) {
  let q = db
    .selectFrom('prizeVotes as v')
    .select(['v.category', 'v.nominationId', (eb) => eb.fn.countAll<string>().as('votes')])
    .where('v.contestId', '=', contestId)
    .where('v.excludedReason', 'is', null);
  if (everyCategory !== null) {
    q = q.where('v.userId', 'in', (eb) =>
      eb
        .selectFrom('prizeVotes as w')
        .select('w.userId')
        .where('w.contestId', '=', contestId)
        .where('w.excludedReason', 'is', null)
        .groupBy('w.userId')
        .having((h) => h.fn.countAll(), '>=', everyCategory),
    );
  }
  const rows = await q.groupBy(['v.category', 'v.nominationId']).execute();
  return rows.map((r) => ({ category: r.category, nominationId: r.nominationId, votes: Number(r.votes) }));
}

/** Published activities with their action lines and lead organisation's name (the demo's nominees). */
export async function activitiesWithActionLines(db: Q, limit: number) {
  return db
    .selectFrom('entries as e')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'e.id').onRef('t.language', '=', 'e.originalLanguage'))
    .innerJoin('entryTags as g', (j) => j.onRef('g.entryId', '=', 'e.id').on('g.vocabulary', '=', 'action-line'))
    .leftJoin('entryOrganisations as o', (j) => j.onRef('o.entryId', '=', 'e.id').on('o.role', '=', 'lead'))
    .select(['e.id', 't.title', 't.summary', 't.description', 'e.originalLanguage', 'g.code', 'o.name as organisation'])
    .where('e.kind', '=', 'activity')
    .where('e.state', '=', 'published')
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

/** The first account (the demo contributor on a fresh demo register). */
export async function firstUserId(db: Q): Promise<number | null> {
  return (await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirst())?.id ?? null;
}

export async function insertPlainOrganisation(db: Q, name: string, createdBy: number | null): Promise<number> {
  const { id } = await db
    .insertInto('organisations')
    .values({ name, stakeholderType: 'civil-society', country: null, website: null, createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The demo's votes, as they stand (no phase check: the demo writes history). */
export async function insertDemoVotes(
  db: Q,
  rows: ReadonlyArray<{ contestId: number; category: string; userId: number; nominationId: number; castAt: Date; address: string; network: string | null }>,
): Promise<void> {
  if (rows.length)
    await db
      .insertInto('prizeVotes')
      .values([...rows])
      .execute();
}

/** A demo account's creation date set in the past (the signals compare it with the votes). */
export async function backdateDemoUser(db: Q, userId: number, createdAt: Date): Promise<void> {
  await db.updateTable('users').set({ createdAt }).where('id', '=', userId).execute();
}

/** A contest's settings replaced (its year and creator stay); the caller checked them. */
export async function updateContest(trx: Tx, id: number, row: ContestSettings): Promise<void> {
  await trx.updateTable('prizeContests').set(row).where('id', '=', id).execute();
}

/** The categories of a contest that hold at least one nomination, the contest's row locked meanwhile. */
export async function lockedCategoriesInUse(trx: Tx, contestId: number): Promise<string[]> {
  await trx.selectFrom('prizeContests').select('id').where('id', '=', contestId).forUpdate().execute();
  const rows = await trx.selectFrom('prizeNominations').select('category').distinct().where('contestId', '=', contestId).execute();
  return rows.map((r) => r.category);
}
