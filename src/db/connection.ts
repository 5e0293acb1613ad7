import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-lock';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export type Db = Kysely<Database>;
/** A transaction: functions that must run inside one say so by taking this type. */
export type Tx = Transaction<Database>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// Dates travel as 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
const DATE_OID = 1082;
const BIGINT_OID = 20;
const BYTEA_OID = 17;
pg.types.setTypeParser(DATE_OID, (v: string) => v);
pg.types.setTypeParser(BIGINT_OID, (v: string) => Number(v));

/**
 * Opens PostgreSQL when a URL is given, otherwise PGlite in dataDir (or in memory for ':memory:').
 * A data folder is first locked for this process (see data-lock.ts): a second opener gets a
 * DataDirLockedError before PGlite touches a file; `close()` releases it.
 */
export async function openDatabase(opts: {
  databaseUrl?: string | undefined;
  dataDir?: string;
  onIdleError?: (error: Error) => void;
  /** What this process is, shown to a second process that finds the folder taken. */
  owner?: string;
  /**
   * PGlite only: a data folder as PGlite's `dumpDataDir()` wrote it, to start from instead of an empty
   * database (the test database's template). The data folder must be new.
   */
  template?: Blob;
}): Promise<DbHandle> {
  const plugins = [new CamelCasePlugin()];
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle client dropped by the server (restart, failover) must not crash the process: the
    // pool discards it and the next query opens a new connection.
    pool.on('error', (error) => opts.onIdleError?.(error));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
    await sql`select 1`.execute(db);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dir = opts.dataDir ?? ':memory:';
  let dataPath: string | undefined;
  const lock = dir === ':memory:' ? null : acquireDataDirLock(dir, opts.owner);
  let client: PGlite;
  try {
    if (dir !== ':memory:') {
      dataPath = resolve(dir, 'pglite');
      mkdirSync(dataPath, { recursive: true });
    }
    client = await PGlite.create(dataPath, {
      parsers: { [DATE_OID]: (v: string) => v, [BIGINT_OID]: (v: string) => Number(v), [BYTEA_OID]: parseBytea },
      serializers: { [BYTEA_OID]: serializeBytea },
      ...(opts.template ? { loadDataDir: opts.template } : {}),
    });
  } catch (e) {
    lock?.release();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), plugins });
  return {
    db,
    kind: 'pglite',
    // The folder is released only once PGlite has written and closed everything.
    close: () => db.destroy().finally(() => lock?.release()),
  };
}

/**
 * bytea travels to and from PGlite as `\\x` + hex text. PGlite's own conversion goes through an array of
 * one string per byte: a 20 MB file cost 23 s of CPU and over a gigabyte of garbage (measured with
 * `bench/uploads.ts --profile`). Buffer's native hex codec does the same in milliseconds.
 */
export function serializeBytea(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new TypeError('bytea expects a Uint8Array');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** The inverse of {@link serializeBytea}: `\\x` + hex text from PGlite to bytes. */
export function parseBytea(text: string): Uint8Array {
  const bytes = Buffer.from(text.slice(2), 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
