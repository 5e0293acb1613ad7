import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { activityLine } from '../../../../test/support/factories';
import { createTestDb, type TestDb } from '../../../../test/support/test-db';
import { FACETS, type Filter } from '../../entries/entry';
import { importEntries } from '../../submissions/jsonl.import';
import { loadDemoIfEmpty } from '../../demo/demo.service';
import { createIndexedSearch, type IndexedSearch } from '../indexed-search';
import type { SearchEngine, SearchRequest } from '../search';
import { createSqlSearch } from '../sql-search';
import { analyseDocument } from '../analyser';

let t: TestDb;
let index: IndexedSearch;
let sqlPath: SearchEngine;
let words: string[] = [];
const filterValues = new Map<Filter, string[]>();

before(async () => {
  t = await createTestDb();
  await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  // Publication over several years (the demo is published at once), some at a New Year that differs by time zone.
  await sql`update entries set published_at = published_at - make_interval(days => (id % 9) * 160) where published_at is not null`.execute(t.handle.db);
  await sql`update entries set published_at = timestamptz '2020-12-31 23:30:00-02' where id % 13 = 0 and published_at is not null`.execute(t.handle.db);
  // Small segments, so that queries cross segment boundaries as they do at 100,000 entries.
  index = createIndexedSearch(t.handle.db, { typos: false, segmentSize: 70, pollMs: 60_000 });
  await index.start();
  sqlPath = createSqlSearch(t.handle.db);
  // Query words drawn from the demo register's own titles, in all six languages.
  const titles = await t.handle.db.selectFrom('entryTranslations').select(['title', 'language']).execute();
  const found = new Set<string>();
  for (const { title } of titles) for (const w of title.split(/[\s,.;:«»"“”()]+/u)) if (w.length >= 3 && !/^\d+$/.test(w)) found.add(w);
  words = [...found].sort();
  const all = await sqlPath.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 1, locale: 'en' });
  for (const f of FACETS)
    filterValues.set(
      f,
      all.facets[f].map((v) => v.value),
    );
});
after(async () => {
  index.stop();
  await t.close();
});

async function compare(req: SearchRequest): Promise<void> {
  // Wider than any result set of the demo register (about 550 entries), so relevance ties at a page edge cannot differ.
  const wide = { ...req, page: 1, pageSize: 2000, publishedYears: true };
  const [a, b] = await Promise.all([index.search(wide), sqlPath.search(wide)]);
  const label = JSON.stringify({ q: req.text, f: req.filters });
  assert.equal(a.total, b.total, `total ${label}`);
  assert.deepEqual(
    a.hits.map((h) => h.id).sort((x, y) => x - y),
    b.hits.map((h) => h.id).sort((x, y) => x - y),
    `matches ${label}`,
  );
  for (const f of FACETS) assert.deepEqual(a.facets[f], b.facets[f], `facet ${f} ${label}`);
  assert.deepEqual(a.publishedYears, b.publishedYears, `years of publication ${label}`);
  assert.equal(
    a.publishedYears!.reduce((n, y) => n + y.count, 0),
    a.total,
    `every published match has one year of publication ${label}`,
  );
  if (req.sort === 'newest' || req.sort === 'published')
    assert.deepEqual(
      a.hits.map((h) => h.id),
      b.hits.map((h) => h.id),
      `newest order ${label}`,
    );
}

describe('the index returns the same matches and facet counts as the SQL path', () => {
  it('for browsing with any combination of filters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...FACETS), { maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), async (facets, picks) => {
        const filters: Partial<Record<Filter, string[]>> = {};
        facets.forEach((f, i) => {
          const values = filterValues.get(f) ?? [];
          if (values.length) filters[f] = [values[picks[i]! % values.length]!, values[(picks[i]! * 7 + 1) % values.length]!];
        });
        await compare({ text: '', filters, sort: 'newest', page: 1, pageSize: 20, locale: 'en' });
        await compare({ text: '', filters, sort: 'published', page: 1, pageSize: 20, locale: 'en' });
      }),
      { numRuns: 40 },
    );
  });
  it('for words, phrases, exclusions and prefixes in every language', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('plain', 'phrase', 'exclude', 'prefix', 'spaced'),
        fc.option(fc.constantFrom(...FACETS), { nil: undefined }),
        fc.nat(),
        async (picks, shape, facet, pick) => {
          const chosen = picks.map((p) => words[p % words.length]!);
          let text = chosen.join(' ');
          if (shape === 'phrase') text = `"${text}"`;
          if (shape === 'exclude' && chosen.length > 1) text = `${chosen.slice(0, -1).join(' ')} -${chosen.at(-1)}`;
          if (shape === 'prefix') text = text.slice(0, Math.max(3, text.length - 2));
          if (shape === 'spaced') text += ' ';
          const filters: Partial<Record<Filter, string[]>> = {};
          const values = facet ? (filterValues.get(facet) ?? []) : [];
          if (facet && values.length) filters[facet] = [values[pick % values.length]!];
          await compare({ text, filters, sort: 'relevance', page: 1, pageSize: 20, locale: 'en' });
        },
      ),
      { numRuns: 150 },
    );
  });
  it('for Chinese and Arabic words inside longer text', async () => {
    for (const text of ['数字', '电子商务', '互联网', 'الإنترنت', 'المدارس', 'مدرسة', 'التعليم الإلكتروني', 'школ', 'écoles', 'educación']) {
      await compare({ text, filters: {}, sort: 'relevance', page: 1, pageSize: 20, locale: 'zh' });
    }
  });
});

