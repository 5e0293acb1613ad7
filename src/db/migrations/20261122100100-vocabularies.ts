import { sql, type Kysely } from 'kysely';

/**
 * Loaded every vocabulary (action lines, SDGs, countries, regions, types…) from the project's data files
 * until 2 December 2026. It read those files and i18n-iso-countries as they were at run time, so the
 * same migration gave different databases as the data changed. Vocabulary data is synced at boot by
 * syncVocabularies (db/vocabulary-sync.ts) since then; this migration now does nothing. A database that
 * ran it keeps its rows (the next boot brings them up to date); a new one gets them at its first boot.
 */
export async function up(): Promise<void> {}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from vocabulary_terms`.execute(db);
  await sql`delete from vocabularies`.execute(db);
}
