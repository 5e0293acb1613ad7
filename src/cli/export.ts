/* eslint-disable no-console -- a command-line tool talks on the console */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { environmentWithEnvFile } from '../config/env-file';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncVocabularies } from '../db/vocabulary-sync';
import { isLocale } from '../i18n/locales';
import { isEntryKind } from '../modules/entries/entries';
import { isExportFormat, writeExport } from '../modules/exports/exports.service';
import { createSqlSearch } from '../modules/search/sql-search';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.service';

const USAGE =
  'Usage: npm run export -- --format csv|ndjson|json|xlsx --out FILE ("-": standard output) [--kind activity|actor|publication|event|story]… [--lang en]';

/**
 * `npm run export`: every published entry (or those of the kinds given), newest first, as the API's
 * export writes them. The database is opened as `npm run import` opens it: beside a running server
 * on PostgreSQL; on the embedded database the data folder's lock refuses while the server holds it.
 */
async function main() {
  const { values } = parseArgs({
    options: { format: { type: 'string' }, out: { type: 'string' }, kind: { type: 'string', multiple: true }, lang: { type: 'string' } },
  });
  const kinds = values.kind ?? [];
  const lang = values.lang ?? 'en';
  if (!values.format || !isExportFormat(values.format) || !values.out || !kinds.every(isEntryKind) || !isLocale(lang)) {
    console.error(USAGE);
    process.exit(2);
  }
  const config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run export' });
  try {
    await migrateToLatest(handle.db);
    await syncVocabularies(handle.db);
    const taxonomy = await loadTaxonomy(handle.db);
    const out = values.out === '-' ? process.stdout : createWriteStream(values.out);
    const query = kinds.length ? { q: '', sort: 'newest' as const, kind: kinds } : undefined;
    const deps = { db: handle.db, taxonomy, search: createSqlSearch(handle.db), config };
    const { rows } = await writeExport(deps, query, values.format, out, { locale: lang });
    if (values.out !== '-') console.error(`Exported ${rows} entries to ${values.out}.`);
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});
