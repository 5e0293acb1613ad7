/**
 * The scale-out path on loopback: two app instances on one PostgreSQL behind nginx, configured by
 * deploy/nginx/stocktake.conf itself (ports and cache folder substituted, nothing else), so the
 * example an operator copies is the one that is tested. Used by `npm run scale-out` and its test.
 * Everything started here is stopped by `stop()`, by PID.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NGINX_EXAMPLE = join(ROOT, 'deploy/nginx/stocktake.conf');

/** nginx's binary, if Debian's package (nginx-light or nginx) is installed. */
export function nginxPath(): string | undefined {
  return [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => p && existsSync(p));
}

/** A port free on loopback now (the child binds it a moment later; a clash fails loudly at start). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Keeps a child's last lines (its pipes must be read or it blocks). */
function tail(child: ChildProcess): string[] {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
    });
  }
  return lines;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Asks a child to stop by its PID, and kills it when it has not stopped after `ms`. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', ms = 10_000): Promise<void> {
  if (exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  await gone;
  clearTimeout(timer);
}

async function waitHealthy(child: ChildProcess, base: string, lines: string[], what: string, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (exited(child)) throw new Error(`${what} exited before answering (code ${child.exitCode}):\n${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer /healthz within ${ms / 1000} s:\n${lines.join('\n')}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The example configuration with this run's ports and cache folder. Each substitution must find
 * its line exactly once, so an edit to the example that the script no longer understands fails loudly.
 */
export function nginxSiteConfig(example: string, opts: { listenPort: number; upstreamPorts: [number, number]; cacheDir: string }): string {
  const swaps: Array<[RegExp, string]> = [
    [/listen 127\.0\.0\.1:8080;/g, `listen 127.0.0.1:${opts.listenPort};`],
    [/server 127\.0\.0\.1:3001 /g, `server 127.0.0.1:${opts.upstreamPorts[0]} `],
    [/server 127\.0\.0\.1:3002 /g, `server 127.0.0.1:${opts.upstreamPorts[1]} `],
    [/\/var\/cache\/nginx\/stocktake /g, `${opts.cacheDir} `],
  ];
  let text = example;
  for (const [pattern, replacement] of swaps) {
    const found = text.match(pattern)?.length ?? 0;
    if (found !== 1) throw new Error(`deploy/nginx/stocktake.conf: expected one ${pattern.source}, found ${found}`);
    text = text.replace(pattern, replacement);
  }
  return text;
}

/** A whole nginx.conf around the site file: everything (pid, logs, temporary files) inside `dir`. */
function nginxMainConfig(dir: string): string {
  const temp = (name: string) => join(dir, name);
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${temp('nginx.pid')};`,
    `error_log ${temp('error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${temp('client')};`,
    `  proxy_temp_path ${temp('proxy')};`,
    `  fastcgi_temp_path ${temp('fastcgi')};`,
    `  uwsgi_temp_path ${temp('uwsgi')};`,
    `  scgi_temp_path ${temp('scgi')};`,
    `  include ${temp('stocktake.conf')};`,
    '}',
    '',
  ].join('\n');
}

export interface Stack {
  /** nginx's address, the one visitors use. */
  base: string;
  /** Each app instance's own address (behind nginx). */
  instances: Array<{ base: string; child: ChildProcess }>;
  nginx: ChildProcess;
  /** The nginx configuration folder of this run (the generated nginx.conf and stocktake.conf). */
  dir: string;
  stopInstance(index: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts two instances on `databaseUrl` (the first migrates and, with `demo`, loads the demo register;
 * the second starts once the first answers) and nginx in front of them.
 */
export async function startStack(opts: { databaseUrl: string; demo: boolean; log?: (line: string) => void }): Promise<Stack> {
  const nginx = nginxPath();
  if (!nginx) throw new Error('nginx is not installed (Debian: apt-get install nginx-light)');
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-nginx-'));
  // Workers run as an unprivileged user when nginx starts as root: they must reach the folder.
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  const instances: Stack['instances'] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((child) => stopChild(child, child === nginxChild ? 'SIGQUIT' : 'SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  };
  let nginxChild: ChildProcess | undefined;
  try {
    const [listenPort, a, b] = [await freePort(), await freePort(), await freePort()];
    const base = `http://127.0.0.1:${listenPort}`;
    for (const [i, port] of [a, b].entries()) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: opts.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        BASE_URL: base,
        TRUST_PROXY: '1',
        DEMO_DATA: opts.demo ? 'true' : 'false',
        LOG_LEVEL: 'warn',
      };
      delete env.SMTP_URL;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      const lines = tail(child);
      const own = `http://127.0.0.1:${port}`;
      log(`  instance ${i + 1} starting on ${own} (PID ${child.pid})`);
      await waitHealthy(child, own, lines, `instance ${i + 1}`);
      instances.push({ base: own, child });
    }
    const cacheDir = join(dir, 'cache');
    const site = nginxSiteConfig(readFileSync(NGINX_EXAMPLE, 'utf8'), { listenPort, upstreamPorts: [a, b], cacheDir });
    writeFileSync(join(dir, 'stocktake.conf'), site);
    writeFileSync(join(dir, 'nginx.conf'), nginxMainConfig(dir));
    const test = spawnSync(nginx, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx -t refused the configuration:\n${test.stderr}`);
    nginxChild = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(nginxChild);
    const nginxLines = tail(nginxChild);
    log(`  nginx on ${base} (PID ${nginxChild.pid}), configuration in ${dir}`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (exited(nginxChild)) throw new Error(`nginx exited (code ${nginxChild.exitCode}):\n${nginxLines.join('\n')}\n${readLog(dir)}`);
      const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
        async (r) => (await r.arrayBuffer(), r.ok),
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${readLog(dir)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      base,
      instances,
      nginx: nginxChild,
      dir,
      stopInstance: (index) => stopChild(instances[index]!.child),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function readLog(dir: string): string {
  const file = join(dir, 'error.log');
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-2000) : '';
}

/**
 * A PostgreSQL server of its own on loopback in a temporary folder, for a try-out without one: as
 * `.ci/run` starts it (Debian's postgresql package; as root, the cluster belongs to `postgres`).
 */
export async function startTemporaryPostgres(): Promise<{ url: string; stop(): void }> {
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((x, y) => Number(x) - Number(y)) : [];
  const bin = versions.length ? `/usr/lib/postgresql/${versions.at(-1)}/bin` : undefined;
  if (!bin || !existsSync(join(bin, 'initdb'))) throw new Error('no DATABASE_URL given and PostgreSQL is not installed (Debian: apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-pg-'));
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const run = (args: string[]) => {
    const cmd = asRoot ? 'su' : args[0]!;
    const argv = asRoot ? ['postgres', '-s', '/bin/sh', '-c', args.map((a) => `'${a}'`).join(' ')] : args.slice(1);
    const r = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args[0]} failed:\n${r.stderr}${r.stdout}`);
  };
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  if (asRoot) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
    for (const path of [dir, data]) chownSync(path, id('-u'), id('-g'));
  }
  run([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run([join(bin, 'pg_ctl'), '-D', data, '-o', `-h 127.0.0.1 -p ${port} -k ${dir}`, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
