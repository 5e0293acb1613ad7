/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:search -- --entries 100000`: builds a synthetic multilingual corpus in a temporary
 * database (PGlite, or a new database on the server named by DATABASE_URL), builds the in-process
 * index, runs a fixed query mix on the index and on the SQL path, and prints p50/p95 per class,
 * index build time and memory. The last line repeats the figures as one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { insertEntriesBulk } from '../src/modules/entries/entries.repository';
import { prepareWrite } from '../src/modules/entries/entries.service';
import { createIndexedSearch } from '../src/modules/search/indexed-search';
import type { SearchEngine, SearchRequest } from '../src/modules/search/search';
import { createSqlSearch } from '../src/modules/search/sql-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';
import { syntheticEntries } from './synthetic-corpus';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const entries = arg('entries', 100_000);
const indexRuns = arg('runs', 60);
const sqlRuns = arg('sql-runs', 7);
const gc = (globalThis as { gc?: () => void }).gc;
// --data DIR keeps the PGlite corpus in DIR and reuses it on the next run (for tuning the index).
const dataArg = process.argv.includes('--data') ? process.argv[process.argv.indexOf('--data') + 1] : undefined;

// A temporary database: a PGlite folder, or a new database on the PostgreSQL server.
let cleanup = async () => {};
let databaseUrl: string | undefined;
let dataDir: string | undefined;
if (process.env.DATABASE_URL) {
  const admin = process.env.DATABASE_URL;
  const name = `stocktake_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  cleanup = async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  };
} else if (dataArg) {
  dataDir = dataArg;
} else {
  dataDir = mkdtempSync(join(tmpdir(), 'stocktake-bench-'));
  cleanup = async () => rmSync(dataDir!, { recursive: true, force: true });
}

const handle = await openDatabase({ databaseUrl, dataDir });
try {
  await migrateToLatest(handle.db);
  await syncVocabularies(handle.db);
  const taxonomy = await loadTaxonomy(handle.db);
  const countries = taxonomy
    .terms('country')
    .map((t) => t.code)
    .filter((c) => c !== 'AQ')
    .slice(0, 200);

  let started = performance.now();
  const existing = Number(
    (
      await handle.db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let batch: Parameters<typeof prepareWrite>[0][] = [];
  let written = 0;
  const flush = async () => {
    const writes = batch.map((input) => prepareWrite(input, taxonomy, { isDemo: false }));
    batch = [];
    await handle.db.transaction().execute((trx) => insertEntriesBulk(trx, writes));
    written += writes.length;
    if (written % 20_000 === 0) console.log(`  … ${written} entries written (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  };
  if (existing === 0) {
    for (const input of syntheticEntries(entries, countries)) {
      batch.push(input);
      if (batch.length >= 1000) await flush();
    }
    await flush();
  } else if (existing !== entries) {
    throw new Error(`--data ${dataDir} holds ${existing} entries, not ${entries}`);
  }
  if (handle.kind === 'postgres')
    await handle.db.executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } as never, queryId: { queryId: 'analyze' } });
  console.log(`Corpus: ${entries} entries on ${handle.kind} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  gc?.();
  const before = process.memoryUsage();
  started = performance.now();
  const index = createIndexedSearch(handle.db, { pollMs: 60_000 });
  await index.start();
  const buildS = (performance.now() - started) / 1000;
  gc?.();
  const afterMem = process.memoryUsage();
  // The index's memory: what the JS heap grew by (term maps, titles) plus its typed arrays. PGlite's
  // WASM memory is an ArrayBuffer too and grows while the build reads, so arrayBuffers would overstate it.
  const heapMB = (afterMem.heapUsed - before.heapUsed) / 1024 / 1024;
  const typedMB = index.stats().typedBytes / 1024 / 1024;
  const indexMB = heapMB + typedMB;
  const rssMB = afterMem.rss / 1024 / 1024;
  console.log(
    `Index: ${index.stats().documents} documents, built in ${buildS.toFixed(1)} s (reading the database ${(index.stats().readMs / 1000).toFixed(1)} s), ${indexMB.toFixed(0)} MB (heap ${heapMB.toFixed(0)} + typed arrays ${typedMB.toFixed(0)}; process RSS ${rssMB.toFixed(0)} MB with the database)${gc ? '' : ' — run with --expose-gc for exact memory'}`,
  );

  const sqlSearch = createSqlSearch(handle.db);
  const base: SearchRequest = { text: '', filters: {}, sort: 'relevance', page: 1, pageSize: 20, locale: 'en' };
  const classes: Record<string, SearchRequest> = {
    common: { ...base, text: 'digital' },
    rare: { ...base, text: 'tamonka' },
    twoTermsFilters: { ...base, text: 'rural internet', filters: { actionLine: ['c2'], region: ['002'] } },
    twoTermsAllFacets: { ...base, text: 'women training', filters: { sdg: ['4', '5'], region: ['002', '142'], type: ['project', 'training'] } },
    browse: { ...base },
    french: { ...base, text: 'écoles numériques', locale: 'fr' },
    arabic: { ...base, text: 'المدارس', locale: 'ar' },
    chinese: { ...base, text: '数字', locale: 'zh' },
    prefix: { ...base, text: 'conn' },
  };

  const measure = async (engine: SearchEngine, req: SearchRequest, runs: number) => {
    for (let i = 0; i < Math.min(3, runs); i++) await engine.search(req);
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = await engine.search(req);
      times.push(performance.now() - t0);
      total = r.total;
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!;
    return { p50: at(50), p95: at(95), total };
  };

  const results: Record<string, { p50: number; p95: number; sqlP50: number; sqlP95: number; hits: number; sqlHits: number }> = {};
  console.log(
    `\n${'class'.padEnd(18)} ${'index p50'.padStart(10)} ${'p95'.padStart(8)}  ${'SQL p50'.padStart(10)} ${'p95'.padStart(9)}  ${'ratio p50'.padStart(9)}  matches`,
  );
  for (const [name, req] of Object.entries(classes)) {
    const a = await measure(index, req, indexRuns);
    const b = sqlRuns > 0 ? await measure(sqlSearch, req, sqlRuns) : { p50: NaN, p95: NaN, total: a.total };
    results[name] = { p50: +a.p50.toFixed(2), p95: +a.p95.toFixed(2), sqlP50: +b.p50.toFixed(1), sqlP95: +b.p95.toFixed(1), hits: a.total, sqlHits: b.total };
    console.log(
      `${name.padEnd(18)} ${a.p50.toFixed(2).padStart(8)} ms ${a.p95.toFixed(2).padStart(5)} ms  ${b.p50.toFixed(1).padStart(8)} ms ${b.p95.toFixed(1).padStart(6)} ms  ${(b.p50 / a.p50).toFixed(0).padStart(8)}×  ${a.total}${a.total === b.total ? '' : ` (SQL ${b.total})`}`,
    );
  }
  index.stop();
  console.log(
    JSON.stringify({
      entries,
      database: handle.kind,
      classes: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { p50: v.p50, p95: v.p95, sqlP50: v.sqlP50, sqlP95: v.sqlP95 }])),
      indexMB: +indexMB.toFixed(0),
      buildS: +buildS.toFixed(1),
    }),
  );
} finally {
  await handle.close();
  await cleanup();
}
