import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

/* What a newcomer meets when starting the product: a taken port, a .env file, an empty register. */

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stocktake-start-'));
const children = new Set<ChildProcess>();
let occupier: Server;
let taken = 0;

before(async () => {
  occupier = createServer();
  await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
  taken = (occupier.address() as { port: number }).port;
});
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  occupier.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', DEMO_DATA: 'false', ...extra };
  for (const k of ['DATABASE_URL', 'npm_lifecycle_event', 'PORT', 'HOST']) if (!(k in extra)) delete e[k];
  return e;
}

/** Runs `npm start` as an operator would (tsx by its absolute address, so any folder can be the working one). */
function start(args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string }) {
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/main.ts'), ...args], {
    env: opts.env,
    cwd: opts.cwd ?? root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exit };
}

/** The exit code, or null (and the process ended) if it is still running after `ms`: a start that went on is a failure here, not a hang. */
async function exitWithin(run: ReturnType<typeof start>, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const code = await Promise.race([run.exit, late]);
  clearTimeout(timer);
  if (code !== 'late') return code;
  run.child.kill('SIGKILL');
  await run.exit;
  return null;
}

describe('starting the product', () => {
  it('a taken port stops the start in one line naming it and PORT=…, before the database is opened or migrated', async () => {
    const dataDir = join(dir, 'port');
    const run = start(['--empty'], { env: env({ PORT: String(taken), HOST: '127.0.0.1', DATA_DIR: dataDir }) });
    const code = await exitWithin(run, 120_000);
    assert.notEqual(code, 0, run.out.stderr);
    const lines = run.out.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.out.stderr);
    assert.match(lines[0]!, new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is already in use.*PORT=\\d+ npm start`));
    assert.doesNotMatch(run.out.stderr, /migrations applied|"level"/);
    assert.ok(!existsSync(dataDir) || readdirSync(dataDir).length === 0, 'the data folder was not touched');
  });

  it('reads .env from the working folder, and the real environment wins over it', async () => {
    const cwd = join(dir, 'with-env');
    const dataDir = join(dir, 'env-data');
    mkdirSync(cwd);
    // PORT and HOST come only from the file; LOG_LEVEL there is invalid, but the environment's wins.
    writeFileSync(join(cwd, '.env'), `# test\nPORT=${taken}\nexport HOST="127.0.0.1"\nLOG_LEVEL=loud # a bad value\n`);
    const run = start(['--empty'], { env: env({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), cwd });
    const code = await exitWithin(run, 120_000);
    assert.notEqual(code, 0, run.out.stderr);
    assert.doesNotMatch(run.out.stderr, /Invalid configuration/, 'LOG_LEVEL came from the environment, not .env');
    assert.match(run.out.stderr, new RegExp(`port ${taken} on 127\\.0\\.0\\.1 is already in use`), 'PORT and HOST came from .env');
  });

  it('--empty on a register without an administrator prints the command that creates the first one', { timeout: 600_000 }, async () => {
    // A new data folder, migrated by the start itself as a newcomer's is (opening a copy of the test template here
    // left this test file's process unable to exit).
    const dataDir = join(dir, 'empty');
    const run = start(['--empty'], { env: env({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' }) });
    let deadline = Date.now() + 590_000;
    const warmed = /"msg":"first pages ready"/;
    while (!/Stocktake is running/.test(run.out.stdout) && run.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Serving: the first pages follow within seconds.
    deadline = Math.min(deadline, Date.now() + 60_000);
    while (!warmed.test(run.out.stderr) && run.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGTERM');
    await run.exit;
    assert.match(run.out.stdout, /Stocktake is running/, run.out.stderr);
    assert.match(run.out.stdout, /No administrator yet/);
    assert.match(run.out.stdout, /npm run user -- add --email [^ ]+ --name "[^"]+" --role admin/);
    // The first pages are asked for once the index is ready, and answer.
    assert.match(run.out.stderr, warmed);
    const ready = run.out.stderr.indexOf('"msg":"search index ready"');
    assert.ok(ready >= 0 && ready < run.out.stderr.search(warmed), 'warmed after the index is ready');
    assert.doesNotMatch(run.out.stdout + run.out.stderr, /warm-up request failed/);
  });
});
