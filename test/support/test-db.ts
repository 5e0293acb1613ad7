import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { openDatabase, type DbHandle } from '../../src/db/connection';
import { migrateToLatest } from '../../src/db/migrate';
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
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

const silentLog = { info() {}, warn() {}, error() {} };

/**
 * A fresh, migrated database for one test file: PGlite in memory, or — when TEST_DATABASE_URL is
 * set — a new PostgreSQL database created for this file and dropped afterwards.
 */
export async function createTestDb(opts: { logErrors?: boolean; search?: 'sql' | 'index' } = {}): Promise<TestDb> {
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
  const handle = await openDatabase({ databaseUrl, dataDir: ':memory:' });
  await migrateToLatest(handle.db);
  const taxonomy = await loadTaxonomy(handle.db);
  const config = loadConfig({ BASE_URL: 'http://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14' });
  const errors: string[] = [];
  const index = opts.search === 'index' ? createIndexedSearch(handle.db, { pollMs: 50 }) : null;
  if (index) await index.start();
  const deps: AppDeps = {
    config,
    db: handle.db,
    taxonomy,
    search: index ?? createSqlSearch(handle.db),
    isDemo: () => false,
    log: { ...silentLog, error: (msg, fields) => (opts.logErrors ?? true ? errors.push(`${msg} ${JSON.stringify(fields)}`) : undefined) },
  };
  return {
    handle,
    index,
    databaseUrl,
    deps,
    app: createApp(deps),
    async close() {
      index?.stop();
      await handle.close();
      await drop?.();
    },
  };
}
