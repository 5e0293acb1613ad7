import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { zodDetails } from './zod-details';

const details = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  assert.ok(!parsed.success, 'the value is refused');
  return zodDetails(parsed.error.issues);
};

describe('zodDetails', () => {
  it('names each field by its dotted path and keeps Zod’s code', () => {
    const schema = z.object({ a: z.object({ b: z.array(z.string()) }), c: z.enum(['x', 'y']) });
    assert.deepEqual(details(schema, { a: { b: ['ok', 3] }, c: 'z' }), [
      { field: 'a.b.1', code: 'invalid_type' },
      { field: 'c', code: 'invalid_value' },
    ]);
  });

  it('reports every unknown key under its own name, nested ones under their full path', () => {
    const schema = z.object({ a: z.object({ b: z.number() }).strict() }).strict();
    assert.deepEqual(details(schema, { a: { b: 1, x: 1 }, colour: 'blue', size: 2 }), [
      { field: 'a.x', code: 'unrecognized_keys' },
      { field: 'colour', code: 'unrecognized_keys' },
      { field: 'size', code: 'unrecognized_keys' },
    ]);
  });

  it('gives the limit of a length or range rule', () => {
    const schema = z.object({ q: z.string().max(3), page: z.number().min(1), tags: z.array(z.string()).max(1) });
    assert.deepEqual(details(schema, { q: 'abcd', page: 0, tags: ['a', 'b'] }), [
      { field: 'q', code: 'too_big', params: { limit: 3 } },
      { field: 'page', code: 'too_small', params: { limit: 1 } },
      { field: 'tags', code: 'too_big', params: { limit: 1 } },
    ]);
  });

  it('takes a custom rule’s message as its code, with its params', () => {
    const schema = z
      .string()
      .superRefine((s, ctx) => ctx.addIssue({ code: 'custom', message: 'password_too_short', params: { min: 12, hint: 'longer', ignored: true } }));
    assert.deepEqual(details(schema, 'short'), [{ field: '', code: 'password_too_short', params: { min: 12, hint: 'longer' } }]);
  });

  it('answers nothing for no issues', () => {
    assert.deepEqual(zodDetails([]), []);
  });
});
