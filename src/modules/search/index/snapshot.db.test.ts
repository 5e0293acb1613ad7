import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { activityLine } from '../../../../test/support/factories';
import { createTestDb, type TestDb } from '../../../../test/support/test-db';
import { loadDemoIfEmpty } from '../../demo/demo.service';
import { importEntries } from '../../submissions/jsonl.import';
import { createIndexedSearch, type IndexedSearch } from '../indexed-search';
import type { SearchRequest, SearchResult } from '../search';

let t: TestDb;
let dir: string;
let path: string;
const warnings: string[] = [];
const log = { info: () => {}, warn: (msg: string, f?: Record<string, unknown>) => void warnings.push(`${msg} ${String(f?.reason ?? '')}`) };
const started: IndexedSearch[] = [];
/** An instance built from the database after every change below, to compare with. */
let fresh: IndexedSearch;

/** An instance as boot.ts makes one: small segments, so the snapshot holds several, plus a delta. */
async function instance(database = 'test'): Promise<IndexedSearch> {
  const search = createIndexedSearch(t.handle.db, { typos: true, segmentSize: 70, pollMs: 60_000, worker: false, log, snapshot: { path, database } });
  started.push(search);
  await search.start();
  return search;
}

/** Requests that touch every part of the index: text in several scripts, prefixes, phrases, facets, sorts. */
function requests(): SearchRequest[] {
  const base: SearchRequest = { text: '', filters: {}, sort: 'relevance', page: 1, pageSize: 50, locale: 'en' };
  const texts = ['digital', 'internet access', '"digital skills"', 'dig', 'educaton', 'écoles', '数字', 'الإنترنت', 'школ', 'women -rural'];
  const out: SearchRequest[] = texts.map((text) => ({ ...base, text }));
  for (const sort of ['newest', 'title'] as const) for (const locale of ['en', 'ar', 'zh'] as const) out.push({ ...base, sort, locale });
  out.push({ ...base, text: 'digital', filters: { sdg: ['4', '5'] } }, { ...base, filters: { actionLine: ['c7'] }, sort: 'newest', page: 2, pageSize: 10 });
  return out;
}

const answers = async (search: IndexedSearch) => Promise.all(requests().map((r) => search.search(r)));

/**
 * The same answers: totals, facets, highlights and hits in order; scores equal to 1e-6, since the
 * freshness prior is computed from the clock when an index is built or loaded (it decays by about
 * 1e-8 a minute).
 */
function assertSame(actual: SearchResult[], expected: SearchResult[], label: string): void {
  const scores = (list: SearchResult[]) => list.map((a) => a.hits.map((h) => h.score));
  const bare = (list: SearchResult[]) => list.map((a) => ({ ...a, hits: a.hits.map((h) => h.id) }));
  assert.deepEqual(bare(actual), bare(expected), label);
  const [a, b] = [scores(actual).flat(), scores(expected).flat()];
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) <= 1e-6 * Math.max(1, Math.abs(x)), `${label}: score ${x} against ${b[i]}`));
}

const find = async (search: IndexedSearch, text: string) =>
  (await search.search({ text, filters: {}, sort: 'relevance', page: 1, pageSize: 5, locale: 'en' })).total;

before(async () => {
  t = await createTestDb();
  await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  dir = mkdtempSync(join(tmpdir(), 'stocktake-snapshot-'));
  path = join(dir, 'search-index.snapshot');
});
after(async () => {
  for (const s of started) s.stop();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the search index snapshot', () => {
  it('is written after the first build and gives back the same answers as a fresh build', async () => {
    const built = await instance();
    assert.equal(built.stats().source, 'build');
    assert.equal(built.stats().snapshotNote, 'no snapshot yet');
    // A change applied after the build lives in the delta segment: it must come back too.
    await importEntries(t.deps, [
      activityLine({ externalId: 'snap-1', translations: { en: { title: 'The qqdeltahub project', summary: 'S.', description: '' } } }),
    ]);
    await built.refresh();
    assert.equal(await find(built, 'qqdeltahub'), 1);
    assert.ok((await built.saveSnapshot())! > 0);

    const loaded = await instance();
    assert.equal(loaded.stats().source, 'snapshot', String(loaded.stats().snapshotNote));
    assert.equal(loaded.stats().documents, built.stats().documents);
    assert.equal(loaded.changeId(), built.changeId());
    assertSame(await answers(loaded), await answers(built), 'loaded against built');
    assert.equal(await find(loaded, 'qqdeltahub'), 1);
  });

  it('replays the changes made after it was written', async () => {
    await importEntries(t.deps, [
      activityLine({ externalId: 'snap-2', translations: { en: { title: 'The qqafterward telecentre', summary: 'S.', description: '' } } }),
      activityLine({ externalId: 'snap-1', state: 'archived', translations: { en: { title: 'The qqdeltahub project', summary: 'S.', description: '' } } }),
    ]);
    const loaded = await instance();
    assert.equal(loaded.stats().source, 'snapshot', String(loaded.stats().snapshotNote));
    assert.equal(await find(loaded, 'qqafterward'), 1, 'published after the snapshot');
    assert.equal(await find(loaded, 'qqdeltahub'), 0, 'archived after the snapshot');
    fresh = createIndexedSearch(t.handle.db, { segmentSize: 70, pollMs: 60_000, worker: false });
    started.push(fresh);
    await fresh.start();
    assertSame(await answers(loaded), await answers(fresh), 'replayed against fresh');
  });

  it('falls back to a full build, with a warning, when the file is truncated, corrupt, of another format or database', async () => {
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 200]! ^= 0xff;
    const cases: Array<[string, Buffer, RegExp, string?]> = [
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), /checksum|truncated/],
      ['a flipped byte', flipped, /checksum/],
      ['another format', Buffer.from(good).fill(99, 8, 9), /format 99/],
      ['not a snapshot', Buffer.from('hello'), /not a search index snapshot/],
      ['another database', good, /another database/, 'elsewhere'],
    ];
    const reference = await answers(fresh);
    for (const [name, bytes, reason, database] of cases) {
      writeFileSync(path, bytes);
      warnings.length = 0;
      const search = await instance(database);
      assert.equal(search.stats().source, 'build', name);
      assert.match(String(search.stats().snapshotNote), reason, name);
      assert.ok(
        warnings.some((w) => reason.test(w)),
        `${name}: logged`,
      );
      assertSame(await answers(search), reference, name);
      // The build wrote a good snapshot again.
      assert.notDeepEqual(readFileSync(path), bytes, name);
    }
  });
});
