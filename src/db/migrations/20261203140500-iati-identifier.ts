import { sql, type Kysely } from 'kysely';

/**
 * An entry that came from IATI keeps its IATI identifier: the export writes it back unchanged (an
 * activity has one identifier across every publisher's file), and the import matches on it to update
 * rather than duplicate. Null for entries made here, whose identifier is `{IATI_PUBLISHER_REF}-{id}`.
 * Idempotent (`if not exists`), so the export and the import may each bring this column without clashing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table entries add column if not exists iati_identifier text`.execute(db);
  await sql`create unique index if not exists entries_iati_identifier_key on entries (iati_identifier) where iati_identifier is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists entries_iati_identifier_key`.execute(db);
  await sql`alter table entries drop column if exists iati_identifier`.execute(db);
}
