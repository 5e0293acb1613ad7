import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/**
 * How many bytes one stored chunk holds: small enough that writing or reading one is a short statement.
 * PGlite's cost per byte grows with the statement (insert, median of 20, in memory): 256 KiB 19–31 ms,
 * 128 KiB 7 ms, 64 KiB 3–6 ms, 32 KiB 0.9–1 ms, 16 KiB 0.6 ms; 32 KiB writes a 20 MB file fastest per
 * byte while no statement holds the event loop for more than a few milliseconds.
 */
export const FILE_CHUNK_BYTES = 32 * 1024;

// One chunk statement at a time in this process, each in a turn of the event loop of its own: three
// uploads at once then cost the other requests one chunk's time per turn, not three.
let chunkQueue: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = chunkQueue.then(async () => {
    await nextTurn();
    return work();
  });
  chunkQueue = run.catch(() => undefined);
  return run;
}

/** A file row whose chunks are still to be written (`stored_at` null until the upload is linked to its draft). */
export async function insertUnstoredFile(
  db: Db,
  row: { submissionId: number; entryId: number | null; uploadedBy: number; name: string; mimeType: string; fileKind: string; size: number; sha256: string },
): Promise<number> {
  const { id } = await db
    .insertInto('entryFiles')
    .values({ ...row, storedAt: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Writes the bytes as chunks, one statement each and outside any transaction, so that other requests
 * (on PGlite, the same single session) run between them. PGlite answers within the same turn of the
 * event loop (its promises settle as microtasks), so each chunk waits for a turn of its own (`inTurn`):
 * without that, the loop of statements held the event loop for seconds.
 */
export async function writeChunks(db: Db, fileId: number, bytes: Uint8Array): Promise<void> {
  for (let position = 0, at = 0; at < bytes.length; position += 1, at += FILE_CHUNK_BYTES) {
    const piece = bytes.subarray(at, at + FILE_CHUNK_BYTES);
    await inTurn(() => db.insertInto('entryFileChunks').values({ fileId, position, bytes: piece }).execute());
  }
}

/** Marks a file as stored once its chunks are all written (in the transaction that lists it on its draft). */
export async function markStored(trx: Tx, fileId: number): Promise<void> {
  await trx.updateTable('entryFiles').set({ storedAt: new Date() }).where('id', '=', fileId).execute();
}

/** Deletes a file and its chunks. */
export async function deleteFile(db: Db | Tx, fileId: number): Promise<void> {
  await db.deleteFrom('entryFiles').where('id', '=', fileId).execute();
}

/** Removes uploads that never finished (the process stopped while writing their chunks). */
export async function sweepUnstoredFiles(db: Db, olderThanMinutes = 60): Promise<void> {
  await db
    .deleteFrom('entryFiles')
    .where('storedAt', 'is', null)
    .where('createdAt', '<', sql<Date>`now() - make_interval(mins => ${olderThanMinutes})`)
    .execute();
}

/** The chunks of a stored file, read one statement at a time, in order, each in its own turn of the event loop. */
export async function* readChunks(db: Db, fileId: number): AsyncGenerator<Uint8Array> {
  for (let position = 0; ; position += 1) {
    const at = position;
    const chunk = await inTurn(() =>
      db.selectFrom('entryFileChunks').select('bytes').where('fileId', '=', fileId).where('position', '=', at).executeTakeFirst(),
    );
    if (!chunk) return;
    yield chunk.bytes;
  }
}

/** Deletes a file taken off a draft, when it belongs to that draft and was never published with an entry. */
export async function deleteDraftOnlyFile(trx: Tx, submissionId: number, fileId: number): Promise<void> {
  await trx.deleteFrom('entryFiles').where('id', '=', fileId).where('submissionId', '=', submissionId).where('entryId', 'is', null).execute();
}

/** The listed files that belong to the submission or the entry given (never their bytes). */
export async function findOwnFiles(db: Db, ids: number[], owner: { submissionId?: number | null | undefined; entryId: number | null }) {
  return db
    .selectFrom('entryFiles')
    .select(['id', 'name', 'size', 'mimeType', 'fileKind', 'downloads'])
    .where('id', 'in', ids)
    .where((eb) =>
      eb.or([...(owner.submissionId ? [eb('submissionId', '=', owner.submissionId)] : []), ...(owner.entryId ? [eb('entryId', '=', owner.entryId)] : [])]),
    )
    .execute();
}

/** A stored file with what decides who may download it: its entry's state and details, its submission's owners. */
export async function findStoredFile(db: Db, fileId: number) {
  return db
    .selectFrom('entryFiles as f')
    .leftJoin('entries as a', 'a.id', 'f.entryId')
    .leftJoin('submissions as s', 's.id', 'f.submissionId')
    .select(['f.id', 'f.name', 'f.mimeType', 'f.size', 'f.sha256', 'a.state', 'a.details', 's.organisationId', 's.createdBy'])
    .where('f.id', '=', fileId)
    .where('f.storedAt', 'is not', null)
    .executeTakeFirst();
}

/** Today's salt for download visitors (UTC day), made by whichever instance asks first; older salts and visits are deleted then. */
export async function downloadSalt(db: Db, fresh: string): Promise<{ day: string; salt: string }> {
  const today = sql<string>`(now() at time zone 'utc')::date`;
  const made = await db
    .insertInto('downloadSalts')
    .values({ day: today, salt: fresh })
    .onConflict((oc) => oc.column('day').doNothing())
    .returning([sql<string>`day::text`.as('day'), 'salt'])
    .executeTakeFirst();
  if (made) {
    // A new day: yesterday's visitors can no longer be told apart from anyone, and need not be.
    await db.deleteFrom('downloadVisits').where('day', '<', today).execute();
    await db.deleteFrom('downloadSalts').where('day', '<', today).execute();
  }
  return (
    made ??
    (await db
      .selectFrom('downloadSalts')
      .select([sql<string>`day::text`.as('day'), 'salt'])
      .where('day', '=', today)
      .executeTakeFirstOrThrow())
  );
}

/**
 * Counts a public download of a file once per visitor and day: the visit row's key lets only the first
 * of several parallel requests in, and only that one adds to the count, in the same statement.
 */
export async function countDownload(db: Db, fileId: number, day: string, visitor: string): Promise<boolean> {
  const r = await sql<{ id: number }>`
    with visit as (
      insert into download_visits (file_id, day, visitor) values (${fileId}, ${day}::date, ${visitor})
      on conflict do nothing
      returning file_id
    )
    update entry_files set downloads = downloads + 1
    where id = (select file_id from visit)
    returning id`.execute(db);
  return r.rows.length > 0;
}
