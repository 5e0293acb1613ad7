import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, resolve } from 'node:path';

/**
 * One owner per embedded data folder. PGlite has no locking of its own: two processes that open the
 * same folder (the server and `npm run import`, or two servers) overwrite each other's pages and lose
 * data. So before PGlite opens a folder, the process creates `stocktake.lock` in it atomically
 * (`open(…, 'wx')`), holding its PID, the PID's start time (to recognise a reused PID) and what it is.
 * A second process finds the file, sees that its owner lives, and refuses. A lock whose owner is dead
 * (a crash, `kill -9`) is taken over, under a short-lived second lock so that two starters cannot
 * both take over the same stale file.
 */

export const LOCK_FILE = 'stocktake.lock';
const TAKEOVER_FILE = 'stocktake.lock.takeover';
/** A takeover lock lives for milliseconds; one older than this was left by a process that died inside it. */
const TAKEOVER_STALE_MS = 10_000;

interface LockContent {
  pid: number;
  /** The process's start time in clock ticks since boot (Linux /proc), or null where unknown. */
  startTime: number | null;
  host: string;
  /** What holds it, in words an operator recognises ("the server (npm start)", "npm run import"). */
  owner: string;
  since: string;
  /** Distinguishes this acquisition from any other, so a release never removes someone else's file. */
  token: string;
}

/** Thrown when another live process holds the data folder; its message is the paragraph to print. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockContent | null,
  ) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataDirLockedError';
  }
}

function lockedMessage(dataDir: string, h: LockContent | null): string {
  const who = h ? `${h.owner}, PID ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, since ${h.since}` : 'a process that is starting right now';
  const stop = h && h.host === hostname() ? `stop it first (Ctrl+C in its terminal, or \`kill ${h.pid}\`)` : 'stop it first';
  const foreign = h && h.host !== hostname() ? ` If that process is gone, delete ${resolve(dataDir, LOCK_FILE)}.` : '';
  return (
    `The data folder ${resolve(dataDir)} is in use by another Stocktake process (${who}). ` +
    `Only one process may open an embedded database at a time, so this one opened nothing and the data is safe. ` +
    `To run this command, ${stop} and run it again, or do the work through the running server's pages and API instead.${foreign}`
  );
}

/** The start time of a live process (field 22 of /proc/PID/stat), or null where /proc is not there. */
function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process named in a lock file still runs (the same process, not a later one with its PID). */
function holderLives(h: LockContent): boolean {
  if (h.host !== hostname()) return true; // cannot look at another machine's processes: assume it runs
  if (!isAlive(h.pid)) return false;
  if (h.startTime === null) return true;
  const now = processStartTime(h.pid);
  return now === null || now === h.startTime;
}

function readLock(path: string): LockContent | null | 'missing' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  try {
    const v = JSON.parse(text) as LockContent;
    return typeof v.pid === 'number' && typeof v.token === 'string' ? v : null;
  } catch {
    return null; // being written by its creator this very moment, or damaged
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

const ageMs = (path: string) => {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/**
 * Removes a stale lock, but only the one that was read as stale: under the takeover lock, nobody else
 * can remove or replace the lock file, so re-reading it there and comparing tokens is enough.
 */
function takeOver(dir: string, stale: LockContent | null): void {
  const takeover = resolve(dir, TAKEOVER_FILE);
  if (!tryCreate(takeover, String(process.pid))) {
    if (ageMs(takeover) > TAKEOVER_STALE_MS) unlinkIfPresent(takeover);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    return; // someone else is taking over; the caller looks again
  }
  try {
    const now = readLock(resolve(dir, LOCK_FILE));
    if (now === 'missing') return;
    const same = now === null ? stale === null : stale !== null && now.token === stale.token;
    if (same && (now === null || !holderLives(now))) unlinkSync(resolve(dir, LOCK_FILE));
  } finally {
    unlinkIfPresent(takeover);
  }
}

/** A held lock; `release()` is idempotent and also runs at process exit. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const held = new Set<DataDirLock>();
let hooksInstalled = false;

function releaseAll() {
  for (const lock of [...held]) lock.release();
}

/**
 * Exit hooks: the lock goes with the process however it ends normally. On SIGINT/SIGTERM a process
 * that handles the signal itself (the server closes the database, then exits) keeps its behaviour;
 * one that does not (the CLIs) releases the lock and dies of the signal as it would have.
 */
function installHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', releaseAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      releaseAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** A name for what this process is, shown to a second process that finds the folder taken. */
function defaultOwner(): string {
  const script = basename(process.argv[1] ?? 'node');
  const npm = process.env.npm_lifecycle_event;
  if (script === 'main.ts' || npm === 'start' || npm === 'dev') return 'the server (npm start)';
  if (npm) return `npm run ${npm}`;
  return `${script} (node)`;
}

/**
 * Takes the data folder for this process, or throws DataDirLockedError at once when a live process
 * holds it. A lock left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string, owner = defaultOwner()): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, LOCK_FILE);
  const mine: LockContent = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    owner,
    since: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const text = `${JSON.stringify(mine)}\n`;
  // A few rounds: each either creates the file, refuses, or removes a stale file and looks again.
  for (let round = 0; round < 20; round++) {
    if (tryCreate(path, text)) {
      const lock: DataDirLock = {
        path,
        release() {
          if (!held.delete(lock)) return;
          const now = readLock(path);
          if (now !== 'missing' && now !== null && now.token === mine.token) unlinkIfPresent(path);
        },
      };
      held.add(lock);
      installHooks();
      return lock;
    }
    const holder = readLock(path);
    if (holder === 'missing') continue;
    if (holder === null) {
      // Created but not yet written: a starter is between open and write. Only an old one is stale.
      if (ageMs(path) < TAKEOVER_STALE_MS) throw new DataDirLockedError(dir, null);
      takeOver(dir, null);
      continue;
    }
    if (holderLives(holder)) throw new DataDirLockedError(dir, holder);
    takeOver(dir, holder);
  }
  throw new DataDirLockedError(dir, null);
}
