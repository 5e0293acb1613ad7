import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { openDatabase, type DbHandle } from '../../src/db/connection';
import { migrateToLatest } from '../../src/db/migrate';
import { syncVocabularies } from '../../src/db/vocabulary-sync';
import type { AppDeps } from '../../src/http/context';
import { createIndexedSearch, type IndexedSearch } from '../../src/modules/search/indexed-search';
import { createSqlSearch } from '../../src/modules/search/sql-search';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.service';

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDb {
  handle: DbHandle;
  /** Set when the test database was created with `search: 'index'`. */
  index: IndexedSearch | null;
  /** The PostgreSQL URL of this file's database (undefined on PGlite). */
  databaseUrl: string | undefined;
  deps: AppDeps;
  /** The app; a request during which it logs an unhandled error (a 500) fails, unless inside `expectLoggedErrors`. */
  app: ReturnType<typeof createApp>;
  /** Runs `fn` where an unhandled error is the point of the test; returns what the app logged meanwhile. */
  expectLoggedErrors<T>(fn: () => Promise<T>): Promise<{ result: T; logged: string[] }>;
  /** Closes the database; fails if the app logged an unhandled error that no request or `expectLoggedErrors` accounted for. */
  close(): Promise<void>;
}

/** An unhandled error the app logged while a test did not expect one: every 500 is a bug until a test says otherwise. */
export class UnexpectedServerError extends Error {
  constructor(readonly logged: string[]) {
    super(`the app logged ${logged.length} unhandled error(s):\n${logged.join('\n')}`);
    this.name = 'UnexpectedServerError';
  }
}

const silentLog = { info() {}, warn() {}, error() {} };

/**
 * A fresh, migrated database for one test file: PGlite in memory (or, with `onDisk`, in a temporary
 * data folder as `npm start` uses, removed at close), or — when TEST_DATABASE_URL is set — a new
 * PostgreSQL database created for this file and dropped afterwards.
 */
export async function createTestDb(opts: { logErrors?: boolean; search?: 'sql' | 'index'; onDisk?: boolean } = {}): Promise<TestDb> {
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (process.env.TEST_DATABASE_URL) {
    const admin = new URL(process.env.TEST_DATABASE_URL);
    const name = `stocktake_test_${randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  // In memory, PGlite's files grow by copying (Emscripten's MEMFS): megabytes of uploads then cost stalls
  // that a data folder on disk, as served, does not have.
  const dataDir = opts.onDisk && !databaseUrl ? mkdtempSync(join(tmpdir(), 'stocktake-test-')) : ':memory:';
  const handle = await openDatabase({ databaseUrl, dataDir });
  await migrateToLatest(handle.db);
  await syncVocabularies(handle.db);
  const taxonomy = await loadTaxonomy(handle.db);
  const config = loadConfig({ BASE_URL: 'http://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14' });
  // Errors the app logged and no test has accounted for yet; `expecting` > 0 inside expectLoggedErrors.
  let unexpected: string[] = [];
  let expected: string[] = [];
  let expecting = 0;
  const index = opts.search === 'index' ? createIndexedSearch(handle.db, { pollMs: 50 }) : null;
  if (index) await index.start();
  const deps: AppDeps = {
    config,
    db: handle.db,
    taxonomy,
    search: index ?? createSqlSearch(handle.db),
    isDemo: () => false,
    log: {
      ...silentLog,
      error: (msg, fields) => {
        if (!(opts.logErrors ?? true)) return;
        (expecting > 0 ? expected : unexpected).push(`${msg} ${JSON.stringify(fields)}`);
      },
    },
  };
  const app = createApp(deps);
  const request = app.request;
  // Fails the request that caused it, so the failing test is the one that sent it.
  app.request = (async (...args: Parameters<typeof request>) => {
    const res = await request(...args);
    if (unexpected.length) {
      const logged = unexpected;
      unexpected = [];
      throw new UnexpectedServerError(logged);
    }
    return res;
  }) as typeof request;
  return {
    handle,
    index,
    databaseUrl,
    deps,
    app,
    async expectLoggedErrors(fn) {
      expecting += 1;
      const mark = expected.length;
      try {
        const result = await fn();
        return { result, logged: expected.slice(mark) };
      } finally {
        expecting -= 1;
        if (expecting === 0) expected = [];
      }
    },
    async close() {
      index?.stop();
      await handle.close();
      await drop?.();
      if (dataDir !== ':memory:') rmSync(dataDir, { recursive: true, force: true });
      if (unexpected.length) throw new UnexpectedServerError(unexpected);
    },
  };
}
