import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { excerpt } from './excerpt';

describe('excerpt', () => {
  it('keeps a short text whole, with its whitespace folded', () => {
    assert.equal(excerpt('  Broadband\n for   schools. '), 'Broadband for schools.');
  });

  it('cuts a long text at a word boundary and marks the cut', () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const out = excerpt(text, 60);
    assert.ok(Array.from(out).length <= 60, out);
    assert.ok(out.endsWith('…'));
    assert.ok(text.startsWith(out.slice(0, -1)), 'a prefix of the text');
    assert.match(out, /word\d+…$/, 'ends on a whole word');
  });

  it('cuts text written without spaces where the limit falls, never inside a character', () => {
    const han = '数字发展'.repeat(60);
    assert.equal(Array.from(excerpt(han, 160)).length, 160);
    const emoji = '😀'.repeat(200);
    const out = excerpt(emoji, 10);
    assert.equal(out, `${'😀'.repeat(9)}…`);
  });
});
