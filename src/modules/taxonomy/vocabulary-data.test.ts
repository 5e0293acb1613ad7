import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadVocabularyFiles } from '../../db/vocabulary-files';
import { LOCALES } from '../../i18n/locales';

const vocabularies = new Map(loadVocabularyFiles().map((v) => [v.name, v]));
const terms = (name: string) => vocabularies.get(name)?.terms ?? [];

describe('vocabulary data files', () => {
  it('has every term labelled in all six languages', () => {
    for (const v of vocabularies.values()) {
      for (const term of v.terms) for (const l of LOCALES) assert.ok(term.labels[l]?.trim(), `${v.name} ${term.code} ${l}`);
    }
  });
  it('has the WSIS action lines C1–C11 with C7’s eight sub-lines', () => {
    const lines = terms('action-line');
    assert.deepEqual(
      lines.filter((t) => !t.parent).map((t) => t.code),
      ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11'],
    );
    assert.equal(lines.filter((t) => t.parent === 'c7').length, 8);
    assert.equal(lines.find((t) => t.code === 'c5')?.labels.en, 'Building confidence and security in the use of ICTs');
  });
  it('has 17 SDGs and 169 targets', () => {
    const sdg = terms('sdg');
    assert.equal(sdg.filter((t) => !t.parent).length, 17);
    assert.equal(sdg.filter((t) => t.parent).length, 169);
  });
  it('places every country in an existing M49 region, and the ITU regions hold their members', () => {
    const regions = new Set(terms('region').map((t) => t.code));
    const countries = terms('country');
    assert.ok(countries.length >= 249);
    for (const c of countries) {
      const m49 = c.extra?.m49;
      if (c.code === 'AQ') continue;
      assert.ok(typeof m49 === 'string' && regions.has(m49), `${c.code} → ${String(m49)}`);
    }
    const itu = (code: string) => countries.find((c) => c.code === code)?.extra?.itu;
    assert.equal(itu('KE'), 'itu-africa');
    assert.equal(itu('EG'), 'itu-arab-states');
    assert.equal(itu('KZ'), 'itu-cis');
    assert.equal(itu('BR'), 'itu-americas');
    assert.equal(itu('IN'), 'itu-asia-pacific');
    assert.equal(itu('FR'), 'itu-europe');
    assert.equal(countries.find((c) => c.code === 'KE')?.extra?.m49, '014');
  });
  it('has the fixed lists of stakeholder types, activity types, statuses and scopes', () => {
    assert.equal(terms('stakeholder-type').length, 7);
    assert.deepEqual(
      terms('activity-type').map((t) => t.code),
      ['project', 'programme', 'training', 'conference', 'website', 'guideline', 'toolkit', 'other'],
    );
    assert.deepEqual(
      terms('activity-status').map((t) => t.code),
      ['planned', 'ongoing', 'completed'],
    );
    assert.deepEqual(
      terms('scope').map((t) => t.code),
      ['local', 'national', 'regional', 'international'],
    );
  });
});

// The official SDG titles are facts written into the project's file; the shared reference copy checks them.
const SHARED_SDG = new URL('../../../../shared/data/sdg/', import.meta.url);
describe('SDG titles against the shared reference data', { skip: !existsSync(SHARED_SDG) && 'shared/data/sdg is absent' }, () => {
  it('matches the English goal titles and target texts', () => {
    const goals = readFileSync(new URL('en/global_goals.yml', SHARED_SDG), 'utf8');
    const sdg = terms('sdg');
    for (let n = 1; n <= 17; n++) {
      const match = goals.match(new RegExp(`^${n}-title: ([\\s\\S]*?)(?=^\\d+-(?:short|title):|$(?![\\s\\S]))`, 'm'));
      const expected = match?.[1]
        ?.replace(/\s+/g, ' ')
        .trim()
        .replace(/^['"]|['"]$/g, '');
      assert.equal(sdg.find((t) => t.code === String(n))?.descriptions?.en?.replace(/\s+/g, ' '), expected, `goal ${n}`);
    }
    const targets = readFileSync(new URL('en/global_targets.yml', SHARED_SDG), 'utf8');
    const count = [...targets.matchAll(/^\d+-[0-9a-z]+-title:/gm)].length;
    assert.equal(count, 169);
  });
});
