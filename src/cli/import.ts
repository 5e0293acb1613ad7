/* eslint-disable no-console -- a command-line tool talks on the console */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig } from '../config/config';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { importActivities } from '../modules/activities/activities.service';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.service';

const USAGE = 'Usage: npm run import -- activities FILE.jsonl   (JSON Lines in the API activity shape; "-" reads standard input)';

/** `npm run import -- activities FILE`: validates line by line, writes valid lines in transactional batches. */
async function main() {
  const [kind, file] = process.argv.slice(2);
  if (kind !== 'activities' || !file) {
    console.error(USAGE);
    process.exit(2);
  }
  if (file !== '-' && !existsSync(file)) {
    console.error(`No such file: ${file}`);
    process.exit(2);
  }
  const config = loadConfig(process.env);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const taxonomy = await loadTaxonomy(handle.db);
    const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
    const lines = createInterface({ input, crlfDelay: Infinity });
    const report = await importActivities({ db: handle.db, taxonomy }, lines);
    for (const e of report.errors) {
      console.error(`line ${e.line}: ${e.details.map((d) => `${d.field || '(line)'}: ${d.code}${d.params ? ` ${JSON.stringify(d.params)}` : ''}`).join('; ')}`);
    }
    console.log(`Imported: ${report.created} created, ${report.updated} updated, ${report.failed} rejected.`);
    process.exitCode = report.failed > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
