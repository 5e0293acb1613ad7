import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { parseSearchParams, queryObject } from './query-params';

const schema = z.object({ q: z.string().default(''), page: z.coerce.number().int().min(1).default(1), tag: z.array(z.string()).default([]) }).strict();

describe('queryObject', () => {
  const query = queryObject(schema, ['tag']);

  it('collects every value of a list key, drops blank ones, and makes values NFC', () => {
    assert.deepEqual(query.parse({ tag: ['e\u0301', '', 'b'], q: 'Cafe\u0301' }), { q: 'Café', page: 1, tag: ['é', 'b'] });
    assert.deepEqual(query.parse({ tag: 'one' }), { q: '', page: 1, tag: ['one'] }, 'a single value of a list key is a list of one');
  });

  it('takes an empty single value as not given, except the search text', () => {
    assert.deepEqual(query.parse({ page: '', q: '' }), { q: '', page: 1, tag: [] });
  });

  it('refuses a single key given twice as repeated, beside the other problems', () => {
    const parsed = query.safeParse({ page: ['1', '2'], q: ['a', 'b'], colour: 'blue' });
    assert.ok(!parsed.success);
    assert.deepEqual(
      parsed.error.issues.map((i) => [i.path.join('.') || (i as { keys?: string[] }).keys?.join(), i.code === 'custom' ? i.message : i.code]),
      [
        ['q', 'repeated'],
        ['page', 'repeated'],
        ['colour', 'unrecognized_keys'],
      ],
    );
  });
});

describe('parseSearchParams', () => {
  it('reads the declared URL parameters by the same rules, naming each bad one', () => {
    assert.deepEqual(parseSearchParams(new URLSearchParams('tag=a&tag=b&page=2'), schema, ['tag']), { q: '', page: 2, tag: ['a', 'b'] });
    assert.throws(
      () => parseSearchParams(new URLSearchParams('page=1&page=2&page=x'), schema, ['tag']),
      (e: unknown) => e instanceof AppError && JSON.stringify(e.details) === JSON.stringify([{ field: 'page', code: 'repeated' }]),
    );
    assert.throws(
      () => parseSearchParams(new URLSearchParams('page=0&utm_source=x'), schema, []),
      (e: unknown) => e instanceof AppError && e.details.length === 1 && e.details[0]?.field === 'page',
      'a malformed declared key is still refused',
    );
  });

  it('ignores keys the schema does not declare (tracking, typos, anything a site appended)', () => {
    const read = (query: string) => parseSearchParams(new URLSearchParams(query), schema, ['tag']);
    assert.deepEqual(read('page=3&page2=x&utm_source=n&fbclid=f&colour=blue&colour=red'), { q: '', page: 3, tag: [] });
    assert.deepEqual(read('toString=1&__proto__=2&constructor=3'), { q: '', page: 1, tag: [] }, 'keys named like object members are not declared');
  });
});
