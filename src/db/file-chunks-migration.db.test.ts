import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrate';
import { createTestDb, type TestDb } from '../../test/support/test-db';

describe('migration 20261202100000-file-chunks', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  it('carries every existing file over into chunks byte for byte, and back down', async () => {
    const db = t.handle.db as unknown as Kysely<unknown>;
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'stocktake_migrations',
      migrationLockTableName: 'stocktake_migrations_lock',
    });
    const down = await migrator.migrateTo('20261122160000-entry-kinds');
    assert.equal(down.error, undefined);
    // Sizes around the chunk size: one byte, exactly one chunk, one chunk and a bit, several.
    const files = [1, 256 * 1024, 256 * 1024 + 1, 700_000].map((n) => new Uint8Array(randomBytes(n)));
    const ids: number[] = [];
    for (const bytes of files) {
      const r = await sql<{
        id: number;
      }>`insert into entry_files (name, mime_type, file_kind, size, sha256, bytes) values ('a.pdf', 'application/pdf', 'pdf', ${bytes.length}, 'x', ${bytes}) returning id`.execute(
        db,
      );
      ids.push(r.rows[0]!.id);
    }
    const up = await migrator.migrateToLatest();
    assert.equal(up.error, undefined);
    for (const [i, id] of ids.entries()) {
      const chunks = await t.handle.db.selectFrom('entryFileChunks').select(['position', 'bytes']).where('fileId', '=', id).orderBy('position').execute();
      assert.ok(chunks.every((c) => c.bytes.length <= 256 * 1024));
      assert.ok(Buffer.concat(chunks.map((c) => c.bytes)).equals(Buffer.from(files[i]!)), `file ${i} intact`);
      const row = await t.handle.db.selectFrom('entryFiles').select('storedAt').where('id', '=', id).executeTakeFirstOrThrow();
      assert.ok(row.storedAt, 'an existing file counts as stored');
    }
    const back = await migrator.migrateTo('20261122160000-entry-kinds');
    assert.equal(back.error, undefined);
    const restored = await sql<{ bytes: Uint8Array }>`select bytes from entry_files where id = ${ids[3]!}`.execute(db);
    assert.ok(Buffer.from(restored.rows[0]!.bytes).equals(Buffer.from(files[3]!)), 'down joins the chunks again');
    assert.equal((await migrator.migrateToLatest()).error, undefined);
  });
});
