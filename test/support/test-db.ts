import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { openDatabase, type DbHandle } from '../../src/db/connection';
import type { AppDeps } from '../../src/http/context';
import { PublishedEntries } from '../../src/modules/entries/published-memory';
import { createIndexedSearch, type IndexedSearch } from '../../src/modules/search/indexed-search';
import { createSqlSearch } from '../../src/modules/search/sql-search';
import { loadTaxonomy } from '../../src/modules/taxonomy/taxonomy.service';
import { createFromTemplate, pgliteTemplateData } from './test-template';

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

/** Creates a PostgreSQL database, a copy of the template or empty; returns its URL and how to drop it. */
async function createPostgresDatabase(fromTemplate: boolean): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `stocktake_test_${randomBytes(6).toString('hex')}`;
  let url: string;
  if (fromTemplate) url = await createFromTemplate(admin, name);
  else {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const drop = async () => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  return { url, drop };
}

/**
 * An empty database, not migrated and without vocabularies, for tests of what the template is made of:
 * PGlite in memory, or a new PostgreSQL database when TEST_DATABASE_URL is set, dropped at close.
 */
export async function createEmptyDb(): Promise<DbHandle> {
  if (!process.env.TEST_DATABASE_URL) return openDatabase({ dataDir: ':memory:' });
  const { url, drop } = await createPostgresDatabase(false);
  const handle = await openDatabase({ databaseUrl: url });
  return { ...handle, close: () => handle.close().finally(drop) };
}

/**
 * A fresh, migrated database with its vocabularies for one test file: PGlite in memory (or, with
 * `onDisk`, in a temporary data folder as `npm start` uses, removed at close), or — when
 * TEST_DATABASE_URL is set — a new PostgreSQL database created for this file and dropped afterwards.
 * Either is a copy of the template migrated once (test-template.ts), not migrated again per file.
 */
export async function createTestDb(opts: { logErrors?: boolean; search?: 'sql' | 'index'; onDisk?: boolean } = {}): Promise<TestDb> {
  let databaseUrl: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (process.env.TEST_DATABASE_URL) ({ url: databaseUrl, drop } = await createPostgresDatabase(true));
  // In memory, PGlite's files grow by copying (Emscripten's MEMFS): megabytes of uploads then cost stalls
  // that a data folder on disk, as served, does not have.
  const dataDir = opts.onDisk && !databaseUrl ? mkdtempSync(join(tmpdir(), 'stocktake-test-')) : ':memory:';
  const template = databaseUrl ? undefined : await pgliteTemplateData();
  const handle = await openDatabase({ databaseUrl, dataDir, template });
  const taxonomy = await loadTaxonomy(handle.db);
  const config = loadConfig({ BASE_URL: 'http://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14' });
  // Errors the app logged and no test has accounted for yet; `expecting` > 0 inside expectLoggedErrors.
  let unexpected: string[] = [];
  let expected: string[] = [];
  let expecting = 0;
  const index = opts.search === 'index' ? createIndexedSearch(handle.db, { pollMs: 50 }) : null;
  // With the index, visitors' reads of published entries come from memory too, as in production.
  const publishedEntries = index ? new PublishedEntries(handle.db, { active: () => index.isReady() }) : null;
  if (index && publishedEntries) index.onChange((ids) => publishedEntries.drop(ids));
  if (index) await index.start();
  const deps: AppDeps = {
    config,
    db: handle.db,
    taxonomy,
    search: index ?? createSqlSearch(handle.db),
    isDemo: () => false,
    // With the index, visitors' answers are kept as in production, dropped by the change log.
    ...(index ? { registerVersion: () => index.changeId() } : {}),
    ...(publishedEntries ? { publishedEntries } : {}),
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
