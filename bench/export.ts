/* eslint-disable no-console -- a benchmark prints its results */
/**
 * `npm run bench:export -- --entries 100000`: exports a generated register (bench/large-register.ts)
 * of 10,000 and of `--entries` entries as CSV, NDJSON and XLSX into a sink that discards the bytes
 * (with backpressure), and prints rows/s and the peak growth of the resident set over the start.
 * Targets: ≥ 20,000 rows/s for CSV and NDJSON; RSS growth ≤ 64 MB whatever the size.
 */
import { Writable } from 'node:stream';
import { openDatabase } from '../src/db/connection';
import { writeExport, type ExportFormat } from '../src/modules/exports/exports.service';
import { createSqlSearch } from '../src/modules/search/sql-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';
import { largeRegister } from './large-register';

const i = process.argv.indexOf('--entries');
const largest = i >= 0 ? Number(process.argv[i + 1]) : 100_000;
const sizes = [...new Set([10_000, largest])].filter((n) => n <= largest);
const gc = (globalThis as { gc?: () => void }).gc;

for (const size of sizes) {
  const dir = await largeRegister(size);
  const handle = await openDatabase({ dataDir: dir, owner: 'bench/export.ts' });
  try {
    const taxonomy = await loadTaxonomy(handle.db);
    const deps = { db: handle.db, taxonomy, search: createSqlSearch(handle.db), config: { baseUrl: 'http://bench.test' } };
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
      const started = performance.now();
      const { rows } = await writeExport(deps, undefined, format, sink);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      console.log(
        `${size.toLocaleString('en')} entries  ${format.padEnd(6)}  ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString('en')} rows/s  ` +
          `${(bytes / 1e6).toFixed(1)} MB  peak RSS growth ${((peak - base) / 1024 / 1024).toFixed(1)} MB`,
      );
    }
  } finally {
    await handle.close();
  }
}
