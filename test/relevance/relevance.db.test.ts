import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { createIndexedSearch, type IndexedSearch } from '../../src/modules/search/indexed-search';
import type { SearchEngine } from '../../src/modules/search/search';
import { createSqlSearch } from '../../src/modules/search/sql-search';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The relevance suite: a fixed corpus written for it (test/fixtures/relevance/corpus.jsonl) and
 * queries with their expected first hit and expected members of the top 10. Every query runs on the
 * in-process index; those not marked indexOnly (typos) run on the SQL path too.
 */
interface RelevanceQuery {
  q: string;
  why: string;
  first?: string;
  top10?: string[];
  absent?: string[];
  filters?: Record<string, string[]>;
  indexOnly?: boolean;
}

const fixtures = new URL('../fixtures/relevance/', import.meta.url);
const corpus = readFileSync(new URL('corpus.jsonl', fixtures), 'utf8').split('\n');
const queries = JSON.parse(readFileSync(new URL('queries.json', fixtures), 'utf8')) as RelevanceQuery[];

let t: TestDb;
let indexed: IndexedSearch;
let sqlPath: SearchEngine;
const externalIds = new Map<number, string>();

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, corpus);
  assert.deepEqual(report.errors, []);
  for (const r of await t.handle.db.selectFrom('entries').select(['id', 'externalId']).execute()) externalIds.set(r.id, r.externalId ?? '');
  indexed = createIndexedSearch(t.handle.db);
  await indexed.start();
  sqlPath = createSqlSearch(t.handle.db);
});
after(async () => {
  indexed.stop();
  await t.close();
});

async function top10(engine: SearchEngine, query: RelevanceQuery): Promise<string[]> {
  const result = await engine.search({ text: query.q, filters: query.filters ?? {}, sort: 'relevance', page: 1, pageSize: 10, locale: 'en' });
  return result.hits.map((h) => externalIds.get(h.id) ?? String(h.id));
}

function check(ids: string[], query: RelevanceQuery, path: string): void {
  const where = `${path}: "${query.q}" (${query.why}) → ${ids.join(', ') || 'nothing'}`;
  if (query.first) assert.equal(ids[0], query.first, where);
  for (const id of query.top10 ?? []) assert.ok(ids.includes(id), `${id} missing — ${where}`);
  for (const id of query.absent ?? []) assert.ok(!ids.includes(id), `${id} should be absent — ${where}`);
}

describe('relevance', () => {
  it('has at least 60 queries over the six languages', () => {
    assert.ok(queries.length >= 60, `${queries.length}`);
  });
  for (const query of queries) {
    it(`${query.q} — ${query.why}`, async () => {
      check(await top10(indexed, query), query, 'index');
      if (!query.indexOnly) check(await top10(sqlPath, query), query, 'sql');
    });
  }
});
