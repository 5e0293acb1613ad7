import type { Kysely } from 'kysely';

/**
 * Vocabularies are synced from the project's data files at boot (db/vocabulary-sync.ts), not by
 * migrations: each remembers the hash of the data it was last synced from, so an unchanged one costs
 * nothing. Empty here, so the first boot after this migration syncs every vocabulary once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vocabularies').addColumn('content_hash', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('vocabularies').dropColumn('content_hash').execute();
}
