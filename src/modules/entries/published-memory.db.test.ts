import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activityLine } from '../../../test/support/factories';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { importEntries } from '../submissions/jsonl.import';
import { createIndexedSearch, type IndexedSearch } from '../search/indexed-search';
import { loadEntries } from './entries.repository';
import { PublishedEntries } from './published-memory';

let t: TestDb;
let index: IndexedSearch;
let memory: PublishedEntries;

const title = (w: string) => ({ en: { title: `The ${w} project`, summary: 'Summary.', description: '' } });
const idOf = async (externalId: string) =>
  (await t.handle.db.selectFrom('entries').select('id').where('externalId', '=', externalId).executeTakeFirstOrThrow()).id;

before(async () => {
  t = await createTestDb();
  index = createIndexedSearch(t.handle.db, { typos: false, pollMs: 60_000, worker: false });
  memory = new PublishedEntries(t.handle.db, { active: () => index.isReady(), maxEntries: 2 });
  index.onChange((ids) => memory.drop(ids));
  await importEntries(t.deps, [
    activityLine({ externalId: 'mem-1', translations: title('first') }),
    activityLine({ externalId: 'mem-2', translations: title('second') }),
    activityLine({ externalId: 'mem-3', translations: title('third') }),
    activityLine({ externalId: 'mem-draft', state: 'draft', translations: title('draft') }),
  ]);
  await index.start();
});
after(async () => {
  index.stop();
  await t.close();
});

describe('the memory of published entries', () => {
  it('answers as the database does, keeps only published entries, and follows the change log', async () => {
    const [one, two, three, draft] = await Promise.all(['mem-1', 'mem-2', 'mem-3', 'mem-draft'].map(idOf));
    const ids = [two!, draft!, one!];
    assert.deepEqual(await memory.load(ids), await loadEntries(t.handle.db, ids, ['published']), 'same entries, same order, no draft');
    assert.equal(memory.stats().entries, 2);
    const kept = (await memory.load([one!]))[0]!;
    assert.ok(Object.isFrozen(kept) && Object.isFrozen(kept.translations.en), 'a kept entry is shared, so it cannot be changed');
    assert.equal(memory.stats().hits, 1);

    // An edit is served from memory until the change log reports it, then read again.
    await importEntries(t.deps, [activityLine({ externalId: 'mem-1', translations: title('renamed') })]);
    assert.equal((await memory.load([one!]))[0]!.translations.en?.title, 'The first project');
    await index.refresh();
    assert.equal((await memory.load([one!]))[0]!.translations.en?.title, 'The renamed project');

    // Withdrawn: gone from the memory as from the public register.
    await importEntries(t.deps, [activityLine({ externalId: 'mem-2', state: 'archived', translations: title('second') })]);
    await index.refresh();
    assert.deepEqual(await memory.load([two!]), []);

    // Bounded: the least recently read goes first.
    await memory.load([one!, three!]);
    assert.equal(memory.stats().entries, 2);
    const misses = memory.stats().misses;
    await memory.load([three!]);
    assert.equal(memory.stats().misses, misses, 'the most recent entries stay');
  });

  it('keeps nothing read while a change arrives, nor after a clear', async () => {
    const one = await idOf('mem-1');
    memory.clear();
    const reading = memory.load([one]);
    memory.drop([one + 1000]);
    await reading;
    assert.equal(memory.stats().entries, 0, 'a read that overlapped a drop is served, not kept');
    await memory.load([one]);
    assert.equal(memory.stats().entries, 1);
    memory.clear();
    assert.equal(memory.stats().entries, 0);
  });

  it('remembers facts about published entries until any change, their time limit, or while the log is not followed', async () => {
    memory.clear();
    let reads = 0;
    const fact = (ttlMs?: number) =>
      memory.remember(
        'fact',
        async () => {
          reads++;
          return { reads };
        },
        ttlMs,
      );
    assert.deepEqual(await fact(), { reads: 1 });
    assert.deepEqual(await fact(), { reads: 1 }, 'read once, then remembered');
    assert.ok(Object.isFrozen(await fact()), 'a remembered fact is shared, so it cannot be changed');
    memory.drop([123456]);
    assert.deepEqual(await fact(), { reads: 2 }, 'any change (of any entry) forgets every fact');
    memory.clear();
    assert.deepEqual(await fact(0), { reads: 3 }, 'kept for no time at all');
    assert.deepEqual(await fact(), { reads: 4 }, 'a fact past its time is read again');
    assert.deepEqual(await fact(), { reads: 4 });

    const reading = memory.remember('overlap', async () => ({ n: ++reads }));
    memory.drop([1]);
    const first = await reading;
    assert.notDeepEqual(await memory.remember('overlap', async () => ({ n: ++reads })), first, 'a read that overlapped a change is not kept');

    const idle = new PublishedEntries(t.handle.db, { active: () => false });
    let idleReads = 0;
    await idle.remember('x', async () => ++idleReads);
    await idle.remember('x', async () => ++idleReads);
    assert.equal(idleReads, 2, 'nothing is remembered while the change log is not followed');
  });
});
