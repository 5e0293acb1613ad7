import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/** What a record holds: the public JSON, or the spreadsheet cells. */
export type RecordPart = 'record' | 'cells';

/**
 * One part of the stored records of these entries, in the order of `ids`: its text, or null where an entry
 * has no record of `format` (never written, or emptied by a change since). One round trip; the database
 * keeps the order (`unnest … with ordinality`), so no map is built per batch.
 */
export async function readExportRecords(db: Db | Tx, ids: readonly number[], format: number, part: RecordPart): Promise<Array<string | null>> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ text: string | null }>`select r.${sql.raw(part === 'cells' ? 'cells' : 'record')} as text
    from unnest(${[...ids]}::int[]) with ordinality as u(id, n)
    left join export_records r on r.entry_id = u.id and r.format = ${format}
    order by u.n`.execute(db);
  return rows.map((r) => r.text);
}

/** Writes (or replaces) records. */
export async function upsertExportRecords(trx: Tx, rows: ReadonlyArray<{ entryId: number; record: string; cells: string }>, format: number): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('exportRecords')
    .values(rows.map((r) => ({ entryId: r.entryId, format, record: r.record, cells: r.cells })))
    .onConflict((oc) =>
      oc.column('entryId').doUpdateSet((eb) => ({
        format: eb.ref('excluded.format'),
        record: eb.ref('excluded.record'),
        cells: eb.ref('excluded.cells'),
        writtenAt: sql<Date>`now()`,
      })),
    )
    .execute();
}

/**
 * Holds off every change to entries until this transaction ends: the triggers that empty records take a
 * row-exclusive lock on `export_records`, which this share-row-exclusive lock excludes. A refill that reads
 * entries after taking it therefore never writes a record a concurrent change has already made stale.
 */
export async function lockExportRecords(trx: Tx): Promise<void> {
  await sql`lock table export_records in share row exclusive mode`.execute(trx);
}

/** Published entries after `afterId` without a record of `format`, by id, at most `limit`. */
export async function entriesWithoutExportRecord(db: Db | Tx, format: number, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('entries as e')
    .select('e.id')
    .where('e.state', '=', 'published')
    .where('e.id', '>', afterId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('exportRecords as r')
            .select(sql`1`.as('one'))
            .whereRef('r.entryId', '=', 'e.id')
            .where('r.format', '=', format),
        ),
      ),
    )
    .orderBy('e.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** How many published entries have a record of `format`, and how many have none (for the refill's report and tests). */
export async function exportRecordCoverage(db: Db | Tx, format: number): Promise<{ published: number; recorded: number }> {
  const { rows } = await sql<{ published: number; recorded: number }>`select count(*)::int as published,
      count(r.entry_id)::int as recorded
    from entries e left join export_records r on r.entry_id = e.id and r.format = ${format}
    where e.state = 'published'`.execute(db);
  return rows[0] ?? { published: 0, recorded: 0 };
}
