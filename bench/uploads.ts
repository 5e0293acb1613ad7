/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:uploads -- [--mb 20] [--parallel 3] [--data-dir DIR]`: uploads PDFs of the given size
 * in parallel through a real HTTP server on loopback while /healthz is polled every 20 ms, and prints
 * each upload's time, the process's peak resident memory and the worst /healthz latency.
 * `--profile FILE` writes a CPU profile of the upload window only (open it in Chrome's DevTools).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { sendMultipart } from '../test/support/multipart';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { createAccount } from '../src/modules/accounts/accounts.service';
import { createSqlSearch } from '../src/modules/search/sql-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';

const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '20' }, parallel: { type: 'string', default: '1' }, 'data-dir': { type: 'string' }, profile: { type: 'string' } },
});
const mb = Number(args.mb);
const parallel = Number(args.parallel);
const scratch = args['data-dir'] ?? mkdtempSync(join(tmpdir(), 'stocktake-bench-uploads-'));

const config = loadConfig({ BASE_URL: 'http://127.0.0.1', LOG_LEVEL: 'silent', PASSWORD_COST: '14' });
const handle = await openDatabase({ dataDir: scratch });
await migrateToLatest(handle.db);
await syncVocabularies(handle.db);
const taxonomy = await loadTaxonomy(handle.db);
const app = createApp({
  config,
  db: handle.db,
  taxonomy,
  search: createSqlSearch(handle.db),
  isDemo: () => false,
  log: { info() {}, warn() {}, error: (m, f) => console.error(m, f) },
});
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const email = `bench-${Date.now()}@bench.test`;
const userId = await createAccount(
  { db: handle.db, config },
  { email, password: 'a long bench password', displayName: 'Bench', locale: 'en', role: 'contributor' },
);
const { id: orgId } = await handle.db
  .insertInto('organisations')
  .values({ name: `Bench ${Date.now()}`, stakeholderType: 'civil-society', country: null, website: null, createdBy: null })
  .returning('id')
  .executeTakeFirstOrThrow();
await handle.db.insertInto('organisationMembers').values({ organisationId: orgId, userId, role: 'editor', status: 'active' }).execute();

let cookies = '';
const keep = (res: Response) => {
  const jar = new Map(cookies ? cookies.split('; ').map((p) => p.split('=') as [string, string]) : []);
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [k, ...v] = pair!.split('=');
    jar.set(k!, v.join('='));
  }
  cookies = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
};
const page = async (path: string) => {
  const res = await fetch(base + path, { headers: { cookie: cookies } });
  keep(res);
  return /<meta name="csrf-token" content="([^"]*)"/.exec(await res.text())?.[1] ?? '';
};
const post = async (path: string, form: Record<string, string>, csrf: string) => {
  const res = await fetch(base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...form }),
  });
  keep(res);
  return res;
};
await post('/en/account/sign-in', { email, password: 'a long bench password' }, await page('/en/account/sign-in'));
const csrf = await page('/en/contribute');
const drafts: number[] = [];
for (let i = 0; i < parallel; i += 1) {
  const res = await post('/en/contribute/submissions', { organisationId: String(orgId), kind: 'publication' }, csrf);
  drafts.push(Number(/submissions\/(\d+)/.exec(res.headers.get('location') ?? '')![1]));
}

/** A well-formed PDF of about `size` bytes: a header, one stream of noise, and the end marker. */
function pdf(size: number, seed: number): Uint8Array {
  const head = new TextEncoder().encode(`%PDF-1.7\n1 0 obj << /Length ${size} >>\nstream\n`);
  const tail = new TextEncoder().encode('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const out = new Uint8Array(size);
  out.set(head);
  let x = seed * 2654435761 + 1;
  for (let i = head.length; i < size - tail.length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  out.set(tail, size - tail.length);
  return out;
}

// Made before measuring: building 20 MB in JavaScript would itself stall the loop being measured.
const files = drafts.map((_, i) => pdf(mb * 1024 * 1024 - 64 * 1024, i + 1));
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const latencies: number[] = [];
let polling = true;
let failures = 0;
let windowRss = 0;
const poller = (async () => {
  while (polling) {
    const started = performance.now();
    // A connection the server dropped while it was stalled counts with the time it took to find out.
    await fetch(`${base}/healthz`)
      .then((res) => res.arrayBuffer())
      .catch(() => (failures += 1));
    latencies.push(performance.now() - started);
    windowRss = Math.max(windowRss, process.memoryUsage().rss);
    await new Promise((r) => setTimeout(r, 20));
  }
})();

const inspector = args.profile ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const rssBefore = process.memoryUsage().rss;
loopDelay.enable();
const started = performance.now();
const results = await Promise.all(
  drafts.map(async (id, i) => {
    const t0 = performance.now();
    const status = await sendMultipart(
      `${base}/en/contribute/submissions/${id}/files`,
      { _csrf: csrf },
      { field: 'file', name: `bench-${i}.pdf`, bytes: files[i]! },
      { cookie: cookies },
    );
    return { status: status.status, ms: performance.now() - t0 };
  }),
);
const total = performance.now() - started;
polling = false;
await poller;
loopDelay.disable();
if (inspector && args.profile) {
  const { profile } = await inspector.post('Profiler.stop');
  writeFileSync(args.profile, JSON.stringify(profile));
  inspector.disconnect();
}

for (const [i, r] of results.entries()) console.log(`upload ${i + 1}: ${r.status} in ${(r.ms / 1000).toFixed(2)} s`);
latencies.sort((a, b) => a - b);
console.log(`all ${parallel} × ${mb} MB: ${(total / 1000).toFixed(2)} s`);
console.log(
  `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (RSS before uploads ${(rssBefore / 1024 / 1024).toFixed(0)} MB, highest sampled during them ${(windowRss / 1024 / 1024).toFixed(0)} MB)`,
);
console.log(`longest event-loop stall ${(loopDelay.max / 1e6).toFixed(0)} ms`);
console.log(
  `/healthz: ${latencies.length} polls, median ${latencies[Math.floor(latencies.length / 2)]?.toFixed(0)} ms, worst ${latencies.at(-1)?.toFixed(0)} ms, ${failures} failed`,
);

server.close();
await handle.close();
if (!args['data-dir']) rmSync(scratch, { recursive: true, force: true });
