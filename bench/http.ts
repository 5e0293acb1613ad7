/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:http -- [--seconds 5] [--connections 10] [--only home,search-text] [--large [--entries N]] [--client autocannon|wrk|both]`:
 * what a visitor feels. Starts the product as `npm start` does (tsx, embedded database in a fresh temporary DATA_DIR,
 * demo register) in a child process and times spawn → first healthy answer (cold start); starts a bare
 * `node:http` server in another child (the ceiling: the most this machine answers over loopback);
 * then runs autocannon from this process against each page in turn and prints req/s, p50/p99 latency,
 * non-2xx answers and each page's share of the ceiling, and the server's memory at the end.
 * Every request is a first visit (no cookie) from a browser that accepts compressed answers.
 * Each page is measured twice: as repeat visitors meet it (kept in the response cache), then as a
 * cache miss (the product restarted on the same data with STOCKTAKE_RESPONSE_CACHE=off, which
 * renders every request).
 * `--large` runs on a generated register of 100,000 entries (bench/large-register.ts; built once,
 * then reused) instead of the demo, and first times the search index from database open to ready:
 * built from the database (no snapshot) and loaded from the snapshot the first start wrote.
 * Each run is measured by autocannon and, when the Debian package `wrk` is installed, by wrk too (`--client` picks one):
 * autocannon decodes every body it reads, which caps it near 4,000 req/s for a 16 KB page on this machine, so for
 * large pages only wrk's figure is the server's (bench/load.ts). Every row also gives the server's CPU µs per request.
 * The last line repeats the figures as one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ENTRY_KINDS, KIND_PATHS, type EntryKind } from '../src/modules/entries/entries';
import { largeRegister } from './large-register';
import { load, quiet, wrkInstalled, type LoadClient } from './load';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    only: { type: 'string' },
    large: { type: 'boolean', default: false },
    entries: { type: 'string', default: '100000' },
    client: { type: 'string' },
  },
});
const hasWrk = wrkInstalled();
const clientArg = args.client ?? (hasWrk ? 'both' : 'autocannon');
if (!['autocannon', 'wrk', 'both'].includes(clientArg) || (clientArg !== 'autocannon' && !hasWrk)) {
  console.error(hasWrk ? '--client must be autocannon, wrk or both' : '--client wrk needs the wrk command (apt-get install wrk)');
  process.exit(2);
}
const clients: LoadClient[] = clientArg === 'both' ? ['autocannon', 'wrk'] : [clientArg as LoadClient];
const large = args.large ? Number(args.entries) : null;
if (large !== null && !(Number.isInteger(large) && large > 0)) {
  console.error('--entries must be a positive whole number');
  process.exit(2);
}
const seconds = Number(args.seconds);
const connections = Number(args.connections);
if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error('--seconds must be a positive number and --connections a positive whole number');
  process.exit(2);
}

// Words that occur in the demo register (src/modules/demo/data), so the search pages show results.
const AR_WORD = 'الإنترنت';
const ZH_WORD = '数字';

type Target = {
  name: string;
  /** The page's path, or why there is none to measure. */
  path: string | { missing: string };
  /** The API query that finds what the page shows, to warn when a search page would be empty. */
  twin?: string;
};

/** Every page measured, named for `--only`; entry and country paths are filled in once the server runs. */
const TARGETS: Target[] = [
  { name: 'healthz', path: '/healthz' },
  { name: 'home', path: '/en/' },
  { name: 'search-text', path: '/en/search?q=digital', twin: '/api/v1/search?q=digital' },
  { name: 'search-facets', path: '/en/search?actionLine=c7&sdg=4', twin: '/api/v1/search?actionLine=c7&sdg=4' },
  { name: 'search-ar', path: `/ar/search?q=${encodeURIComponent(AR_WORD)}`, twin: `/api/v1/search?q=${encodeURIComponent(AR_WORD)}` },
  { name: 'search-zh', path: `/zh/search?q=${encodeURIComponent(ZH_WORD)}`, twin: `/api/v1/search?q=${encodeURIComponent(ZH_WORD)}` },
  ...ENTRY_KINDS.map((kind) => ({ name: `entry-${kind}`, path: { missing: 'not looked up yet' } })),
  { name: 'api-activities', path: '/api/v1/activities?q=internet' },
  { name: 'api-search', path: '/api/v1/search?q=internet' },
  { name: 'country', path: { missing: 'not looked up yet' } },
  { name: 'events', path: '/en/events' },
];

const only = args.only
  ? new Set(
      args.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
  : null;
if (only) {
  const unknown = [...only].filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length) {
    console.error(`Unknown name(s) for --only: ${unknown.join(', ')}\nKnown: ${TARGETS.map((t) => t.name).join(', ')}`);
    process.exit(2);
  }
}
const chosen = TARGETS.filter((t) => !only || only.has(t.name));

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The demo runs in a fresh folder, removed at the end; the large register's folder is kept for reuse.
const dataDir = large === null ? mkdtempSync(join(tmpdir(), 'stocktake-bench-http-')) : await largeRegister(large);
const children: ChildProcess[] = [];

/** A port free on loopback now (the child binds it a moment later; a clash fails loudly at start). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Keeps the last lines a child wrote (its pipes must be read or it blocks) and calls `onLine` for each. */
function tail(child: ChildProcess, onLine: (line: string) => void = () => {}): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 30) lines.shift();
      onLine(line);
    });
  }
  return lines;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Waits for a child to exit, at most `ms`; true when it did. */
function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Asks each child started here to stop (by its PID), kills it after a few seconds, and removes the data folder. */
async function cleanUp(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (exited(child)) return;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitExit(child, 2_000);
      }
    }),
  );
  if (large === null) rmSync(dataDir, { recursive: true, force: true });
}

let cleaning: Promise<void> | null = null;
const cleanUpOnce = () => (cleaning ??= cleanUp());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanUpOnce().finally(() => process.exit(130));
  });
}

/** The bare ceiling: `node:http` answering the same small body as /healthz, in its own process. */
async function startBare(): Promise<{ child: ChildProcess; base: string }> {
  const script = `
    const http = require('node:http');
    const body = Buffer.from('{"ok":true}');
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    const lines = tail(child, (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code}): ${lines.join('\n')}`)));
    setTimeout(() => reject(new Error('the bare server did not start within 10 s')), 10_000).unref();
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/**
 * The product as `npm start` runs it: src/main.ts through tsx, demo data on, a fresh embedded database.
 * `node --import tsx` rather than the tsx command, which starts a second node process: this way the PID
 * is the server's own, for stopping it and reading its memory.
 */
type IndexReady = { ms: number; sinceDatabaseOpenMs: number | null; source: string | null };
type Product = { child: ChildProcess; base: string; coldStartMs: number; indexReady: Promise<IndexReady | null>; lines: string[] };

async function startProduct(extraEnv: NodeJS.ProcessEnv = {}): Promise<Product> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    DEMO_DATA: large === null ? 'true' : 'false',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  // The embedded default, and no mail leaving the machine, whatever this shell has set.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let ready: (r: IndexReady | null) => void = () => {};
  const indexReady = new Promise<IndexReady | null>((resolve) => (ready = resolve));
  const lines = tail(child, (line) => {
    if (line.includes('"search index ready"')) {
      const fields = JSON.parse(line) as { sinceDatabaseOpenMs?: number; source?: string };
      ready({ ms: performance.now() - started, sinceDatabaseOpenMs: fields.sinceDatabaseOpenMs ?? null, source: fields.source ?? null });
    }
    if (line.includes('search index build failed')) ready(null);
  });
  child.once('exit', () => ready(null));
  const deadline = started + 180_000;
  for (;;) {
    if (exited(child)) throw new Error(`the server exited before answering (code ${child.exitCode}):\n${lines.join('\n')}`);
    if (performance.now() > deadline) throw new Error(`the server did not answer /healthz within 180 s:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return { child, base, coldStartMs: performance.now() - started, indexReady, lines };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resident and peak memory of a process from /proc (Linux), in MiB. */
