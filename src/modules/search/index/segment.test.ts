import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Filter } from '../../entries/entry';
import { buildSearchDocument } from '../tsvector';
import { Bitset } from './bitset';
import { Segment, type IndexDoc } from './segment';

const WORDS = ['digital', 'skills', 'internet', 'access', 'rural', 'women', 'data', 'policy'];
const COUNTRIES = ['KE', 'FR', 'CN', 'BR', 'IN', 'PE', 'SN'];

/** Documents whose words and facets follow their id, with repeated words (several positions per term). */
function docs(count: number): IndexDoc[] {
  return Array.from({ length: count }, (_, id) => {
    const pick = (n: number) => WORDS[(id * 7 + n * 13 + ((id >> 3) % 5)) % WORDS.length]!;
    const text = Array.from({ length: 6 + (id % 5) }, (_, n) => pick(n)).join(' ');
    const facets: Array<[Filter, string]> = [
      ['sdg', String((id % 17) + 1)],
      ['actionLine', `c${(id % 11) + 1}`],
      ['status', id % 4 ? 'ongoing' : 'completed'],
    ];
    if (id % 3 === 0) facets.push(['country', COUNTRIES[(id / 3) % COUNTRIES.length]!]);
    if (id % 10 === 1 && id % 3 !== 0) facets.push(['country', 'KE']);
    return {
      id: id + 1,
      terms: buildSearchDocument([{ text, locale: 'en', weight: 'B' }]).terms,
      startDate: null,
      confirmedAt: null,
      publishedAt: null,
      originalLanguage: 'en',
      titles: { en: `entry ${id}` },
      facets,
    };
  });
}

/** What countValues should give: per value number, the members of `base` holding it, for the facets wanted. */
function expectedCounts(segment: Segment, input: IndexDoc[], base: Bitset, wanted: (f: Filter) => boolean): number[] {
  const out = new Array<number>(segment.values.length).fill(0);
  base.forEach((d) => {
    for (const [facet, value] of input[d]!.facets) {
      if (!wanted(facet)) continue;
      const v = segment.values.findIndex((e) => e.facet === facet && e.value === value);
      out[v]! += 1;
    }
  });
  return out;
}

describe('Segment.countValues', () => {
  it('counts every value over any subset of the live documents, whichever way it walks, before and after documents are retired', () => {
    const input = docs(700);
    fc.assert(
      fc.property(
        // Retired documents, then a base as a density (small, broad, everything) and a seed.
        fc.array(fc.nat(699), { maxLength: 40 }),
        fc.constantFrom(0.01, 0.3, 0.6, 0.97, 1),
        fc.nat(1000),
        fc.boolean(),
        (retired, density, seed, onlyCountry) => {
          const segment = new Segment(input);
          const wanted = onlyCountry ? (f: Filter) => f === 'country' : (f: Filter) => f !== 'status';
          // A first count fills the live tally, which retiring must then drop.
          segment.countValues(segment.alive.clone(), segment.alive.count(), wanted, new Int32Array(segment.values.length));
          for (const d of retired) segment.retire(d);
          const base = new Bitset(segment.size);
          segment.alive.forEach((d) => {
            if (((d * 2_654_435_761 + seed) >>> 0) % 1000 < density * 1000) base.add(d);
          });
          const acc = new Int32Array(segment.values.length);
          segment.countValues(base, base.count(), wanted, acc);
          assert.deepEqual([...acc], expectedCounts(segment, input, base, wanted));
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe('Segment.phraseMatches', () => {
  it('keeps exactly the candidates holding the slots at consecutive positions, any term of a slot standing for it', () => {
    const input = docs(400);
    const segment = new Segment(input);
    const terms = [...segment.terms.keys()];
    /** The same question answered one document at a time through positionsOf. */
    const reference = (candidates: Bitset, slots: string[][]) => {
      const out: number[] = [];
      candidates.forEach((d) => {
        const lists = slots.map((slot) => new Set(slot.flatMap((t) => [...(segment.positionsOf(t, d) ?? [])])));
        if ([...lists[0]!].some((start) => lists.every((set, i) => set.has(start + i)))) out.push(d);
      });
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...terms, 'absent'), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        fc.nat(7),
        (slots, skip) => {
          const candidates = new Bitset(segment.size);
          for (let d = 0; d < segment.size; d++) if (d % 8 !== skip) candidates.add(d);
          const found: number[] = [];
          segment.phraseMatches(candidates, slots).forEach((d) => found.push(d));
          assert.deepEqual(found, reference(candidates, slots));
        },
      ),
      { numRuns: 200 },
    );
  });
});
