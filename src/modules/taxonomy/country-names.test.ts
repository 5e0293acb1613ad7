import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadVocabularyFiles } from '../../db/vocabulary-files';
import { LOCALES } from '../../i18n/locales';

const table = JSON.parse(readFileSync(new URL('./data/country-names.json', import.meta.url), 'utf8')) as { names: Record<string, Record<string, string>> };
const country = loadVocabularyFiles().find((v) => v.name === 'country')!;
const label = (code: string, locale: string) => (country.terms.find((t) => t.code === code)?.labels as Record<string, string> | undefined)?.[locale];

describe('country names follow the UN’s short names where they differ from the package’s', () => {
  it('names a few countries as the UN does, in each language', () => {
    assert.equal(label('CZ', 'en'), 'Czechia');
    assert.equal(label('TR', 'fr'), 'Türkiye');
    assert.equal(label('BO', 'es'), 'Bolivia (Estado Plurinacional de)');
    assert.equal(label('CI', 'en'), 'Côte d’Ivoire');
    assert.equal(label('MD', 'ru'), 'Республика Молдова');
    assert.equal(label('CZ', 'ar'), 'تشيكيا');
    assert.equal(label('KR', 'zh'), '大韩民国');
  });
  it('keeps the package’s name where the UN’s is the same', () => {
    assert.equal(label('KE', 'en'), 'Kenya');
    assert.equal(label('TR', 'en'), 'Türkiye');
  });
  it('overrides only countries that exist, in the six languages, with a name that differs', () => {
    const codes = new Set(country.terms.map((t) => t.code));
    for (const [code, names] of Object.entries(table.names)) {
      assert.ok(codes.has(code), `${code} is a country`);
      for (const [locale, name] of Object.entries(names)) {
        assert.ok((LOCALES as readonly string[]).includes(locale), `${code}: ${locale} is one of the six languages`);
        assert.ok(name.trim().length > 1, `${code}/${locale} has a name`);
      }
    }
  });
});