function memoryOf(pid: number | undefined): { rssMiB: number; peakMiB: number } | null {
  const file = `/proc/${pid}/status`;
  if (pid === undefined || !existsSync(file)) return null;
  const status = readFileSync(file, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}

const getJson = async <T>(url: string): Promise<T> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
};

type SearchAnswer = { data: Array<{ id: number }>; meta: { total: number }; facets: Record<string, Array<{ value: string; count: number }>> };

/** Fills in an entry of each kind and a country present in the demo, and warns of searches that find nothing. */
async function resolveTargets(base: string): Promise<void> {
  for (const kind of ENTRY_KINDS as readonly EntryKind[]) {
    const target = TARGETS.find((t) => t.name === `entry-${kind}`)!;
    const found = await getJson<SearchAnswer>(`${base}/api/v1/${KIND_PATHS[kind]}?pageSize=1`);
    target.path = found.data[0] ? `/en/${KIND_PATHS[kind]}/${found.data[0].id}` : { missing: 'no demo entry' };
  }
  const all = await getJson<SearchAnswer>(`${base}/api/v1/search?pageSize=1`);
  const countries = (all.facets.country ?? []).map((c) => c.value);
  const country = countries.includes('KE') ? 'KE' : countries[0];
  TARGETS.find((t) => t.name === 'country')!.path = country ? `/en/countries/${country}` : { missing: 'no country in the demo' };
  for (const target of chosen) {
    if (!target.twin) continue;
    const { meta } = await getJson<SearchAnswer>(`${base}${target.twin}&pageSize=1`);
    if (meta.total === 0) console.warn(`  warning: ${target.name} finds nothing in the demo register (${target.twin})`);
  }
}