describe('the index follows the change log', () => {
  it('shows a new, an updated and an archived activity after a refresh', async () => {
    const word = 'zyxwonderfultelecentre';
    const title = (w: string) => ({ en: { title: `The ${w} project`, summary: 'Summary.', description: '' } });
    await importEntries(t.deps, [activityLine({ externalId: 'live-1', translations: title(word) })]);
    assert.ok(analyseDocument(word, 'en').length === 1);
    const find = async (q: string) => (await index.search({ text: q, filters: {}, sort: 'relevance', page: 1, pageSize: 5, locale: 'en' })).total;
    assert.equal(await find(word), 0, 'not before the change log is read');
    await index.refresh();
    assert.equal(await find(word), 1);

    await importEntries(t.deps, [activityLine({ externalId: 'live-1', translations: title('qqrenamedhub') })]);
    await index.refresh();
    assert.equal(await find(word), 0, 'the old text is gone');
    assert.equal(await find('qqrenamedhub'), 1);

    await importEntries(t.deps, [activityLine({ externalId: 'live-1', state: 'archived', translations: title('qqrenamedhub') })]);
    await index.refresh();
    assert.equal(await find('qqrenamedhub'), 0, 'archived entries leave the index');
    await compare({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 20, locale: 'en' });
    await compare({ text: '', filters: {}, sort: 'published', page: 1, pageSize: 20, locale: 'en' });
  });
});

describe('the index polls only what is new', () => {
  it('applies nothing on idle polls, even with a change log longer than its re-read window', async () => {
    // Old changes (an hour ago) beyond the window of the last thousand ids, as a register of 100,000 entries has.
    const ids = (await t.handle.db.selectFrom('entries').select('id').where('state', '=', 'published').limit(50).execute()).map((r) => r.id);
    const rows = Array.from({ length: 1_500 }, (_, i) => ({ entity: 'entry', entityId: ids[i % ids.length]!, changedAt: new Date(Date.now() - 3_600_000) }));
    await t.handle.db.insertInto('searchChanges').values(rows).execute();
    const fresh = createIndexedSearch(t.handle.db, { typos: false, pollMs: 60_000 });
    await fresh.start();
    try {
      const applied = fresh.snapshot!();
      for (let i = 0; i < 3; i++) assert.equal(await fresh.refresh(), 0, `poll ${i + 1} found nothing new`);
      assert.equal(fresh.snapshot!(), applied, 'no batch of changes was applied again');
    } finally {
      fresh.stop();
    }
  });
});
