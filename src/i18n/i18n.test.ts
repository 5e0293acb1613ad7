import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGS, i18nFor, translate } from './i18n';
import { LOCALES, negotiateLocale } from './locales';

type AstNode = { type: number; value?: unknown; options?: Record<string, { value: AstNode[] }> };

/** Argument names of an ICU message, read from its syntax tree (plural and select branches included). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: AstNode[]) => {
    for (const node of nodes) {
      // 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural
      if (node.type >= 1 && node.type <= 6 && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst() as unknown as AstNode[]);
  return [...names].sort();
}

describe('catalogs', () => {
  const en = CATALOGS.en;
  for (const locale of LOCALES) {
    it(`${locale} has every message, parsable, with the same placeholders`, () => {
      const catalog = CATALOGS[locale];
      assert.deepEqual(Object.keys(catalog).sort(), Object.keys(en).sort());
      for (const [key, message] of Object.entries(catalog)) {
        assert.doesNotThrow(() => new IntlMessageFormat(message, locale), `${locale} ${key}`);
        const english = en[key]!;
        for (const name of placeholders(english)) assert.ok(placeholders(message).includes(name), `${locale} ${key} keeps {${name}}`);
        // Messages in a non-Latin script must be written in it (words like "Organisations" may rightly match in French).
        const script = { ar: /\p{Script=Arabic}/u, zh: /\p{Script=Han}/u, ru: /\p{Script=Cyrillic}/u }[locale as 'ar' | 'zh' | 'ru'];
        const words = english.replace(/\{[^{}]*\}/g, '').match(/\p{L}/u);
        if (script && words) assert.match(message, script, `${locale} ${key} is translated`);
      }
    });
  }
  it('formats plurals per language', () => {
    assert.equal(translate('en', 'search.results', { count: 1 }), '1 activity found');
    assert.equal(translate('en', 'search.results', { count: 0 }), 'No activities found');
    assert.notEqual(translate('ru', 'search.results', { count: 2 }), translate('ru', 'search.results', { count: 5 }));
  });
});

describe('locales', () => {
  it('negotiates Accept-Language with q-values and falls back to English', () => {
    assert.equal(negotiateLocale('fr-CA,fr;q=0.9,en;q=0.8'), 'fr');
    assert.equal(negotiateLocale('de, zh-Hant;q=0.5'), 'zh');
    assert.equal(negotiateLocale('de, es;q=0.1, ar;q=0.4'), 'ar');
    assert.equal(negotiateLocale('ar;q=0'), 'en');
    assert.equal(negotiateLocale(''), 'en');
    assert.equal(negotiateLocale('*'), 'en');
  });
  it('formats dates and numbers with Intl', () => {
    assert.equal(i18nFor('fr').number(12345), '12\u202f345');
    assert.match(i18nFor('en').date('2024-03-05'), /March 5, 2024/);
    assert.equal(i18nFor('ar').dir, 'rtl');
    assert.equal(i18nFor('ru').languageName('ar'), 'арабский');
  });
});
