/* eslint-disable no-console -- a benchmark prints its results */
/**
 * `npm run bench:export -- --entries 100000 [--search index|sql]`: exports a generated register
 * (bench/large-register.ts) of 10,000 and of `--entries` entries as CSV, NDJSON and XLSX into a sink that
 * discards the bytes (with backpressure), and prints rows/s and the peak growth of the resident set over
 * the start. Targets: ≥ 20,000 rows/s for CSV and NDJSON; RSS growth ≤ 64 MB whatever the size.
 *
 * A register made by an older version is first brought up to date as an upgrade brings it: migrations,
 * then the export records the refill job writes (timed and printed, not part of the export's figures).
 * The ids come from the search engine the server uses (`index`, built before timing as a running server
 * has it), or from the SQL path it falls back to while the index builds (`--search sql`); the time the
 * search took is printed apart.
 */
import { Writable } from 'node:stream';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { exportIds, writeExportOf, type ExportFormat } from '../src/modules/exports/exports.service';
import { refillExportRecords } from '../src/modules/exports/exports.records';
import { createIndexedSearch } from '../src/modules/search/indexed-search';
import type { SearchEngine } from '../src/modules/search/search';
import { createSqlSearch } from '../src/modules/search/sql-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';
import { largeRegister } from './large-register';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const largest = Number(arg('entries') ?? 100_000);
const engine = arg('search') === 'sql' ? 'sql' : 'index';
const sizes = [...new Set([10_000, largest])].filter((n) => n <= largest);
const gc = (globalThis as { gc?: () => void }).gc;
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

for (const size of sizes) {
  const dir = await largeRegister(size);
  const handle = await openDatabase({ dataDir: dir, owner: 'bench/export.ts' });
  try {
    let started = performance.now();
    const migrations = await migrateToLatest(handle.db);
    const written = await refillExportRecords(handle.db);
    if (migrations.length || written)
      console.log(
        `${size.toLocaleString('en')} entries  upgrade: ${migrations.length} migration(s), ${written.toLocaleString('en')} export records written in ${seconds(started)} s`,
      );
    const taxonomy = await loadTaxonomy(handle.db);
    let search: SearchEngine = createSqlSearch(handle.db);
    let stop = () => {};
    if (engine === 'index') {
      const indexed = createIndexedSearch(handle.db, { pollMs: 3_600_000 });
      started = performance.now();
      await indexed.start();
      console.log(`${size.toLocaleString('en')} entries  search index built in ${seconds(started)} s`);
      search = indexed;
      stop = () => indexed.stop();
    }
    const deps = { db: handle.db, taxonomy, search, config: { baseUrl: 'http://bench.test' } };
    for (const format of ['csv', 'ndjson', 'xlsx'] as ExportFormat[]) {
      gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      let bytes = 0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          setImmediate(done);
        },
      });
      started = performance.now();
      const cpu = process.cpuUsage();
      const ids = await exportIds(deps, undefined, 'en');
      const searchMs = performance.now() - started;
      const { rows } = await writeExportOf(deps, ids, format, sink);
      const total = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuS = (used.user + used.system) / 1e6;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(
        `${size.toLocaleString('en')} entries  ${format.padEnd(6)}  ${rows.toLocaleString('en')} rows in ${total.toFixed(1)} s = ${Math.round(rows / total).toLocaleString('en')} rows/s  ` +
          `(CPU ${cpuS.toFixed(1)} s = ${Math.round(rows / cpuS).toLocaleString('en')} rows per CPU-second)  ` +
          `(ids from the ${engine} search: ${Math.round(searchMs)} ms)  ${(bytes / 1e6).toFixed(1)} MB  peak RSS growth ${((peak - base) / 1024 / 1024).toFixed(1)} MB`,
      );
    }
    stop();
  } finally {
    await handle.close();
  }
}
