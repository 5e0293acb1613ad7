/* eslint-disable no-console -- a command-line tool talks on the console */
import { ConfigError, loadConfig } from '../config/config';
import { environmentWithEnvFile } from '../config/env-file';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncVocabularies } from '../db/vocabulary-sync';

/** `npm run db:migrate`: brings the configured database's schema and vocabularies up to date. */
async function main() {
  const config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run db:migrate' });
  try {
    const ran = await migrateToLatest(handle.db);
    const synced = await syncVocabularies(handle.db);
    console.log(ran.length ? `Applied ${ran.length} migration(s):\n  ${ran.join('\n  ')}` : 'The database is up to date.');
    if (synced.length) console.log(`Synced the vocabularies from the project's data: ${synced.join(', ')}`);
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});
