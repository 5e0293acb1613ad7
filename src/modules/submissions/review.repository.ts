import { sql, type Updateable } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { SubmissionsTable } from '../../db/schema';
import type { QueueQuery } from './submissions.schemas';

/** One message of the exchange between a submission's author and the curators. */
export async function insertReviewMessage(
  trx: Tx,
  m: { submissionId: number; authorId: number; kind: string; body?: string; fieldComments: Record<string, string> | null; data?: unknown },
): Promise<void> {
  await trx
    .insertInto('reviewMessages')
    .values({ ...m, fieldComments: m.fieldComments ? JSON.stringify(m.fieldComments) : null, data: m.data === undefined ? null : JSON.stringify(m.data) })
    .execute();
}

/** The submission as a curator last saw it when deciding on it (with when), if a curator has. */
export async function lastReviewedData(db: Db | Tx, submissionId: number) {
  return db
    .selectFrom('reviewMessages')
    .select(['data', 'createdAt'])
    .where('submissionId', '=', submissionId)
    .where('data', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Who last decided on a submission (the curator a reply answers), if anyone has. */
export async function lastDecider(db: Db | Tx, submissionId: number): Promise<number | null> {
  const row = await db
    .selectFrom('reviewMessages')
    .select('authorId')
    .where('submissionId', '=', submissionId)
    .where('data', 'is not', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.authorId ?? null;
}

/** The language a user reads mail in (links sent to them point to it). */
export async function userLocale(db: Db | Tx, userId: number): Promise<string | undefined> {
  return (await db.selectFrom('users').select('locale').where('id', '=', userId).executeTakeFirst())?.locale;
}

/** Records a curator's decision on a submission. */
export async function recordDecision(
  trx: Tx,
  id: number,
  set: Pick<Updateable<SubmissionsTable>, 'status' | 'entryId'> & { fieldComments?: Record<string, string> | null },
): Promise<void> {
  const { fieldComments, ...rest } = set;
  await trx
    .updateTable('submissions')
    .set({ ...rest, decidedAt: new Date(), ...(fieldComments === undefined ? {} : { fieldComments: fieldComments ? JSON.stringify(fieldComments) : null }) })
    .where('id', '=', id)
    .execute();
}

/** One page (50) of the curators' queue, oldest first. */
export async function queuePage(db: Db, q: QueueQuery) {
  let query = db
    .selectFrom('submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .innerJoin('users as u', 'u.id', 's.createdBy')
    .select([
      's.id',
      's.entryId',
      's.status',
      's.data',
      's.language',
      's.callId',
      's.submittedAt',
      's.updatedAt',
      'o.name as organisation',
      'u.displayName as author',
    ])
    .where('s.status', '=', q.status);
  if (q.call) query = query.where('s.callId', '=', q.call);
  if (q.language) query = query.where('s.language', '=', q.language);
  if (q.olderThanDays !== undefined) query = query.where('s.submittedAt', '<', sql<Date>`now() - make_interval(days => ${q.olderThanDays})`);
  return query
    .orderBy('s.submittedAt', 'asc')
    .orderBy('s.id')
    .limit(50)
    .offset((q.page - 1) * 50)
    .execute();
}
