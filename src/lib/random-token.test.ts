import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomToken } from './random-token';

describe('random tokens', () => {
  it('are base64url of the bytes asked for, and never repeat across several pools', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const token = randomToken(24);
      assert.match(token, /^[A-Za-z0-9_-]{32}$/);
      assert.ok(!seen.has(token), `token ${i} repeats an earlier one`);
      seen.add(token);
    }
    assert.equal(Buffer.from(randomToken(5), 'base64url').length, 5);
  });

  it('refuses a size outside 1 to 4096 bytes', () => {
    for (const n of [0, -1, 1.5, 4097]) assert.throws(() => randomToken(n), RangeError);
  });
});
