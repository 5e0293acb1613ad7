/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npx tsx bench/miss-profile.ts [--data DIR] [--requests N] [--paths /en/activities/209,...] [--no-memory]`: what a page costs when it
 * misses the response cache, in process (no HTTP, no autocannon: steadier on a loaded machine). Boots the product as
 * `npm start` does on DIR (the demo register, loaded on the first run and kept; a temporary folder when not given) with
 * STOCKTAKE_RESPONSE_CACHE=off, waits for the search index, then asks each path N times through `app.request` and prints
 * CPU ms per request, the req/s that makes on one core, and the database queries per request.
 * `--profile FILE` writes a CPU profile of each path's timed requests to FILE.<path>.cpuprofile, to see where the time goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app';
import { boot } from '../src/boot';
import { loadConfig } from '../src/config/config';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    requests: { type: 'string', default: '300' },
    paths: { type: 'string', default: '/en/activities/209,/api/v1/search?q=internet,/en/' },
    // Reads every published entry from the database (as before the memory of published entries).
    'no-memory': { type: 'boolean', default: false },
    // Writes a CPU profile of the timed requests only (not the start) to this file.
    profile: { type: 'string' },
    // Prints each distinct query a path sends (its SQL, shortened) with how many times per request.
    queries: { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests);
const dataDir = args.data ?? mkdtempSync(join(tmpdir(), 'stocktake-miss-'));
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, STOCKTAKE_RESPONSE_CACHE: 'off', LOG_LEVEL: 'error' });
const quiet = { info: () => {}, warn: () => {}, error: (m: string, f?: Record<string, unknown>) => console.error(m, f) };
const { deps, handle, search } = await boot(config, quiet, { demo: true, jobs: false });

// Counts every query the app sends, whichever Kysely instance (plugins make copies of the executor) sends it.
let queries = 0;
const seen = new Map<string, number>();
let proto: object | null = handle.db.getExecutor();
while (proto && !Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto) as object | null;
const executor = proto as { executeQuery: (...a: unknown[]) => Promise<unknown> };
const original = executor.executeQuery;
executor.executeQuery = function (this: unknown, ...a: unknown[]) {
  queries++;
  if (args.queries) {
    const sql = ((a[0] as { sql?: string }).sql ?? '?').replace(/\s+/g, ' ').slice(0, 160);
    seen.set(sql, (seen.get(sql) ?? 0) + 1);
  }
  return original.apply(this, a);
};

while (!search.isReady()) await new Promise((r) => setTimeout(r, 100));
const app = createApp(args['no-memory'] ? { ...deps, publishedEntries: undefined } : deps);
const headers = { 'accept-encoding': 'gzip' };

const session = args.profile ? new Session() : null;
session?.connect();
await session?.post('Profiler.enable');
for (const path of args.paths.split(',')) {
  for (let i = 0; i < 20; i++) await (await app.request(path, { headers })).arrayBuffer();
  const status = (await app.request(path, { headers })).status;
  queries = 0;
  seen.clear();
  await session?.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < requests; i++) await (await app.request(path, { headers })).arrayBuffer();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (session && args.profile) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${args.profile}.${path.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`, JSON.stringify(profile));
  }
  const cpuMs = (used.user + used.system) / 1000 / requests;
  console.log(
    `${path.padEnd(32)} ${String(status)}  ${cpuMs.toFixed(2)} CPU ms/req (${Math.round(1000 / cpuMs)} req/s on one core), ` +
      `${(wall / requests).toFixed(2)} wall ms/req, ${(queries / requests).toFixed(2)} queries/req`,
  );
  for (const [sql, n] of seen) console.log(`    ${(n / requests).toFixed(2)}× ${sql}`);
}

search.stop();
await handle.close();
if (!args.data) rmSync(dataDir, { recursive: true, force: true });
