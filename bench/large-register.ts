/* eslint-disable no-console -- a benchmark prints its progress */
/**
 * A generated register of many published entries (the search benchmark's synthetic corpus), as a
 * data folder the product opens with DATA_DIR. Built once and kept under node_modules/.cache (gone
 * with node_modules, never committed), reused by every later run: writing 100,000 entries takes
 * minutes. A folder whose build did not finish has no `complete` marker and is built again.
 *
 * `npx tsx bench/large-register.ts [--entries 100000]` builds it ahead of a benchmark.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { insertEntriesBulk } from '../src/modules/entries/entries.repository';
import { prepareWrite } from '../src/modules/entries/entries.service';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';
import { syntheticEntries } from './synthetic-corpus';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The cached data folder of a register of `entries` entries, built now if it is not there yet. */
export async function largeRegister(entries: number): Promise<string> {
  const dir = join(root, 'node_modules', '.cache', 'stocktake-bench', `register-${entries}`);
  const marker = join(dir, 'complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`Generating a register of ${entries.toLocaleString('en')} entries in ${dir} (once; later runs reuse it)…`);
  const started = performance.now();
  const handle = await openDatabase({ dataDir: dir, owner: 'bench/large-register.ts' });
  try {
    await migrateToLatest(handle.db);
    await syncVocabularies(handle.db);
    const taxonomy = await loadTaxonomy(handle.db);
    const countries = taxonomy
      .terms('country')
      .map((t) => t.code)
      .filter((c) => c !== 'AQ')
      .slice(0, 200);
    let batch: Parameters<typeof prepareWrite>[0][] = [];
    let written = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const writes = batch.map((input) => prepareWrite(input, taxonomy, { isDemo: false }));
      batch = [];
      await handle.db.transaction().execute((trx) => insertEntriesBulk(trx, writes));
      written += writes.length;
      if (written % 20_000 === 0) console.log(`  … ${written.toLocaleString('en')} entries written (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    };
    for (const input of syntheticEntries(entries, countries)) {
      batch.push(input);
      if (batch.length >= 1000) await flush();
    }
    await flush();
  } finally {
    await handle.close();
  }
  writeFileSync(marker, `${entries} entries, built ${new Date().toISOString()}\n`);
  console.log(`  register generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--entries');
  await largeRegister(i >= 0 ? Number(process.argv[i + 1]) : 100_000);
}
