import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery } from '../modules/search/query';
import { snippetOf } from './snippet';

const terms = (q: string) => parseQuery(`${q} `).highlightTerms;

describe('snippetOf', () => {
  it('shows the summary when it holds a match or nothing matched', () => {
    assert.equal(snippetOf('Rural schools online.', 'Long text about clinics.', 'en', terms('schools')), 'Rural schools online.');
    assert.equal(snippetOf('Rural schools online.', 'Long text about clinics.', 'en', new Set()), 'Rural schools online.');
  });
  it('shows the passage of the description around the matched words otherwise', () => {
    const filler = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const description = `${filler} the telemedicine carts reach remote clinics weekly. ${filler}`;
    const snippet = snippetOf('A health programme.', description, 'en', terms('telemedicine'));
    assert.match(snippet, /telemedicine carts/);
    assert.ok(snippet.startsWith('… ') && snippet.endsWith(' …'));
    assert.ok(snippet.split(/\s+/).length <= 36);
  });
});
