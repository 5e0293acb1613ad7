import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { ENTRY_KINDS } from '../modules/entries/entries';
import { placeholderSvg } from './entry-image';

describe('entry placeholders', () => {
  it('are the same bytes for the same kind and action line, and differ between kinds and lines', () => {
    assert.equal(placeholderSvg('story', 'C7'), placeholderSvg('story', 'C7'));
    const all = ENTRY_KINDS.flatMap((kind) => ['C1', 'C7', 'C10', null].map((line) => placeholderSvg(kind, line)));
    assert.equal(new Set(all).size, all.length, 'every kind and line looks different');
  });

  it('show the action line’s code, are hidden from assistive technology, and stay tiny', () => {
    const svg = placeholderSvg('actor', 'C10');
    assert.match(svg, /^<svg [^>]*aria-hidden="true"[^>]*focusable="false"/);
    assert.match(svg, />C10<\/text><\/svg>$/);
    assert.doesNotMatch(placeholderSvg('actor', null), /<text/);
    assert.match(placeholderSvg('actor', 'c7-e-h'), />C7-E-H<\/text>/, 'the stored lower-case code, as action lines are named');
    for (const kind of ENTRY_KINDS) assert.ok(placeholderSvg(kind, 'C11').length < 600, `${kind}: ${placeholderSvg(kind, 'C11').length} bytes`);
    // Twenty-five results' placeholders compress to well under a kilobyte and a half.
    const page = ENTRY_KINDS.flatMap((kind) => ['C1', 'C2', 'C3', 'C7', 'C10'].map((line) => placeholderSvg(kind, line))).join('');
    assert.ok(gzipSync(page).length < 1500, `${gzipSync(page).length} bytes compressed`);
  });

  it('escape a code, which comes from data', () => {
    const svg = placeholderSvg('event', '<a&"');
    assert.doesNotMatch(svg, /<A&/);
    assert.match(svg, />&#60;A&#38;&#34;<\/text>/);
  });
});
