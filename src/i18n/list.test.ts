import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { i18nFor } from './i18n';

describe('lists join as each language joins them', () => {
  it('uses the language’s own conjunction and separators', () => {
    const three = ['A', 'B', 'C'];
    assert.equal(i18nFor('en').list(three), 'A, B, and C');
    assert.equal(i18nFor('fr').list(three), 'A, B et C');
    assert.equal(i18nFor('es').list(three), 'A, B y C');
    assert.equal(i18nFor('ru').list(three), 'A, B и C');
    assert.equal(i18nFor('zh').list(three), 'A、B和C');
    assert.match(i18nFor('ar').list(three), /و/, 'Arabic joins with its own “and”');
    assert.doesNotMatch(i18nFor('ar').list(three), /, /, 'and not with a Latin comma');
  });
  it('leaves a single item and an empty list as they are', () => {
    assert.equal(i18nFor('fr').list(['Kenya']), 'Kenya');
    assert.equal(i18nFor('en').list([]), '');
  });
});
