import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseDocument, analyseQueryText, analyseWord, foldArabic, forEachWordSegment, tokenise } from './analyser';
import { parseQuery } from './query';
import { buildSearchVector, buildTsQuery } from './tsvector';

const matches = (query: string, doc: string, locale: Parameters<typeof analyseDocument>[1]) => {
  const terms = new Set(analyseDocument(doc, locale));
  return analyseQueryText(query).every((w) => (w.kind === 'all' ? w.variants.every((v) => terms.has(v)) : w.variants.some((v) => terms.has(v))));
};

describe('analyser', () => {
  it('stems plural and inflected forms to the same term', () => {
    assert.ok(matches('school', 'Connecting schools', 'en'));
    assert.ok(matches('écoles', "L'école numérique", 'fr'));
    assert.ok(matches('ecole', 'Les écoles rurales', 'fr'), 'accents folded for French');
    assert.ok(matches('escuela', 'Escuelas conectadas', 'es'));
    assert.ok(matches('школа', 'подключение школ к интернету', 'ru'));
    assert.ok(matches('школами', 'Школы', 'ru'));
  });
  it('folds Arabic diacritics, tatweel, alef variants and the article', () => {
    assert.equal(foldArabic('مَدْرَسَة'), 'مدرسه');
    assert.equal(foldArabic('إنترنـــت'), 'انترنت');
    assert.ok(matches('المدارس', 'مدارس ريفية', 'ar'));
    assert.ok(matches('مدارس', 'المَدَارِس الريفية', 'ar'));
    assert.ok(matches('الإنترنت', 'ربط بالانترنت', 'ar'));
  });
  it('indexes Han text as bigrams so a word inside a longer run is found', () => {
    assert.ok(matches('电子商务', '农村电子商务服务站', 'zh'));
    assert.ok(matches('服务', '农村电子商务服务站', 'zh'));
    assert.ok(!matches('服商', '农村电子商务服务站', 'zh'));
  });
  it('drops stop words but never empties a query', () => {
    assert.deepEqual(analyseDocument('the role of the state', 'en'), ['role', 'state']);
    // Decided for the whole query: a stop word inside a query is dropped, a query of nothing else kept.
    assert.equal(parseQuery('the of').must.length, 2);
    assert.equal(parseQuery('mobile money in Kenya').must.length, 3);
    assert.equal(parseQuery('школы в Якутии').must.length, 2);
  });
  it('restores accents people leave out, and drops possessive endings', () => {
    assert.ok(matches('educacion', 'Educación digital', 'es'));
    assert.ok(matches('cybersecurite', 'La cybersécurité des écoles', 'fr'));
    assert.ok(matches("farmer's", 'Markets for farmers', 'en'));
  });
  it('removes invisible and bidi control characters instead of splitting words', () => {
    assert.deepEqual(tokenise('e\u200Bhealth \u202Eevil\u202C', 'en'), ['e', 'health', 'evil']);
    assert.deepEqual(tokenise("l'accès d’information", 'fr'), ['accès', 'information']);
  });
});

describe('query syntax and SQL literals', () => {
  it('reads phrases, exclusions and unbalanced quotes', () => {
    const q = parseQuery('"digital skills" -youth women "open');
    assert.equal(q.must.length, 3);
    assert.equal(q.must[0]?.kind, 'phrase');
    assert.equal(q.not.length, 1);
    assert.equal(buildTsQuery(parseQuery('')), null);
  });
  it('caps the number of words', () => {
    const q = parseQuery(Array.from({ length: 500 }, (_, i) => `word${i}`).join(' '));
    assert.equal(q.must.length, 32);
  });
  it('quotes lexemes so no input can break the tsquery or tsvector literal', () => {
    const vector = buildSearchVector([{ text: "O'Brien \\ back", locale: 'en', weight: 'A' }]);
    assert.ok(!vector.includes("O'B"));
    const tsq = buildTsQuery(parseQuery("it's \\ ) ( & | ! :*"));
    assert.ok(tsq === null || !/[^'][&|!]\s*$/.test(tsq));
  });
});

describe('memoised display analysis', () => {
  it('segments a text as Intl.Segmenter does, the first time and from the memo', () => {
    const text = "L'école « numérique », e-health & U.S. 数字经济 don't";
    const expected = [...new Intl.Segmenter('fr', { granularity: 'word' }).segment(text)].map((s) => [s.segment, s.isWordLike]);
    for (let round = 0; round < 2; round++) {
      const seen: Array<[string, boolean | undefined]> = [];
      forEachWordSegment(text, 'fr', (segment, isWordLike) => seen.push([segment, isWordLike]));
      assert.deepEqual(seen, expected);
    }
  });
  it('gives a word the terms analyseDocument gives it', () => {
    for (const word of ['Connectivity', 'écoles', 'الإنترنت', '数字', 'the']) {
      assert.deepEqual(analyseWord(word, 'en'), analyseDocument(word, 'en'));
      assert.deepEqual(analyseWord(word, 'en'), analyseDocument(word, 'en'));
    }
  });
});
