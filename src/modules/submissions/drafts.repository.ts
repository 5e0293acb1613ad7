import type { Db, Tx } from '../../db/connection';
import { OPEN_STATUSES } from './submissions';
import type { DraftData } from './submissions.schemas';

/** A submission row, or undefined. */
export async function findSubmission(db: Db | Tx, id: number) {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A submission row locked for the rest of the transaction, or undefined. */
export async function lockSubmission(trx: Tx, id: number) {
  return trx.selectFrom('submissions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * What a submission's page shows besides its draft: its organisation, its call, and the exchange with
 * curators (over every submission of the same entry, so an update shows the earlier rounds).
 */
export async function submissionSurroundings(db: Db, row: { id: number; entryId: number | null; organisationId: number; callId: number | null }) {
  const [organisation, thread, call] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'name']).where('id', '=', row.organisationId).executeTakeFirstOrThrow(),
    db
      .selectFrom('reviewMessages as r')
      .leftJoin('users as u', 'u.id', 'r.authorId')
      .select(['r.id', 'r.kind', 'r.body', 'r.fieldComments', 'r.createdAt', 'u.displayName as author'])
      .where('r.submissionId', 'in', (eb) =>
        row.entryId
          ? eb.selectFrom('submissions').select('id').where('entryId', '=', row.entryId)
          : eb.selectFrom('submissions').select('id').where('id', '=', row.id),
      )
      .orderBy('r.id')
      .execute(),
    row.callId ? db.selectFrom('calls').select(['id', 'titles', 'closesAt']).where('id', '=', row.callId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return { organisation, thread, call };
}

/** An entry's owner and state (an update may only start from a published entry). */
export async function entryOwnerAndState(db: Db | Tx, entryId: number) {
  return db.selectFrom('entries').select(['ownerOrganisationId', 'state']).where('id', '=', entryId).executeTakeFirst();
}

/** The entry's submission still in the workflow, if any (there is one at most). */
export async function openSubmissionOf(db: Db | Tx, entryId: number) {
  return db
    .selectFrom('submissions')
    .select(['id', 'status'])
    .where('entryId', '=', entryId)
    .where('status', 'in', [...OPEN_STATUSES])
    .executeTakeFirst();
}

/** Inserts a new draft; returns its id. */
export async function insertSubmission(
  db: Db | Tx,
  s: { entryId: number | null; organisationId: number; createdBy: number; callId: number | null; data: DraftData },
): Promise<number> {
  const { id } = await db
    .insertInto('submissions')
    .values({ ...s, status: 'draft', data: JSON.stringify(s.data), language: s.data.originalLanguage ?? 'en' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Stores a draft's new content (and its language, when given). */
export async function updateDraftData(trx: Tx, id: number, data: DraftData, language?: string): Promise<void> {
  await trx
    .updateTable('submissions')
    .set({ data: JSON.stringify(data), ...(language === undefined ? {} : { language }), updatedAt: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function markSubmitted(trx: Tx, id: number, callId: number | null): Promise<void> {
  await trx.updateTable('submissions').set({ status: 'submitted', submittedAt: new Date(), updatedAt: new Date(), callId }).where('id', '=', id).execute();
}

/** Where and how to write to a user. */
export async function mailRecipient(db: Db | Tx, userId: number) {
  return db.selectFrom('users').select(['email', 'locale', 'displayName']).where('id', '=', userId).executeTakeFirst();
}

/** The submissions a user made, or made for an organisation they edit, newest first (withdrawn ones left out). */
export async function submissionsOf(db: Db, userId: number, editorOf: number[]) {
  return db
    .selectFrom('submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .select(['s.id', 's.entryId', 's.status', 's.data', 's.updatedAt', 'o.name as organisation'])
    .where((eb) => eb.or([eb('s.createdBy', '=', userId), ...(editorOf.length ? [eb('s.organisationId', 'in', editorOf)] : [])]))
    .where('s.status', '!=', 'withdrawn')
    .orderBy('s.updatedAt', 'desc')
    .limit(200)
    .execute();
}

/** The published entries owned by some organisations, newest first. */
export async function publishedEntryIdsOf(db: Db, organisationIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('entries')
    .select('id')
    .where('ownerOrganisationId', 'in', organisationIds)
    .where('state', '=', 'published')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}
