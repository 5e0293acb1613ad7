import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/** One revision of an entry as stored: its content, what changed since the previous one, and who and why. */
export interface RevisionRow {
  entityId: number;
  number: number;
  data: Record<string, unknown>;
  changedFields: string[];
  source: string;
  reason: string | null;
  authorId: number | null;
  approvedBy: number | null;
  submissionId: number | null;
}

const revisionValues = (r: RevisionRow) => ({ ...r, entity: 'entry', data: JSON.stringify(r.data), changedFields: JSON.stringify(r.changedFields) });

export async function insertRevision(trx: Tx, r: RevisionRow): Promise<void> {
  await trx.insertInto('revisions').values(revisionValues(r)).execute();
}

const CHUNK = 2000;

/** Inserts many revisions with few round trips (bulk imports). */
export async function insertRevisions(trx: Tx, rows: RevisionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('revisions')
      .values(rows.slice(i, i + CHUNK).map(revisionValues))
      .execute();
}

/** An entry's latest revision, if it has any. */
export async function latestRevision(db: Db | Tx, entryId: number): Promise<{ data: unknown; number: number } | undefined> {
  return db
    .selectFrom('revisions')
    .select(['data', 'number'])
    .where('entity', '=', 'entry')
    .where('entityId', '=', entryId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
}

/** The name and stakeholder type of an organisation (the owner that leads an entry it publishes). */
export async function organisationLead(db: Db | Tx, organisationId: number) {
  return db.selectFrom('organisations').select(['name', 'stakeholderType']).where('id', '=', organisationId).executeTakeFirst();
}

/** What a republished entry keeps of itself: its import identifier and its demo flag. */
export async function entryKeptFields(db: Db | Tx, entryId: number) {
  return db.selectFrom('entries').select(['externalId', 'isDemo']).where('id', '=', entryId).executeTakeFirstOrThrow();
}

/** The entry an import identifier names, with its owner. */
export async function entryByExternalId(db: Db | Tx, externalId: string) {
  return db.selectFrom('entries').select(['id', 'ownerOrganisationId']).where('externalId', '=', externalId).executeTakeFirst();
}

/** The ids of the entries some import identifiers name, by identifier. */
export async function entryIdsByExternalId(db: Db | Tx, externalIds: string[]): Promise<Map<string, number>> {
  if (!externalIds.length) return new Map();
  const rows = await db.selectFrom('entries').select(['id', 'externalId']).where('externalId', 'in', externalIds).execute();
  return new Map(rows.map((r) => [r.externalId!, r.id]));
}

/** Brings an archived imported entry back (a merged one stays with the entry it was merged into). */
export async function unarchiveUnmerged(trx: Tx, entryId: number): Promise<void> {
  await trx
    .updateTable('entries')
    .set({ state: 'published' })
    .where('id', '=', entryId)
    .where('state', '=', 'archived')
    .where('mergedInto', 'is', null)
    .execute();
}

/** Files uploaded with a submission (or already the entry's) become the entry's. */
export async function attachFiles(trx: Tx, entryId: number, fileIds: number[], submissionId: number | null): Promise<void> {
  await trx
    .updateTable('entryFiles')
    .set({ entryId })
    .where('id', 'in', fileIds)
    .where((eb) => eb.or([eb('entryId', '=', entryId), ...(submissionId ? [eb('submissionId', '=', submissionId)] : [])]))
    .execute();
}

/** Matches plain organisation names to actor profiles by exact name or acronym (a curator can change a match). */
export async function linkActorsByName(trx: Tx, entryId: number): Promise<void> {
  await sql`update entry_organisations o set actor_id = m.id
    from (select a.id, lower(t.title) as name from entries a join entry_translations t on t.entry_id = a.id
          where a.kind = 'actor' and a.state = 'published'
          union select a.id, lower(x.value) from entries a, jsonb_each_text(a.details -> 'acronyms') x
          where a.kind = 'actor' and a.state = 'published') m
    where o.entry_id = ${entryId} and o.actor_id is null and lower(o.name) = m.name and m.id <> ${entryId}`.execute(trx);
}

/** Marks an entry published by its owner now, confirmed as current (its first publication time stays). */
export async function markPublished(trx: Tx, entryId: number, organisationId: number | null): Promise<void> {
  await trx
    .updateTable('entries')
    .set({ ownerOrganisationId: organisationId, lastConfirmedAt: new Date(), publishedAt: sql<Date>`coalesce(published_at, now())`, updatedAt: new Date() })
    .where('id', '=', entryId)
    .execute();
}
