import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { activityLine } from '../../../test/support/factories';
import { FACETS, type Filter } from '../entries/entry';
import { searchScope } from '../entries/entries.service';
import { importEntries } from '../submissions/jsonl.import';
import { loadDemoIfEmpty } from '../demo/demo.service';
import { createIndexedSearch, type IndexedSearch } from '../search/indexed-search';
import type { SearchEngine, SearchRequest, SearchResult } from '../search/search';
import { createSqlSearch } from '../search/sql-search';
import { actionLinesForSdg, goalsForActionLine } from './crosswalk';

let t: TestDb;
let index: IndexedSearch;
let sqlPath: SearchEngine;
const values = new Map<Filter, string[]>();

before(async () => {
  t = await createTestDb();
  await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  // Two entries that only the crosswalk connects: one tagged with e-health alone, one with target 4.4 alone.
  await importEntries(t.deps, [
    activityLine({ externalId: 'cw-health', actionLines: ['c7-e-health'], sdgs: [] }),
    activityLine({ externalId: 'cw-skills', actionLines: [], sdgs: ['4.4'] }),
  ]);
  index = createIndexedSearch(t.handle.db, { typos: false, segmentSize: 70, pollMs: 60_000 });
  await index.start();
  sqlPath = createSqlSearch(t.handle.db);
  const all = await sqlPath.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 1, locale: 'en' });
  for (const f of ['actionLine', 'sdg', 'country', 'kind'] as const)
    values.set(
      f,
      all.facets[f].map((v) => v.value),
    );
  values.set('target', ['3.8', '4.4', '9.c', '16.10', '2.3', '9.2']);
});
after(async () => {
  index.stop();
  await t.close();
});

const request = (query: Partial<Record<Filter, string[]>> & { crosswalk?: '0' | '1' }, text = ''): SearchRequest => ({
  text,
  ...searchScope(query, t.deps.taxonomy),
  sort: 'newest',
  page: 1,
  pageSize: 2000,
  locale: 'en',
});

async function both(req: SearchRequest): Promise<SearchResult> {
  const [a, b] = await Promise.all([index.search(req), sqlPath.search(req)]);
  const label = JSON.stringify({ f: req.filters, also: req.alsoMatch });
  assert.equal(a.total, b.total, `total ${label}`);
  assert.deepEqual(
    a.hits.map((h) => h.id),
    b.hits.map((h) => h.id),
    `matches ${label}`,
  );
  for (const f of FACETS) assert.deepEqual(a.facets[f], b.facets[f], `facet ${f} ${label}`);
  return b;
}

const idOf = async (externalId: string) =>
  (await t.handle.db.selectFrom('entries').select('id').where('externalId', '=', externalId).executeTakeFirstOrThrow()).id;

describe('search through the crosswalk', () => {
  it('is off by default: the scope of a query without the option has no widening', () => {
    assert.deepEqual(searchScope({ sdg: ['3'] }, t.deps.taxonomy), { filters: { sdg: ['3'] } });
    assert.deepEqual(searchScope({ sdg: ['3'], crosswalk: '0' }, t.deps.taxonomy), { filters: { sdg: ['3'] } });
    assert.deepEqual(searchScope({ sdg: ['3'], crosswalk: '1' }, t.deps.taxonomy).alsoMatch, { sdg: { actionLine: ['c7-e-health'] } });
  });

  it('finds entries tagged only with a linked action line (goal filter) or a linked goal (action-line filter)', async () => {
    const health = await idOf('cw-health');
    const skills = await idOf('cw-skills');
    const ids = async (q: Parameters<typeof request>[0]) => (await both(request(q))).hits.map((h) => h.id);
    assert.ok(!(await ids({ sdg: ['3'] })).includes(health));
    assert.ok((await ids({ sdg: ['3'], crosswalk: '1' })).includes(health));
    assert.ok(!(await ids({ target: ['3.8'] })).includes(health));
    assert.ok((await ids({ target: ['3.8'], crosswalk: '1' })).includes(health));
    assert.ok(!(await ids({ target: ['3.1'], crosswalk: '1' })).includes(health), 'a target e-health is not linked to');
    assert.ok(!(await ids({ actionLine: ['c4'] })).includes(skills));
    assert.ok((await ids({ actionLine: ['c4'], crosswalk: '1' })).includes(skills));
    assert.ok((await ids({ actionLine: ['c7'], crosswalk: '1' })).includes(skills), 'C7 counts its sub-lines’ goals');
    assert.ok(!(await ids({ actionLine: ['c9'], crosswalk: '1' })).includes(health));
  });

  it('gives the same matches and facet counts on both paths, option on and off, and on widens what off finds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Filter>('actionLine', 'sdg', 'target', 'country', 'kind'), { minLength: 1, maxLength: 3 }),
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.constantFrom('', 'digital', 'health'),
        async (facets, picks, text) => {
          const filters: Partial<Record<Filter, string[]>> = {};
          facets.forEach((f, i) => {
            const vs = values.get(f) ?? [];
            if (vs.length) filters[f] = [...new Set([vs[picks[i]! % vs.length]!, vs[(picks[i]! * 7 + 1) % vs.length]!])];
          });
          const off = await both(request(filters, text));
          const on = await both(request({ ...filters, crosswalk: '1' }, text));
          const onIds = new Set(on.hits.map((h) => h.id));
          for (const h of off.hits) assert.ok(onIds.has(h.id), 'the option only adds');
          // Without a filter the crosswalk knows, the option changes nothing.
          if (!filters.sdg && !filters.target && !filters.actionLine) assert.deepEqual(on, off);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('counts facets disjunctively over the widened group: the sdg counts ignore the sdg group, the action-line counts see it', async () => {
    const on = await both(request({ sdg: ['3'], crosswalk: '1' }));
    const everything = await both(request({}));
    assert.deepEqual(on.facets.sdg, everything.facets.sdg);
    const lines = new Map(on.facets.actionLine.map((v) => [v.value, v.count]));
    assert.ok((lines.get('c7-e-health') ?? 0) > 0);
    assert.ok(actionLinesForSdg('3').includes('c7-e-health') && goalsForActionLine('c7-e-health').includes('3'));
  });
});
