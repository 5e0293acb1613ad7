import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './schema';
import * as initialSchema from './migrations/20261122100000-initial-schema';
import * as vocabularies from './migrations/20261122100100-vocabularies';
import * as searchChangeLog from './migrations/20261122120000-search-change-log';
import * as contributors from './migrations/20261122140000-contributors';
import * as entryKinds from './migrations/20261122160000-entry-kinds';
import * as fileChunks from './migrations/20261202100000-file-chunks';
import * as sessionActivity from './migrations/20261202130000-session-activity';
import * as twoFactor from './migrations/20261202140000-two-factor';
import * as vocabularyHash from './migrations/20261202150000-vocabulary-hash';
import * as entries from './migrations/20261203100000-entries';
import * as reviewSnapshot from './migrations/20261203120000-review-snapshot';
import * as downloadVisits from './migrations/20261203130000-download-visits';
import * as iatiIdentifier from './migrations/20261203140500-iati-identifier';

/** Migrations in order; names are timestamps, and a landed migration is never edited. */
export const MIGRATIONS: Record<string, Migration> = {
  '20261122100000-initial-schema': initialSchema,
  '20261122100100-vocabularies': vocabularies,
  '20261122120000-search-change-log': searchChangeLog,
  '20261122140000-contributors': contributors,
  '20261122160000-entry-kinds': entryKinds,
  '20261202100000-file-chunks': fileChunks,
  '20261202130000-session-activity': sessionActivity,
  '20261202140000-two-factor': twoFactor,
  '20261202150000-vocabulary-hash': vocabularyHash,
  '20261203100000-entries': entries,
  '20261203120000-review-snapshot': reviewSnapshot,
  '20261203130000-download-visits': downloadVisits,
  '20261203140500-iati-identifier': iatiIdentifier,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(database: Kysely<Database>): Promise<string[]> {
  // Migrations are written against an untyped schema: they create the very tables the types describe.
  const db = database as unknown as Kysely<unknown>;
  const migrator = new Migrator({ db, provider, migrationTableName: 'stocktake_migrations', migrationLockTableName: 'stocktake_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
