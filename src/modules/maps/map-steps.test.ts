import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_STEPS, mapSteps, niceCeil, stepOf } from './map-steps';

/** Steps must be contiguous from 1 to the largest count, increasing, and at most MAX_STEPS. */
function assertWellFormed(counts: number[]) {
  const steps = mapSteps(counts);
  const max = Math.max(0, ...counts);
  if (max === 0) return assert.deepEqual(steps, []);
  assert.ok(steps.length >= 1 && steps.length <= MAX_STEPS, `${steps.length} steps for ${counts.length} counts`);
  assert.equal(steps[0]!.from, 1);
  assert.equal(steps.at(-1)!.to, max);
  steps.forEach((s, i) => {
    assert.ok(s.from <= s.to, JSON.stringify(s));
    if (i) assert.equal(s.from, steps[i - 1]!.to + 1, 'contiguous');
  });
  for (const n of counts) if (n > 0) assert.ok(stepOf(n, steps) >= 1, `${n} falls in a step`);
}

describe('map steps', () => {
  it('gives each of a few distinct counts its own step', () => {
    assert.deepEqual(mapSteps([3, 1, 2, 2]), [
      { from: 1, to: 1 },
      { from: 2, to: 2 },
      { from: 3, to: 3 },
    ]);
    assert.deepEqual(mapSteps([4, 10]), [
      { from: 1, to: 4 },
      { from: 5, to: 10 },
    ]);
  });

  it('rounds the bounds of many counts up to nice numbers, spread over the distinct counts', () => {
    const demo = [63, 34, 27, 23, 22, 17, 16, 15, 13, 12, 10, 9, 8, 7, 6, 6, 5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1];
    assert.deepEqual(mapSteps(demo), [
      { from: 1, to: 4 },
      { from: 5, to: 8 },
      { from: 9, to: 20 },
      { from: 21, to: 25 },
      { from: 26, to: 63 },
    ]);
    assert.deepEqual(
      mapSteps([1000, 2000, 5000, 9000, 12000, 40000]).map((s) => s.to),
      [1000, 2000, 5000, 10000, 40000],
    );
  });

  it('has no step for nothing, and ignores zeros, negatives and non-numbers', () => {
    assert.deepEqual(mapSteps([]), []);
    assert.deepEqual(mapSteps([0, 0, -3, Number.NaN]), []);
    assert.deepEqual(mapSteps([0, 5]), [{ from: 1, to: 5 }]);
  });

  it('is well formed for any counts', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let run = 0; run < 300; run++) {
      const n = Math.floor(random() * 60);
      const scale = 10 ** Math.floor(random() * 5);
      assertWellFormed(Array.from({ length: n }, () => Math.floor(random() * random() * scale)));
    }
  });

  it('puts a count in its step, and zero in none', () => {
    const steps = mapSteps([1, 5, 9, 20, 50, 120, 300]);
    assert.equal(stepOf(0, steps), 0);
    assert.equal(stepOf(1, steps), 1);
    assert.equal(stepOf(300, steps), steps.length);
    assert.equal(stepOf(301, steps), 0, 'beyond the steps: none');
    const at = (n: number) => steps[stepOf(n, steps) - 1]!;
    for (const n of [1, 5, 9, 20, 50, 120, 300]) assert.ok(at(n).from <= n && n <= at(n).to);
  });

  it('rounds up to 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.deepEqual([1, 7, 10, 11, 13, 21, 26, 51, 101, 240, 251, 999].map(niceCeil), [1, 7, 10, 20, 20, 25, 50, 100, 200, 250, 500, 1000]);
  });
});
