/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:pages`: page weight (compressed HTML + CSS + JS) of the public page templates,
 * and search answer times over the demo register, measured through the real app in process.
 */
import { gzipSync } from 'node:zlib';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { loadDemoIfEmpty } from '../src/modules/demo/demo.service';
import { createIndexedSearch } from '../src/modules/search/indexed-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: ':memory:' });
await migrateToLatest(handle.db);
await syncVocabularies(handle.db);
const taxonomy = await loadTaxonomy(handle.db);
await loadDemoIfEmpty({ db: handle.db, taxonomy });
// The engine production uses: the in-process index (built before measuring).
const search = createIndexedSearch(handle.db, { pollMs: 60_000 });
await search.start();
const app = createApp({ config, db: handle.db, taxonomy, search, isDemo: () => true, log: { info() {}, warn() {}, error() {} } });
const firstId = (await handle.db.selectFrom('entries').select('id').where('state', '=', 'published').orderBy('id').executeTakeFirstOrThrow()).id;

async function compressedSize(path: string): Promise<{ raw: number; gzip: number; status: number }> {
  const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
  const body = Buffer.from(await res.arrayBuffer());
  // The server compresses; when it did not (tiny bodies), count what gzip would send.
  const gz = res.headers.get('content-encoding') === 'gzip' ? body.length : gzipSync(body).length;
  const raw = (await (await app.request(path)).arrayBuffer()).byteLength;
  return { raw, gzip: gz, status: res.status };
}

const assets = [await compressedSize('/static/app.css'), await compressedSize('/static/app.js')];
const assetBytes = assets.reduce((s, a) => s + a.gzip, 0);
console.log('Page weight (gzip; HTML + CSS + JS, images aside):');
const weights: Record<string, number> = {};
for (const [name, path] of [
  ['home en', '/en/'],
  ['search en (20 results, all facets)', '/en/activities'],
  ['search ar "الإنترنت"', '/ar/activities?q=%D8%A7%D9%84%D8%A5%D9%86%D8%AA%D8%B1%D9%86%D8%AA'],
  ['search zh + 2 facets', '/zh/activities?sdg=4&region=002'],
  ['activity en', `/en/activities/${firstId}`],
] as const) {
  const html = await compressedSize(path);
  weights[name] = html.gzip + assetBytes;
  console.log(`  ${name.padEnd(36)} ${String(html.gzip + assetBytes).padStart(6)} B  (HTML ${html.gzip} B gzip / ${html.raw} B raw + CSS/JS ${assetBytes} B)`);
}

const queries = [
  '/api/v1/activities?q=internet',
  '/api/v1/activities?q=school&sdg=4',
  '/api/v1/activities',
  '/api/v1/activities?region=002&actionLine=c2',
  '/api/v1/activities?q=%E7%94%B5%E5%AD%90',
  '/en/activities?q=women',
];
const times: number[] = [];
for (let round = 0; round < 30; round++) {
  for (const q of queries) {
    const start = performance.now();
    const res = await app.request(q);
    await res.arrayBuffer();
    if (round > 2) times.push(performance.now() - start);
  }
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const total = (await (await app.request('/api/v1/activities?pageSize=1')).json()) as { meta: { total: number } };
console.log(
  `\nSearch through the API and the search page, with all facet counts, over the demo register (${total.meta.total} published, ${handle.kind}, in-process index), ${times.length} requests:`,
);
console.log(`  median ${pct(50).toFixed(1)} ms   p95 ${pct(95).toFixed(1)} ms   max ${times.at(-1)!.toFixed(1)} ms`);
console.log(
  JSON.stringify({
    database: handle.kind,
    published: total.meta.total,
    pageWeightBytes: weights,
    searchMs: { p50: +pct(50).toFixed(2), p95: +pct(95).toFixed(2) },
  }),
);
search.stop();
await handle.close();
