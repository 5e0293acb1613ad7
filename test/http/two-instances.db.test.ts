import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { openDatabase, type DbHandle } from '../../src/db/connection';
import { insertEntry } from '../../src/modules/entries/entries.repository';
import { entryInputSchema } from '../../src/modules/entries/entry.schemas';
import { prepareWrite } from '../../src/modules/entries/entries.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { createIndexedSearch, type IndexedSearch } from '../../src/modules/search/indexed-search';
import { activityJson, activityLine } from '../support/factories';
import { createTestDb, usingPostgres, type TestDb } from '../support/test-db';

// Two app instances need a shared server database; the embedded one belongs to one process.
describe('two app instances on one PostgreSQL', { skip: !usingPostgres && 'needs PostgreSQL (TEST_DATABASE_URL); .ci/run provides it' }, () => {
  let first: TestDb;
  let secondHandle: DbHandle;
  let secondIndex: IndexedSearch;
  let secondApp: ReturnType<typeof createApp>;

  before(async () => {
    first = await createTestDb({ search: 'index' });
    secondHandle = await openDatabase({ databaseUrl: first.databaseUrl });
    secondIndex = createIndexedSearch(secondHandle.db, { pollMs: 250 });
    await secondIndex.start();
    // A second instance as boot.ts builds one: its own database handle, index, and register version (the change
    // log its own index has applied), so its response cache is dropped when what it serves changes.
    secondApp = createApp({ ...first.deps, db: secondHandle.db, search: secondIndex, registerVersion: () => secondIndex.changeId() });
  });
  after(async () => {
    secondIndex?.stop();
    await secondHandle?.close();
    await first?.close();
  });

  it('finds an activity published through one instance on the other within one second', async () => {
    const word = `qzx${Date.now().toString(36)}`;
    const search = async () => {
      const res = await secondApp.request(`/api/v1/activities?q=${word}%20`);
      return ((await res.json()) as { meta: { total: number } }).meta.total;
    };
    assert.equal(await search(), 0);
    assert.ok(secondIndex.isReady(), 'the second instance answers from its index');
    await importEntries(first.deps, [activityLine({ translations: { en: { title: `Telecentre ${word}`, summary: 'Summary.', description: '' } } })]);
    // Published when the import has committed (it now writes revisions too): the second should see it within a second of that.
    const published = Date.now();
    let elapsed = 0;
    while ((await search()) === 0) {
      elapsed = Date.now() - published;
      assert.ok(elapsed < 1000, `not found after ${elapsed} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    elapsed = Date.now() - published;
    assert.ok(elapsed < 1000, `found after ${elapsed} ms`);
  });

  it('applies a change that commits after a later one (ids out of order)', async () => {
    const write = (word: string) =>
      prepareWrite(
        entryInputSchema.parse(activityJson({ translations: { en: { title: `Hub ${word}`, summary: 'Summary.', description: '' } } })),
        first.deps.taxonomy,
        { isDemo: false },
      );
    const slow = `slow${Date.now().toString(36)}`;
    const fast = `fast${Date.now().toString(36)}`;
    const total = async (word: string) =>
      (await secondIndex.search({ text: `${word} `, filters: {}, sort: 'relevance', page: 1, pageSize: 5, locale: 'en' })).total;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((r) => (inserted = r));
    // The slow transaction takes its change id first, but commits last.
    const slowTx = first.deps.db.transaction().execute(async (trx) => {
      await insertEntry(trx, write(slow));
      inserted();
      await gate;
    });
    await insertedSignal;
    await first.deps.db.transaction().execute((trx) => insertEntry(trx, write(fast)));
    await secondIndex.refresh();
    assert.equal(await total(fast), 1);
    assert.equal(await total(slow), 0, 'not committed yet');
    // A poll is already under way while the commit lands: a refresh asked for after the commit must
    // still read the log after it.
    const inFlight = secondIndex.refresh();
    release();
    await slowTx;
    await secondIndex.refresh();
    await inFlight;
    assert.equal(await total(slow), 1, 'found once committed, though its change id is below one already read');
  });
});
