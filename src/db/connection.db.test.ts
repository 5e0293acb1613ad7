import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { activityLine } from '../../test/support/factories';
import { importEntries } from '../modules/submissions/jsonl.import';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.service';
import { openDatabase } from './connection';
import { migrateToLatest, MIGRATIONS } from './migrate';
import { syncVocabularies } from './vocabulary-sync';

const dir = mkdtempSync(join(tmpdir(), 'stocktake-persist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database', () => {
  it('keeps its data across a restart, and migrations run once', async () => {
    const first = await openDatabase({ dataDir: dir });
    assert.deepEqual(await migrateToLatest(first.db), Object.keys(MIGRATIONS));
    await syncVocabularies(first.db);
    const taxonomy = await loadTaxonomy(first.db);
    const report = await importEntries({ db: first.db, taxonomy }, [activityLine({ externalId: 'persist-1' })]);
    assert.equal(report.created, 1);
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    assert.deepEqual(await migrateToLatest(second.db), [], 'nothing left to migrate');
    const row = await second.db.selectFrom('entries').select('externalId').where('externalId', '=', 'persist-1').executeTakeFirst();
    assert.equal(row?.externalId, 'persist-1');
    await second.close();
  });
});
