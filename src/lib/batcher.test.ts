import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batcher, NEXT_BATCH } from './batcher';

describe('Batcher', () => {
  it('runs the items asked for together as one batch, each caller getting its own answer', async () => {
    const runs: number[][] = [];
    const b = new Batcher(async (xs: number[]) => {
      runs.push(xs);
      return xs.map((x) => x * 10);
    });
    assert.deepEqual(await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x))), [10, 20, 30, 40, 50]);
    assert.deepEqual(runs, [[1, 2, 3, 4, 5]]);
  });

  it('gathers what arrives while a batch runs into the next one; one batch at a time', async () => {
    const runs: number[][] = [];
    let running = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = new Batcher(async (xs: number[]) => {
      running += 1;
      assert.equal(running, 1);
      runs.push(xs);
      if (runs.length === 1) await gate;
      running -= 1;
      return xs;
    });
    const first = b.submit(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((x) => b.submit(x));
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(await Promise.all([first, ...later]), [1, 2, 3, 4]);
    assert.deepEqual(runs, [[1], [2, 3, 4]]);
  });

  it('keeps items with the same key in separate batches, in order, and bounds a batch', async () => {
    const runs: string[][] = [];
    const b = new Batcher(
      async (xs: string[]) => {
        runs.push(xs);
        return xs;
      },
      { key: (x) => x[0], max: 3 },
    );
    await Promise.all(['a1', 'b1', 'a2', 'c1', 'd1', 'a3'].map((x) => b.submit(x)));
    assert.deepEqual(runs, [['a1', 'b1', 'c1'], ['a2', 'd1'], ['a3']]);
  });

  it('when a batch fails, retries each item alone so an error reaches only its caller', async () => {
    const b = new Batcher(async (xs: number[]) => {
      if (xs.includes(13)) throw new Error(`unlucky ${xs.length}`);
      return xs;
    });
    const answers = await Promise.allSettled([1, 13, 2].map((x) => b.submit(x)));
    assert.deepEqual(
      answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as Error).message)),
      [1, 'unlucky 1', 2],
    );
  });

  it('an item answered NEXT_BATCH goes first into the next batch', async () => {
    const runs: string[][] = [];
    const b = new Batcher(async (xs: string[]) => {
      runs.push(xs);
      const seen = new Set<string>();
      return xs.map((x) => (seen.has(x[0]!) ? NEXT_BATCH : (seen.add(x[0]!), x)));
    });
    assert.deepEqual(await Promise.all(['a1', 'b1', 'a2', 'a3'].map((x) => b.submit(x))), ['a1', 'b1', 'a2', 'a3']);
    assert.deepEqual(runs, [['a1', 'b1', 'a2', 'a3'], ['a2', 'a3'], ['a3']]);
  });
});
