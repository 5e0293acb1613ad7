import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lru } from './lru';

describe('Lru', () => {
  it('keeps the most recently used entries, reads counting as use', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1);
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined, 'the least recently used went');
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.equal(lru.size, 2);
    lru.clear();
    assert.equal(lru.size, 0);
  });
});
