import type { Db, Tx } from '../../db/connection';
import { OPEN_STATUSES } from './submissions';

/** An entry's state and owner, or undefined. */
export async function entryOwnership(db: Db | Tx, entryId: number) {
  return db.selectFrom('entries').select(['id', 'state', 'ownerOrganisationId']).where('id', '=', entryId).executeTakeFirst();
}

/** An entry's kind and state (a curator may only link an organisation to a published actor), or undefined. */
export async function entryKindAndState(db: Db | Tx, entryId: number) {
  return db.selectFrom('entries').select(['kind', 'state']).where('id', '=', entryId).executeTakeFirst();
}

/** The ids of the entries merged into one. */
export async function mergedInto(db: Db | Tx, entryId: number): Promise<number[]> {
  const rows = await db.selectFrom('entries').select('id').where('mergedInto', '=', entryId).execute();
  return rows.map((r) => r.id);
}

/** The revisions of some entries with their authors' and approvers' names, newest first. */
export async function revisionsOf(db: Db | Tx, entryIds: number[]) {
  return db
    .selectFrom('revisions as r')
    .leftJoin('users as u', 'u.id', 'r.authorId')
    .leftJoin('users as v', 'v.id', 'r.approvedBy')
    .select([
      'r.entityId',
      'r.number',
      'r.changedFields',
      'r.source',
      'r.reason',
      'r.createdAt',
      'r.submissionId',
      'u.displayName as author',
      'v.displayName as approver',
    ])
    .where('r.entity', '=', 'entry')
    .where('r.entityId', 'in', entryIds)
    .orderBy('r.createdAt', 'desc')
    .orderBy('r.number', 'desc')
    .execute();
}

/** The content of one revision of an entry, or undefined. */
export async function revisionContent(db: Db | Tx, entryId: number, number: number): Promise<unknown> {
  const row = await db
    .selectFrom('revisions')
    .select('data')
    .where('entity', '=', 'entry')
    .where('entityId', '=', entryId)
    .where('number', '=', number)
    .executeTakeFirst();
  return row?.data;
}

export async function markConfirmed(trx: Tx, entryId: number): Promise<void> {
  await trx.updateTable('entries').set({ lastConfirmedAt: new Date() }).where('id', '=', entryId).execute();
}

/** Takes an entry out of the public register (pointing to the entry it was merged into, if it was). */
export async function markArchived(trx: Tx, entryId: number, mergedIntoId?: number): Promise<void> {
  await trx
    .updateTable('entries')
    .set({ state: 'archived', ...(mergedIntoId === undefined ? {} : { mergedInto: mergedIntoId }), updatedAt: new Date() })
    .where('id', '=', entryId)
    .execute();
}

/** Puts an entry back in the public register (its content is then published anew). */
export async function markRestored(trx: Tx, entryId: number): Promise<void> {
  await trx.updateTable('entries').set({ state: 'published' }).where('id', '=', entryId).execute();
}

/** Withdraws the entry's submissions still in the workflow (it was merged into another). */
export async function withdrawOpenSubmissions(trx: Tx, entryId: number): Promise<void> {
  await trx
    .updateTable('submissions')
    .set({ status: 'withdrawn' })
    .where('entryId', '=', entryId)
    .where('status', 'in', [...OPEN_STATUSES])
    .execute();
}
