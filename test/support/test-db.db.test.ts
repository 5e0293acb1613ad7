import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { migrateToLatest } from '../../src/db/migrate';
import { syncVocabularies } from '../../src/db/vocabulary-sync';
import { createTestDb, usingPostgres } from './test-db';
import { pgliteTemplatePath } from './test-template';

describe('the test database, copied from a template', () => {
  it('is migrated to the latest migration with every vocabulary synced', async () => {
    const t = await createTestDb();
    try {
      assert.deepEqual(await migrateToLatest(t.handle.db), [], 'no migration left to run');
      assert.deepEqual(await syncVocabularies(t.handle.db), [], 'no vocabulary left to sync');
      assert.ok(t.deps.taxonomy.terms('sdg').length > 0);
      if (!usingPostgres) assert.ok(existsSync(pgliteTemplatePath()), 'the PGlite template is cached for the next test file');
    } finally {
      await t.close();
    }
  });

  it('gives each database a copy of its own, in memory or in a data folder', async () => {
    const a = await createTestDb();
    const b = await createTestDb({ onDisk: true });
    try {
      await a.handle.db.insertInto('vocabularies').values({ name: 'only-in-a', version: 1 }).execute();
      const inB = await b.handle.db.selectFrom('vocabularies').select('name').where('name', '=', 'only-in-a').execute();
      assert.deepEqual(inB, []);
      assert.deepEqual(await migrateToLatest(b.handle.db), []);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
