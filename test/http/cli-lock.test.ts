import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/connection';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../../src/db/data-lock';
import { activityLine } from '../support/factories';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stocktake-lock-'));
const children = new Set<ChildProcess>();
after(() => {
  // Only this file's own children, by their handles.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function env(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...extra };
  delete e.DATABASE_URL;
  delete e.npm_lifecycle_event;
  return e;
}

/** Runs the real import CLI as an operator would. */
function runImport(dataDir: string, file: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/import.ts'), 'activities', file], {
    env: env(dataDir),
    encoding: 'utf8',
    timeout: 300_000,
  });
}

/** A GET without connection pooling: a kept-alive socket to a killed server must not keep this test process alive. */
function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 30_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real server on a loopback port and resolves once it serves /healthz. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--empty'], {
    env: env(dataDir, { PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${out}`);
    try {
      const res = await httpGet(`${base}/healthz`);
      if (res.status === 200) return { child, base, output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer within 300 s: ${out}`);
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('one owner of the embedded data folder', () => {
  it('two openings of one folder in one process: the second throws until the first closes', async () => {
    const dataDir = join(dir, 'in-process');
    const first = await openDatabase({ dataDir, owner: 'the first test handle' });
    try {
      await assert.rejects(openDatabase({ dataDir }), (e: unknown) => e instanceof DataDirLockedError && /the first test handle, PID \d+/.test(e.message));
    } finally {
      await first.close();
    }
    // Closing released the folder. (Not opened a second time here: PGlite reopening a folder in the
    // same process kept this test process from exiting; the CLI test below reopens it in new processes.)
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)), 'close() released the folder');
    acquireDataDirLock(dataDir).release();
    // In memory there is no folder and no lock.
    const a = await openDatabase({ dataDir: ':memory:' });
    const b = await openDatabase({ dataDir: ':memory:' });
    await Promise.all([a.close(), b.close()]);
  });

  it('a CLI refuses while the server runs, the server and its data stay whole, and a crash leaves no blocking lock', { timeout: 900_000 }, async () => {
    const dataDir = join(dir, 'served');
    const first = join(dir, 'first.jsonl');
    writeFileSync(
      first,
      activityLine({
        externalId: 'lock-1',
        translations: {
          en: {
            title: 'Kept through a refused import',
            summary: 'Telecentres run by women’s cooperatives offer training and internet access.',
            description: 'x',
          },
        },
      }),
    );
    assert.equal(runImport(dataDir, first).status, 0, 'the folder is free before the server starts');

    const server = await startServer(dataDir);
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number };
    assert.equal(lock.pid, server.child.pid, 'the server holds the lock');

    const second = join(dir, 'second.jsonl');
    writeFileSync(second, activityLine({ externalId: 'lock-2' }));
    const refused = runImport(dataDir, second);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /is in use by another Stocktake process/);
    assert.match(refused.stderr, new RegExp(`the Stocktake server \\(npm start\\), PID ${server.child.pid}`));
    assert.match(refused.stderr, /the data is safe/);
    assert.match(refused.stderr, /stop it first .* or do the work through the running server/);
    assert.doesNotMatch(refused.stdout, /Imported/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'a message, not a stack');

    // The server still serves, and holds exactly what it held.
    assert.equal((await httpGet(`${server.base}/healthz`)).status, 200);
    const list = JSON.parse((await httpGet(`${server.base}/api/v1/activities`)).body) as { data: Array<{ title?: unknown }> };
    const body = JSON.stringify(list);
    assert.match(body, /Kept through a refused import/);
    assert.equal(list.data.length, 1, body.slice(0, 500));
    assert.equal(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).pid, server.child.pid, 'the refused CLI left the lock alone');

    // A crash: the lock stays behind with a dead PID, and the next start takes it over.
    server.child.kill('SIGKILL');
    await exited(server.child);
    assert.ok(existsSync(join(dataDir, LOCK_FILE)), 'kill -9 leaves the lock file');
    const later = runImport(dataDir, second);
    assert.equal(later.status, 0, later.stderr);
    assert.match(later.stdout, /1 created, 0 updated, 0 rejected/);
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)), 'the CLI released the lock when it ended');
    const again = runImport(dataDir, first);
    assert.match(again.stdout, /0 created, 1 updated, 0 rejected/, 'the data from before the crash is there');
  });

  it('the server refuses to start on a folder the server holds, and releases it on SIGTERM', { timeout: 900_000 }, async () => {
    const dataDir = join(dir, 'two-servers');
    const server = await startServer(dataDir);
    const port = await freePort();
    const second = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts'), '--empty'], {
      env: env(dataDir, { PORT: String(port) }),
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(second.status, 1, second.stderr);
    assert.match(second.stderr, new RegExp(`Stocktake could not start\\. The data folder .* is in use .*PID ${server.child.pid}`));
    assert.equal((await httpGet(`${server.base}/healthz`)).status, 200);
    server.child.kill('SIGTERM');
    await exited(server.child);
    assert.ok(!existsSync(join(dataDir, LOCK_FILE)), 'a normal stop removes the lock');
  });
});
