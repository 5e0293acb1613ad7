import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from './data-lock';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stocktake-data-lock-'));
const children = new Set<ChildProcess>();
after(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A PID that certainly belonged to a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

const lockText = (fields: Record<string, unknown>) =>
  JSON.stringify({ startTime: null, host: hostname(), owner: 'a crashed server', since: '2020-01-01T00:00:00Z', token: 'old', ...fields });

describe('the data folder lock', () => {
  it('is exclusive: a second taker is refused at once, with who holds it, until the first releases', () => {
    const folder = join(dir, 'exclusive');
    const first = acquireDataDirLock(folder, 'the first holder');
    const content = JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')) as { pid: number; startTime: number | null };
    assert.equal(content.pid, process.pid);
    const started = Date.now();
    assert.throws(
      () => acquireDataDirLock(folder, 'the second'),
      (e: unknown) => {
        assert.ok(e instanceof DataDirLockedError);
        assert.match(e.message, new RegExp(`in use by another Stocktake process \\(the first holder, PID ${process.pid}, since `));
        assert.match(e.message, /the data is safe/);
        assert.match(e.message, /stop it first \(Ctrl\+C in its terminal, or `kill \d+`\)/);
        assert.doesNotMatch(e.message, /\n/, 'one paragraph');
        return true;
      },
    );
    assert.ok(Date.now() - started < 1000, 'refused at once, not after waiting');
    first.release();
    assert.ok(!existsSync(join(folder, LOCK_FILE)), 'release removes the file');
    first.release(); // twice is harmless
    acquireDataDirLock(folder).release();
  });

  it('takes over a lock whose process has died (kill -9 leaves the file behind)', () => {
    const folder = join(dir, 'dead');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), lockText({ pid: deadPid() }));
    const lock = acquireDataDirLock(folder);
    assert.equal(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).pid, process.pid);
    lock.release();
  });

  it('takes over a lock whose PID now belongs to another process (a different start time)', { skip: !existsSync('/proc/self/stat') && 'no /proc here' }, () => {
    const folder = join(dir, 'reused');
    mkdirSync(folder, { recursive: true });
    // This very process's PID, with a start time it never had: the PID was reused after a crash.
    writeFileSync(join(folder, LOCK_FILE), lockText({ pid: process.pid, startTime: 1 }));
    acquireDataDirLock(folder).release();
  });

  it('leaves alone a lock file another live process is writing this very moment', () => {
    const folder = join(dir, 'being-written');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), '');
    assert.throws(() => acquireDataDirLock(folder), DataDirLockedError);
    assert.ok(existsSync(join(folder, LOCK_FILE)));
  });

  it('never releases a lock it no longer holds', () => {
    const folder = join(dir, 'replaced');
    const lock = acquireDataDirLock(folder);
    writeFileSync(join(folder, LOCK_FILE), lockText({ pid: process.pid, token: 'someone else' }));
    lock.release();
    assert.ok(existsSync(join(folder, LOCK_FILE)), 'the other holder keeps its file');
  });

  it('leaves a stale lock alone while another starter is taking it over, and clears a takeover left by a crash', () => {
    const folder = join(dir, 'takeover');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), lockText({ pid: deadPid(), token: 'stale' }));
    // Another starter holds the takeover lock this very moment: it alone may remove the stale file.
    writeFileSync(join(folder, `${LOCK_FILE}.takeover`), '1');
    assert.throws(() => acquireDataDirLock(folder), DataDirLockedError);
    assert.equal(JSON.parse(readFileSync(join(folder, LOCK_FILE), 'utf8')).token, 'stale', 'the stale file was not touched');
    // A takeover lock a minute old was left by a starter that died inside it.
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(folder, `${LOCK_FILE}.takeover`), old, old);
    acquireDataDirLock(folder).release();
  });

  it('starters racing for one stale lock: exactly one takes it over', { timeout: 120_000 }, async () => {
    const folder = join(dir, 'race');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, LOCK_FILE), lockText({ pid: deadPid(), token: 'stale' }));
    const go = join(folder, 'go');
    // Each starter loads, says so, waits for the same moment, tries once and holds what it got.
    const script = `
      import { existsSync } from 'node:fs';
      import { acquireDataDirLock } from ${JSON.stringify(join(here, 'data-lock.ts'))};
      process.stdout.write('ready;');
      while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
      try { acquireDataDirLock(${JSON.stringify(folder)}, 'racer'); process.stdout.write('took'); await new Promise((r) => setTimeout(r, 1500)); }
      catch (e) { process.stdout.write(e.name); }`;
    const racers = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.add(child);
      let out = '';
      const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out.replace('ready;', ''))));
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.startsWith('ready;')) resolve();
        });
        void done.then(() => reject(new Error(`a racer ended before it was ready: ${out}`)));
      });
      return { ready, done };
    });
    await Promise.all(racers.map((r) => r.ready));
    writeFileSync(go, '');
    const outcomes = (await Promise.all(racers.map((r) => r.done))).sort();
    assert.deepEqual(outcomes, ['DataDirLockedError', 'DataDirLockedError', 'DataDirLockedError', 'took']);
  });
});
