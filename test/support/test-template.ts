import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection';
import { migrateToLatest } from '../../src/db/migrate';
import { PGliteDialect } from '../../src/db/pglite-dialect';
import type { Database } from '../../src/db/schema';
import { loadVocabularyFiles } from '../../src/db/vocabulary-files';
import { syncVocabularies, vocabularyHash } from '../../src/db/vocabulary-sync';

/*
 * The database every test file starts from: migrated and its vocabularies synced once, then copied
 * per test file. PGlite's running initdb and the migrations cost seconds per file; a copy costs a
 * fraction of that. The template is named by a hash of what makes it (migrations, sync, vocabulary
 * data, PGlite's version), so a change to any of them makes a new one and a stale one is never used.
 */

const root = new URL('../../', import.meta.url).pathname;
const CACHE_DIR = join(root, 'node_modules/.cache/stocktake-test-db');
/** One lock for every test process that might build the PostgreSQL template at once. */
const PG_LOCK = 7_210_311_001;

let key: string | undefined;

/** A hash of the migrations (names and code), the sync, the vocabulary data and PGlite's version. */
export function templateKey(): string {
  if (key) return key;
  const hash = createHash('sha256');
  const migrations = join(root, 'src/db/migrations');
  for (const name of readdirSync(migrations).sort())
    hash
      .update(`${name}\0`)
      .update(readFileSync(join(migrations, name)))
      .update('\0');
  for (const file of ['src/db/migrate.ts', 'src/db/vocabulary-sync.ts', 'node_modules/@electric-sql/pglite/package.json']) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  // The data as loaded (files and i18n-iso-countries), hashed as the sync compares it.
  for (const vocabulary of loadVocabularyFiles()) hash.update(`${vocabulary.name}\0${vocabularyHash(vocabulary)}\0`);
  key = hash.digest('hex').slice(0, 16);
  return key;
}

async function buildPgliteTemplate(): Promise<Blob> {
  const client = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), plugins: [new CamelCasePlugin()] });
  try {
    await migrateToLatest(db);
    await syncVocabularies(db);
    // Uncompressed: loading it is what every test file pays, and gzip made that slower.
    return await client.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

/** The path of the PGlite template's tarball for the current key. */
export function pgliteTemplatePath(): string {
  return join(CACHE_DIR, `pglite-${templateKey()}.tar`);
}

let pgliteTemplate: Promise<Blob> | undefined;

/**
 * The PGlite template: read from the cache, or built and cached. Several test processes may build it at
 * once (the runner builds it first, so only files started by hand do); each writes a file of its own and
 * renames it into place, so a reader sees a whole one or none.
 */
export function pgliteTemplateData(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const path = pgliteTemplatePath();
    try {
      return new Blob([readFileSync(path)]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const data = await buildPgliteTemplate();
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
    writeFileSync(partial, new Uint8Array(await data.arrayBuffer()));
    renameSync(partial, path);
    // Templates of other keys, and files a killed process left half written (another's may be in progress).
    for (const name of readdirSync(CACHE_DIR)) {
      const file = join(CACHE_DIR, name);
      if (file === path || (name.endsWith('.partial') && Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 600_000)) continue;
      rmSync(file, { force: true });
    }
    return data;
  })();
  return pgliteTemplate;
}

function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `fn`, again while PostgreSQL says a database is still in use by a session that is closing. */
async function whileInUse<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if ((e as { code?: string }).code !== '55006' || attempt >= 50) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

let postgresTemplate: Promise<string> | undefined;

/**
 * The name of the PostgreSQL template database on the server of `adminUrl`, created if missing. An
 * advisory lock lets one test process build it while the others wait; it is built under another name
 * and renamed when complete, so a template that exists is whole. Templates of other keys are dropped
 * when a new one is made (where another run is copying one, it stays).
 */
export function postgresTemplateName(adminUrl: string): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `stocktake_template_${templateKey()}`;
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const exists = async () => ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
    try {
      if (await exists()) return name;
      await client.query('select pg_advisory_lock($1)', [PG_LOCK]);
      try {
        if (await exists()) return name;
        const building = `${name}_building`;
        await client.query(`drop database if exists ${building} with (force)`);
        await client.query(`create database ${building}`);
        const handle = await openDatabase({ databaseUrl: databaseUrl(adminUrl, building) });
        try {
          await migrateToLatest(handle.db);
          await syncVocabularies(handle.db);
        } finally {
          await handle.close();
        }
        await whileInUse(() => client.query(`alter database ${building} rename to ${name}`));
        const stale = await client.query<{ datname: string }>(
          `select datname from pg_database where datname like 'stocktake\\_template\\_%' and datname <> $1`,
          [name],
        );
        for (const { datname } of stale.rows) await client.query(`drop database if exists ${datname}`).catch(() => undefined);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [PG_LOCK]);
      }
      return name;
    } finally {
      await client.end();
    }
  })();
  return postgresTemplate;
}

/** Makes the template of the database tier's target (PostgreSQL at TEST_DATABASE_URL, else PGlite) before the test files run. */
export async function prepareTestTemplate(): Promise<string> {
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) return `PostgreSQL database ${await postgresTemplateName(admin)}`;
  await pgliteTemplateData();
  return pgliteTemplatePath();
}

/** Copies the PostgreSQL template into a new database `name`. */
export async function createFromTemplate(adminUrl: string, name: string): Promise<string> {
  const template = await postgresTemplateName(adminUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await whileInUse(() => client.query(`create database ${name} template ${template}`));
  } finally {
    await client.end();
  }
  return databaseUrl(adminUrl, name);
}

// `node --import tsx test/support/test-template.ts`: the test runner makes the template once before the
// database tier starts its test processes side by side.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const made = await prepareTestTemplate();
  process.stdout.write(`test database template: ${made}\n`);
}
