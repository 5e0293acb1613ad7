import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { changedFields, diffVersions, diffWords } from './revisions';
import { draftSchema } from './submissions.schemas';

const base = draftSchema.parse({
  originalLanguage: 'en',
  translations: { en: { title: 'Rural broadband for schools', summary: 'Connecting schools in three districts.' } },
  activityType: 'project',
  countries: ['KE', 'UG'],
});

describe('revisions', () => {
  it('names exactly the fields that changed', () => {
    const next = { ...base, countries: ['UG', 'KE'], translations: { en: { ...base.translations.en!, title: 'Rural broadband for clinics' } } };
    assert.deepEqual(changedFields(base, next), ['translations.en.title']);
    assert.deepEqual(changedFields(null, base), ['activityType', 'countries', 'originalLanguage', 'translations.en.summary', 'translations.en.title']);
  });

  it('diffs words, keeping what is common', () => {
    const parts = diffWords('Rural broadband for schools', 'Rural broadband for clinics');
    assert.deepEqual(parts, [
      { op: 'same', text: 'Rural broadband for ' },
      { op: 'removed', text: 'schools' },
      { op: 'added', text: 'clinics' },
    ]);
    const joined = (op: string) =>
      parts
        .filter((p) => p.op !== op)
        .map((p) => p.text)
        .join('');
    assert.equal(joined('added'), 'Rural broadband for schools');
    assert.equal(joined('removed'), 'Rural broadband for clinics');
  });

  it('diffs words of any script and removals before additions', () => {
    assert.deepEqual(diffWords('مدارس ريفية في ثلاث مناطق', 'مدارس حضرية في مناطق'), [
      { op: 'same', text: 'مدارس ' },
      { op: 'removed', text: 'ريفية' },
      { op: 'added', text: 'حضرية' },
      { op: 'same', text: ' في ' },
      { op: 'removed', text: 'ثلاث ' },
      { op: 'same', text: 'مناطق' },
    ]);
    assert.deepEqual(diffWords('', 'new'), [{ op: 'added', text: 'new' }]);
    assert.deepEqual(diffWords('old', ''), [{ op: 'removed', text: 'old' }]);
    assert.deepEqual(diffWords('same', 'same'), [{ op: 'same', text: 'same' }]);
  });

  it('diffs a small edit in a long text but shows a large rewrite as replaced whole', () => {
    const long = Array.from({ length: 4000 }, (_, i) => `w${i}`).join(' ');
    const edited = long.replace('w2000 ', 'changed ');
    assert.deepEqual(
      diffWords(long, edited).map((p) => p.op),
      ['same', 'removed', 'added', 'same'],
    );
    const rewritten = Array.from({ length: 800 }, (_, i) => `x${i}`).join(' ');
    const original = Array.from({ length: 800 }, (_, i) => `y${i}`).join(' ');
    assert.deepEqual(diffWords(original, rewritten), [
      { op: 'removed', text: original },
      { op: 'added', text: rewritten },
    ]);
  });

  it('shows a removed field and an added language version', () => {
    const next = { ...base, countries: [], translations: { ...base.translations, fr: { title: 'Haut débit rural', summary: 'Écoles.', description: '' } } };
    const diff = diffVersions(base, next);
    assert.deepEqual(
      diff.map((d) => d.field),
      ['countries', 'translations.fr.summary', 'translations.fr.title'],
    );
    assert.equal(diff[0]!.after, null);
    assert.equal(diff[0]!.before, 'KE, UG');
  });
});
