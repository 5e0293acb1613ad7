import type { Db, Tx } from '../../db/connection';
import type { SnapshotFormats } from '../../db/schema';

export async function insertSnapshot(
  db: Db | Tx,
  row: { file: string; entries: number; bytes: number; formats: SnapshotFormats; jobId: number | null },
): Promise<number> {
  const { id } = await db
    .insertInto('dataSnapshots')
    .values({ ...row, formats: JSON.stringify(row.formats) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Snapshots, newest first. */
export async function listSnapshots(db: Db, limit: number) {
  return db.selectFrom('dataSnapshots').selectAll().orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findSnapshot(db: Db, file: string) {
  return db.selectFrom('dataSnapshots').selectAll().where('file', '=', file).executeTakeFirst();
}

/** Deletes every snapshot row but the newest `keep`; returns the files they named. */
export async function deleteSnapshotsBeyond(db: Db, keep: number): Promise<string[]> {
  const rows = await db
    .deleteFrom('dataSnapshots')
    .where('id', 'not in', (eb) => eb.selectFrom('dataSnapshots').select('id').orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(keep))
    .returning('file')
    .execute();
  return rows.map((r) => r.file);
}
