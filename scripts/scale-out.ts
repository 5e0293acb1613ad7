/* eslint-disable no-console -- a command-line tool prints what it does */
/**
 * `npm run scale-out -- [--database-url URL] [--seconds 3] [--connections 10]`: the scale-out path an
 * operator follows, tried on loopback. Starts two Stocktake instances on one PostgreSQL (DATABASE_URL, or a
 * temporary server of its own), nginx in front with deploy/nginx/stocktake.conf, checks that nginx caches
 * visitors' pages and passes signed-in ones through, then measures with autocannon and (when installed) wrk: a bare
 * `node:http` server (the ceiling), a cached page through nginx, and the same page from one instance directly.
 * autocannon decodes every body it reads, so for a large page its figure is its own limit; wrk's is the server's
 * (bench/load.ts).
 * Stops everything it started, by PID, when done or interrupted.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { load, wrkInstalled, type LoadClient } from '../bench/load';
import { startStack, startTemporaryPostgres, stopChild, type Stack } from './scale-out/stack';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);
if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) {
  console.error('--seconds must be a positive number and --connections a positive whole number');
  process.exit(2);
}

const cleanups: Array<() => Promise<void> | void> = [];
const cleanUp = async () => {
  for (const fn of cleanups.reverse()) await fn();
  cleanups.length = 0;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

const clients: LoadClient[] = wrkInstalled() ? ['autocannon', 'wrk'] : ['autocannon'];

async function measure(client: LoadClient, url: string) {
  const { serverUs: _unused, ...r } = await load({ client, url, connections, seconds, headers: { 'accept-encoding': 'gzip' } });
  return r;
}

async function bare(): Promise<{ base: string; stop(): Promise<void> }> {
  const script = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }); s.end('{"ok":true}'); })
    .listen(0, '127.0.0.1', function () { process.stdout.write(this.address().port + '\\n'); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code})`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

async function checks(stack: Stack): Promise<void> {
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(stack.base + path, { headers });
    await res.arrayBuffer();
    return res.headers.get('x-cache-status') ?? '-';
  };
  const first = await get('/en/');
  const second = await get('/en/');
  const signedIn = await get('/en/', { cookie: 'stk_session=not-a-session' });
  console.log(`  /en/ twice: ${first} then ${second}; with a session cookie: ${signedIn}`);
  if (second !== 'HIT') throw new Error('nginx did not serve the second visit from its cache');
  if (signedIn === 'HIT') throw new Error('nginx served a request with a session cookie from the cache');
}

try {
  let databaseUrl = args['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.log('No DATABASE_URL: starting a temporary PostgreSQL server on loopback…');
    const pg = await startTemporaryPostgres();
    cleanups.push(() => pg.stop());
    databaseUrl = pg.url;
  }
  console.log('Starting two instances on one PostgreSQL, and nginx in front (deploy/nginx/stocktake.conf)…');
  const stack = await startStack({ databaseUrl, demo: true, log: console.log });
  cleanups.push(() => stack.stop());
  const ceiling = await bare();
  cleanups.push(() => ceiling.stop());
  await checks(stack);

  const all: Record<string, unknown> = {};
  for (const client of clients) {
    const rows: Array<[string, Awaited<ReturnType<typeof measure>>]> = [];
    rows.push(['bare node:http', await measure(client, ceiling.base)]);
    for (const path of ['/en/', '/en/search?q=digital']) {
      rows.push([`nginx cache ${path}`, await measure(client, stack.base + path)]);
      rows.push([`instance 1 ${path}`, await measure(client, stack.instances[0]!.base + path)]);
    }
    const top = rows[0]![1].reqPerSec;
    console.log(`\n${client}: ${connections} connections, ${seconds} s each, loopback, Accept-Encoding: gzip`);
    console.log(
      ['what'.padEnd(34), 'req/s'.padStart(8), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'non-2xx'.padStart(8), '% ceiling'.padStart(10)].join(' '),
    );
    for (const [name, r] of rows)
      console.log(
        [
          name.padEnd(34),
          Math.round(r.reqPerSec).toLocaleString('en').padStart(8),
          String(+r.p50.toFixed(2)).padStart(7),
          String(+r.p99.toFixed(2)).padStart(7),
          String(r.non2xx).padStart(8),
          `${((r.reqPerSec / top) * 100).toFixed(1)} %`.padStart(10),
        ].join(' '),
      );
    all[client] = Object.fromEntries(rows.map(([n, r]) => [n, { ...r, share: +((r.reqPerSec / top) * 100).toFixed(1) }]));
  }
  if (clients.length === 1) console.log('(wrk is not installed: apt-get install wrk for figures that are not bound by the client)');
  console.log(JSON.stringify({ seconds, connections, ...all }));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
