import { sql, type Kysely } from 'kysely';

/** The tables whose rows make up an entry's public JSON (entry_facets is derived and never shown). */
const CHILD_TABLES = ['entry_translations', 'entry_tags', 'entry_organisations', 'entry_links'] as const;

/**
 * `export_records`: each published entry's public JSON (`record`) and its spreadsheet cells (`cells`, a JSON
 * array), written once as text, which bulk exports read a
 * batch at a time instead of assembling entries from five tables. It is filled by the publishing path and
 * by a job (the application's code: this migration leaves it empty), and emptied for an entry by the
 * database itself: statement-level triggers on `entries` and on the tables of its parts delete the
 * records of every entry a statement touched, in the same transaction, so no write path can leave a
 * record older than its entry. A missing record only costs speed (the export reads that entry live).
 *
 * Records stay in the row (`toast_tuple_target` at the page's maximum, no compression): on the embedded
 * database reading a compressed or out-of-line value costs far more than the bytes it saves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table export_records (
      entry_id integer primary key references entries (id) on delete cascade,
      format integer not null,
      record text not null,
      cells text not null,
      written_at timestamptz not null default now()
    ) with (toast_tuple_target = 8160)`.execute(db);
  await sql`alter table export_records alter column record set storage external, alter column cells set storage external`.execute(db);
  await sql`create function stocktake_export_records_stale_new() returns trigger language plpgsql as $$
    begin
      delete from export_records where entry_id in (select n.entry_id from changed_rows n);
      return null;
    end $$`.execute(db);
  await sql`create function stocktake_export_records_stale_entries() returns trigger language plpgsql as $$
    begin
      delete from export_records where entry_id in (select n.id from changed_rows n);
      return null;
    end $$`.execute(db);
  // A trigger with transition tables takes one event: one trigger per event and table.
  await sql`create trigger entries_export_records after update on entries
    referencing new table as changed_rows for each statement execute function stocktake_export_records_stale_entries()`.execute(db);
  for (const table of CHILD_TABLES) {
    for (const [event, transition] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql`create trigger ${sql.raw(`${table}_export_records_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(transition)} table as changed_rows for each statement execute function stocktake_export_records_stale_new()`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of CHILD_TABLES) {
    for (const event of ['insert', 'update', 'delete'])
      await sql`drop trigger ${sql.raw(`${table}_export_records_${event}`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop trigger entries_export_records on entries`.execute(db);
  await sql`drop function stocktake_export_records_stale_entries()`.execute(db);
  await sql`drop function stocktake_export_records_stale_new()`.execute(db);
  await sql`drop table export_records`.execute(db);
}
