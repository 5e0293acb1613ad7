import type { Kysely } from 'kysely';

/**
 * A download counts once per visitor per file per day. The visitor is a hash of the address and the
 * browser under a salt of the day; a day's salt is deleted with its visits the day after, so no hash
 * can then be linked back to an address, and no cookie is needed. The primary key makes parallel
 * requests from one visitor count once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('download_salts')
    .addColumn('day', 'date', (c) => c.primaryKey())
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('download_visits')
    .addColumn('file_id', 'integer', (c) => c.notNull().references('entry_files.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('visitor', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('download_visits_pkey', ['file_id', 'day', 'visitor'])
    .execute();
  await db.schema.createIndex('download_visits_day_idx').on('download_visits').column('day').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('download_visits').execute();
  await db.schema.dropTable('download_salts').execute();
}
