import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Bitset } from './bitset';
import { TopK } from './heap';

describe('Bitset', () => {
  it('agrees with a Set on add, and, or, andNot, counts and iteration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { maxLength: 80 }), fc.array(fc.nat(), { maxLength: 80 }), (size, xs, ys) => {
        const a = new Bitset(size);
        const b = new Bitset(size);
        const sa = new Set(xs.map((x) => x % size));
        const sb = new Set(ys.map((y) => y % size));
        sa.forEach((x) => a.add(x));
        sb.forEach((y) => b.add(y));
        const members = (set: Bitset) => {
          const out: number[] = [];
          set.forEach((i) => out.push(i));
          return out;
        };
        const sorted = (s: Set<number>) => [...s].sort((p, q) => p - q);
        assert.deepEqual(members(a), sorted(sa));
        assert.equal(a.andCount(b), [...sa].filter((x) => sb.has(x)).length);
        assert.deepEqual(members(a.clone().andInPlace(b)), sorted(new Set([...sa].filter((x) => sb.has(x)))));
        assert.deepEqual(members(a.clone().orInPlace(b)), sorted(new Set([...sa, ...sb])));
        assert.deepEqual(members(a.clone().andNotInPlace(b)), sorted(new Set([...sa].filter((x) => !sb.has(x)))));
        assert.equal(Bitset.full(size).count(), size);
        assert.equal(a.isEmpty(), sa.size === 0);
      }),
    );
  });
});

describe('TopK', () => {
  it('keeps the k largest keys, ties broken by the larger id, best first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.nat(1000)), { maxLength: 60 }), (k, items) => {
        const top = new TopK(k);
        const unique = [...new Map(items.map(([key, id]) => [id, key])).entries()].map(([id, key]) => ({ key, id }));
        for (const { key, id } of unique) if (key >= top.threshold()) top.push(key, id, id);
        const expected = [...unique].sort((a, b) => b.key - a.key || b.id - a.id).slice(0, k);
        assert.deepEqual(
          top.sorted().map((h) => [h.key, h.id]),
          expected.map((e) => [e.key, e.id]),
        );
      }),
    );
  });
});
