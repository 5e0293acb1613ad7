import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Filter } from '../../entries/entry';
import type { SearchRequest } from '../search';
import { buildSearchDocument } from '../tsvector';
import { MemoryIndex } from './memory-index';
import { Segment, type IndexDoc } from './segment';
import { decodeSnapshot, encodeSnapshot, SnapshotError, type SnapshotMeta } from './snapshot';

const WORDS = [
  'digital',
  'skills',
  'internet',
  'access',
  'schools',
  'women',
  'rural',
  'health',
  'data',
  'policy',
  'écoles',
  'santé',
  'школа',
  'الإنترنت',
  '数字经济',
];
const LANGUAGES = ['en', 'fr', 'ru', 'ar', 'zh'] as const;

/** Documents with every part the index keeps: terms in several scripts, titles in several languages, facets, dates. */
function docs(from: number, count: number): IndexDoc[] {
  return Array.from({ length: count }, (_, k) => {
    const id = from + k;
    const pick = (n: number) => WORDS[(id * 7 + n * 13) % WORDS.length]!;
    const language = LANGUAGES[id % LANGUAGES.length]!;
    const title = `${pick(1)} ${pick(2)} ${id}`;
    const terms = buildSearchDocument([
      { text: title, locale: 'en', weight: 'A' },
      { text: `${pick(3)} ${pick(4)} ${pick(5)} ${pick(1)}`, locale: language, weight: 'B' },
    ]).terms;
    const facets: Array<[Filter, string]> = [
      ['sdg', String((id % 17) + 1)],
      ['actionLine', `c${(id % 11) + 1}`],
    ];
    if (id % 3 === 0) facets.push(['country', ['KE', 'FR', 'CN'][id % 3 === 0 ? (id / 3) % 3 : 0]!]);
    return {
      id,
      terms,
      startDate: id % 4 === 0 ? null : `20${10 + (id % 15)}-0${(id % 9) + 1}-15`,
      confirmedAt: id % 5 === 0 ? null : new Date(Date.UTC(2020, id % 12, (id % 27) + 1)).toISOString(),
      publishedAt: id % 6 === 0 ? null : new Date(Date.UTC(2021, id % 12, (id % 27) + 1, id % 24)).toISOString(),
      originalLanguage: language,
      titles: id % 2 ? { [language]: title, en: `${title} (en)` } : { [language]: title },
      facets,
    };
  });
}

function requests(): SearchRequest[] {
  const base: SearchRequest = { text: '', filters: {}, sort: 'relevance', page: 1, pageSize: 40, locale: 'en' };
  return [
    ...['digital', 'internet access', '"digital skills"', 'dig', 'school', 'santé', 'школа', 'الإنترنت', '数字', 'women -rural', 'digitel'].map((text) => ({
      ...base,
      text,
    })),
    ...(['newest', 'title', 'published'] as const).flatMap((sort) => (['en', 'fr', 'zh'] as const).map((locale) => ({ ...base, sort, locale }))),
    { ...base, text: 'data', filters: { sdg: ['3', '4'], country: ['KE'] } },
    { ...base, filters: { actionLine: ['c7'] }, sort: 'newest', page: 2, pageSize: 5 },
  ];
}

const meta: SnapshotMeta = { changeId: 42, seen: [41, 42], takenAt: 1_700_000_000_000, documents: 0, database: 'test' };

/** An index of three segments, a delta, and a few superseded entries: every kind of state a snapshot holds. */
function builtIndex(): MemoryIndex {
  const index = new MemoryIndex();
  index.addBuiltSegment(new Segment(docs(1, 120)));
  index.addBuiltSegment(new Segment(docs(121, 90)));
  index.finishBuild();
  // Changes after the build: some replaced (into the delta), one removed.
  index.apply([...docs(5, 3), ...docs(300, 4)].map((doc) => ({ id: doc.id, doc: { ...doc, terms: `${doc.terms} qqreplaced` } })));
  index.apply([{ id: 50, doc: null }]);
  return index;
}

function reload(index: MemoryIndex): MemoryIndex {
  const file = Buffer.concat(encodeSnapshot(meta, index.exportState()));
  const decoded = decodeSnapshot(file);
  assert.deepEqual(decoded.meta, meta);
  const loaded = new MemoryIndex();
  loaded.restoreState(decoded.state);
  return loaded;
}

describe('the index snapshot format', () => {
  it('gives back an index that answers every request exactly as the one it was taken from', () => {
    const index = builtIndex();
    const loaded = reload(index);
    assert.equal(loaded.documentCount, index.documentCount);
    for (const request of requests()) {
      const [a, b] = [loaded.search(request), index.search(request)];
      assert.deepEqual({ ...a, hits: a.hits.map((h) => h.id) }, { ...b, hits: b.hits.map((h) => h.id) }, JSON.stringify(request));
      a.hits.forEach((h, i) => assert.ok(Math.abs(h.score - b.hits[i]!.score) <= 1e-6 * Math.max(1, Math.abs(h.score)), JSON.stringify(request)));
      if (['digital', 'santé', 'школа', 'الإنترنت', '数字', 'digitel', ''].includes(request.text))
        assert.ok(a.total > 0, `${JSON.stringify(request)} finds something`);
    }
    assert.equal(loaded.search({ ...requests()[0]!, text: 'qqreplaced' }).total, 7, 'the delta came back');
  });

  it('is stable: a loaded index written again gives the same bytes, and changes apply to it as to the original', () => {
    const index = builtIndex();
    const loaded = reload(index);
    const again = reload(loaded);
    assert.deepEqual(Buffer.concat(encodeSnapshot(meta, again.exportState())), Buffer.concat(encodeSnapshot(meta, loaded.exportState())));
    // A change made after the snapshot, applied to both: the loaded one's shared dictionary must not hide new terms.
    const change = docs(7, 1).map((d) => ({ id: d.id, doc: { ...d, terms: `${d.terms} qqafterwards` } }));
    index.apply(change);
    loaded.apply(change);
    for (const request of [...requests(), { ...requests()[0]!, text: 'qqafterwards' }]) {
      assert.deepEqual(
        loaded.search(request).hits.map((h) => h.id),
        index.search(request).hits.map((h) => h.id),
      );
    }
    assert.equal(loaded.search({ ...requests()[0]!, text: 'qqafterwards' }).total, 1);
  });

  it('gives typed arrays back as aligned views of the file, and refuses a damaged file', () => {
    const file = Buffer.concat(encodeSnapshot(meta, builtIndex().exportState()));
    const { state } = decodeSnapshot(file);
    const postings = state.segments[0]!.postDoc;
    assert.equal(postings.buffer, file.buffer, 'no copy');
    assert.equal(postings.byteOffset % 4, 0);
    const flipped = Buffer.from(file);
    flipped[flipped.length - 100]! ^= 0x01;
    assert.throws(
      () => decodeSnapshot(flipped),
      (e: unknown) => e instanceof SnapshotError && /checksum/.test(e.message),
    );
    assert.throws(() => decodeSnapshot(file.subarray(0, file.length - 8)), SnapshotError);
    assert.throws(() => decodeSnapshot(Buffer.from(file).fill(1, 8, 9)), /format/);
  });
});