type Row = {
  name: string;
  path: string;
  reqPerSec: number | null;
  p50: number | null;
  p99: number | null;
  non2xx: number | null;
  errors: number | null;
  /** The server's CPU µs per answered request. */
  serverUs: number | null;
  note?: string;
};

/** One run by `client`: `connections` keep-alive connections for `seconds`, browser-like headers; `pid` is the server's. */
async function measure(client: LoadClient, name: string, base: string, path: string, pid: number | undefined): Promise<Row> {
  const result = await load({
    client,
    url: base + path,
    connections,
    seconds,
    headers: { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html,application/json;q=0.9,*/*;q=0.8' },
    pid,
  });
  return { name, path, ...result };
}

const fmt = (n: number | null, digits = 0) => (n === null ? '' : n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

function printTable(rows: Row[], ceiling: number): void {
  const header = ['name', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', '% ceiling', 'server µs/req', 'path'];
  const body = rows.map((r) =>
    r.reqPerSec === null
      ? [r.name, '—', '', '', '', '', '', '', r.note ?? '']
      : [
          r.name,
          fmt(r.reqPerSec),
          fmt(r.p50, 1),
          fmt(r.p99, 1),
          fmt(r.non2xx),
          fmt(r.errors),
          `${fmt((r.reqPerSec / ceiling) * 100, 1)} %`,
          fmt(r.serverUs),
          decodeURI(r.path),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}

/** Asks a product to stop (SIGTERM: it writes its index snapshot, then closes the database) and waits. */
async function stopProduct(product: Product): Promise<void> {
  product.child.kill('SIGTERM');
  if (!(await waitExit(product.child, 60_000))) throw new Error(`the server did not stop within 60 s:\n${product.lines.join('\n')}`);
}

/** Waits for the index to report ready (searches go to SQL until then) and prints when it did. */
async function awaitIndex(product: Product): Promise<IndexReady | null> {
  const r = await Promise.race([product.indexReady, new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 300_000).unref())]);
  if (r === 'late' || r === null) {
    console.warn(`  warning: the search index did not report ready (${r === 'late' ? 'not within 300 s' : 'build failed'}); searches may be answered by SQL`);
    return null;
  }
  const since = r.sinceDatabaseOpenMs === null ? '' : `, ${(r.sinceDatabaseOpenMs / 1000).toFixed(1)} s after the database opened`;
  console.log(`  search index ready (${r.source ?? '?'}): ${(r.ms / 1000).toFixed(1)} s after spawn${since}`);
  return r;
}

/** Waits for the server's start-up work to end before measuring, and says so. */
async function settle(product: Product): Promise<void> {
  const ms = await quiet(product.child.pid);
  console.log(ms === null ? '  warning: the server did not go idle within 60 s; measuring anyway' : `  the server went idle ${(ms / 1000).toFixed(1)} s later`);
}

/** The ceiling, then every chosen page one after another, against a running product, by each client. */
async function measurePages(bare: { child: ChildProcess; base: string }, product: Product, label: string): Promise<Record<LoadClient, Row[]>> {
  const out = {} as Record<LoadClient, Row[]>;
  for (const client of clients) {
    const rows: Row[] = [await measure(client, 'bare node:http', bare.base, '/', bare.child.pid)];
    for (const target of chosen) {
      if (typeof target.path !== 'string') {
        rows.push({
          name: target.name,
          path: '',
          reqPerSec: null,
          p50: null,
          p99: null,
          non2xx: null,
          errors: null,
          serverUs: null,
          note: target.path.missing,
        });
        continue;
      }
      if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K  measuring ${target.name} (${label}, ${client})…`);
      if (exited(product.child)) throw new Error(`the server exited during the run:\n${product.lines.join('\n')}`);
      rows.push(await measure(client, target.name, product.base, target.path, product.child.pid));
    }
    out[client] = rows;
  }
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[2K');
  return out;
}

const asJson = (rows: Row[], ceiling: number) =>
  Object.fromEntries(
    rows.map((r) => [
      r.name,
      r.reqPerSec === null
        ? r.note
        : {
            reqPerSec: Math.round(r.reqPerSec),
            p50: r.p50,
            p99: r.p99,
            non2xx: r.non2xx,
            share: +((r.reqPerSec / ceiling) * 100).toFixed(1),
            serverUs: r.serverUs === null ? null : Math.round(r.serverUs),
          },
    ]),
  );

try {
  const register = large === null ? 'demo register' : `generated register of ${large.toLocaleString('en')} entries`;
  console.log(`bench:http — ${register}, ${connections} connections, ${seconds} s per page, loopback, every request a first visit with Accept-Encoding: gzip`);
  console.log(
    `  clients: ${clients.join(' and ')}${hasWrk ? '' : ' (wrk is not installed: apt-get install wrk for figures that are not bound by the client)'}`,
  );
  const bare = await startBare();
  const snapshotFile = join(dataDir, 'search-index.snapshot');
  let withoutSnapshot: IndexReady | null = null;
  if (large !== null) {
    // Start-up without a snapshot (the index read and built from the database), then with the
    // snapshot that start wrote.
    rmSync(snapshotFile, { force: true });
    console.log('Starting the product on it without a search index snapshot…');
    const first = await startProduct();
    withoutSnapshot = await awaitIndex(first);
    await stopProduct(first);
    if (!existsSync(snapshotFile)) console.warn('  warning: the first start wrote no snapshot');
    console.log('Starting it again, with the snapshot the first start wrote…');
  } else console.log('Starting the product as `npm start` does (fresh data folder, demo register)…');
  const product = await startProduct();
  console.log(`  cold start (spawn → first healthy /healthz): ${(product.coldStartMs / 1000).toFixed(1)} s`);
  const index = await awaitIndex(product);
  await settle(product);
  await resolveTargets(product.base);

  const cached = await measurePages(bare, product, 'repeat visitors');
  const memory = memoryOf(product.child.pid);
  await stopProduct(product);

  // Cache misses: the same data, the response cache off in the server, so every request renders.
  console.log('Restarting it with STOCKTAKE_RESPONSE_CACHE=off for the cache misses…');
  const uncached = await startProduct({ STOCKTAKE_RESPONSE_CACHE: 'off' });
  await awaitIndex(uncached);
  await settle(uncached);
  const misses = await measurePages(bare, uncached, 'cache misses');

  for (const client of clients) {
    console.log(`\nRepeat visitors (answers kept in the response cache), measured by ${client}:`);
    printTable(cached[client], cached[client][0]!.reqPerSec!);
    console.log(`\nCache misses (STOCKTAKE_RESPONSE_CACHE=off: every request rendered), measured by ${client}:`);
    printTable(misses[client], misses[client][0]!.reqPerSec!);
  }
  const secs = (r: IndexReady | null) => (r?.sinceDatabaseOpenMs == null ? 'n/a' : `${(r.sinceDatabaseOpenMs / 1000).toFixed(1)} s`);
  if (large !== null)
    console.log(`\nSearch index ready after the database opened: without a snapshot ${secs(withoutSnapshot)}, with the snapshot ${secs(index)}`);
  console.log(`\nServer memory at the end: ${memory ? `${memory.rssMiB} MiB resident (VmRSS), peak ${memory.peakMiB} MiB (VmHWM)` : 'n/a (no /proc)'}`);
  console.log(
    JSON.stringify({
      register: large ?? 'demo',
      seconds,
      connections,
      coldStartMs: Math.round(product.coldStartMs),
      indexReadyMs: index ? Math.round(index.ms) : null,
      indexReadySinceOpenMs: {
        [index?.source ?? 'unknown']: index?.sinceDatabaseOpenMs ?? null,
        ...(large !== null ? { build: withoutSnapshot?.sinceDatabaseOpenMs ?? null } : {}),
      },
      rssMiB: memory?.rssMiB ?? null,
      ...Object.fromEntries(
        clients.map((client) => {
          const [ceiling, ...pages] = cached[client];
          const [missCeiling, ...missed] = misses[client];
          return [
            client,
            {
              ceiling: Math.round(ceiling!.reqPerSec!),
              missCeiling: Math.round(missCeiling!.reqPerSec!),
              pages: asJson(pages, ceiling!.reqPerSec!),
              misses: asJson(missed, missCeiling!.reqPerSec!),
            },
          ];
        }),
      ),
    }),
  );
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await cleanUpOnce();
}
