import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/** Whether any entry is marked as demo data. */
export async function anyDemoEntry(db: Db): Promise<boolean> {
  const row = await db.selectFrom('entries').select('id').where('isDemo', '=', true).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Stores small files whole (one chunk each, they are a few KiB), listed on no entry yet; returns their ids in order. */
export async function insertDemoFiles(db: Db, files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<number[]> {
  if (files.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .insertInto('entryFiles')
      .values(
        files.map((f) => ({
          entryId: null,
          submissionId: null,
          uploadedBy: null,
          name: f.name,
          mimeType: 'application/pdf',
          fileKind: 'pdf',
          size: f.bytes.byteLength,
          sha256: createHash('sha256').update(f.bytes).digest('hex'),
          storedAt: new Date(),
        })),
      )
      .returning('id')
      .execute();
    const ids = rows.map((r) => r.id);
    await trx
      .insertInto('entryFileChunks')
      .values(files.map((f, i) => ({ fileId: ids[i]!, position: 0, bytes: f.bytes })))
      .execute();
    return ids;
  });
}

/** Gives each demo publication's files to it (the files its details list). */
export async function attachDemoFiles(db: Db): Promise<void> {
  await sql`update entry_files f set entry_id = e.id from entries e
    where e.is_demo and e.kind = 'publication' and f.entry_id is null and e.details -> 'fileIds' @> to_jsonb(f.id)`.execute(db);
}

/** Links every demo entry's organisations to the actor profile of the same name (as publishing links one entry's). */
export async function linkDemoActorsByName(db: Db): Promise<void> {
  await sql`update entry_organisations o set actor_id = m.id
    from (select a.id, lower(t.title) as name from entries a join entry_translations t on t.entry_id = a.id
          where a.kind = 'actor' and a.state = 'published' and a.is_demo) m
    where o.actor_id is null and lower(o.name) = m.name and m.id <> o.entry_id`.execute(db);
}

/** The demo contributor's organisation, with the contributor as its editor. */
export async function insertDemoOrganisation(db: Db, userId: number, name: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('organisations')
      .values({ name, stakeholderType: 'civil-society', country: 'KE', website: null, createdBy: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('organisationMembers').values({ organisationId: id, userId, role: 'editor', status: 'active' }).execute();
    return id;
  });
}

/** Marks a demo draft as sent to the curators at a given time (days ago, so the queue has an order). */
export async function markDemoSubmitted(trx: Tx, id: number, at: Date): Promise<void> {
  await trx.updateTable('submissions').set({ status: 'submitted', submittedAt: at, updatedAt: at }).where('id', '=', id).execute();
}
