import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

// The file is read directly: it is not registered in src/db/vocabulary-files.ts yet (a migration will do that).
interface TermFile {
  code: string;
  parent: string | null;
  labels: Record<string, string | undefined>;
  aliases?: string[];
  replacedBy?: string | null;
  [key: string]: unknown;
}
const file = JSON.parse(readFileSync(new URL('./data/digital-policy-issues.json', import.meta.url), 'utf8')) as {
  vocabulary: string;
  version: number;
  terms: TermFile[];
};

const LOCALES = ['ar', 'zh', 'en', 'fr', 'es', 'ru'] as const;
const BASKETS = ['infrastructure', 'cybersecurity', 'human-rights', 'legal-and-regulatory', 'economic', 'development', 'sociocultural'];
const ALLOWED_KEYS = new Set(['code', 'parent', 'labels', 'descriptions', 'aliases', 'keywords', 'replacedBy']);

// The same folding the Atlas parser uses to match headings: case, accents and punctuation do not count.
const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const baskets = file.terms.filter((t) => t.parent === null);
const issues = file.terms.filter((t) => t.parent !== null);
const byCode = new Map(file.terms.map((t) => [t.code, t]));

describe('digital-policy-issue vocabulary file', () => {
  it('names the vocabulary and carries a positive integer version', () => {
    assert.equal(file.vocabulary, 'digital-policy-issue');
    assert.ok(Number.isInteger(file.version) && file.version >= 1);
  });

  it('has the seven baskets as top-level terms, in the taxonomy’s order', () => {
    assert.deepEqual(
      baskets.map((t) => t.code),
      BASKETS,
    );
  });

  it('places every issue under a basket, with 40–50 issues in all', () => {
    for (const t of issues) assert.ok(BASKETS.includes(t.parent ?? ''), `${t.code} → ${String(t.parent)}`);
    assert.ok(issues.length >= 40 && issues.length <= 50, `${issues.length} issues`);
    for (const b of BASKETS)
      assert.ok(
        issues.some((t) => t.parent === b),
        `basket ${b} is empty`,
      );
  });

  it('puts the named issues in their baskets', () => {
    const expected: Record<string, string> = {
      'telecommunications-infrastructure': 'infrastructure',
      'critical-internet-resources': 'infrastructure',
      'network-neutrality': 'infrastructure',
      'artificial-intelligence': 'infrastructure',
      'emerging-technologies': 'infrastructure',
      'cyberconflict-and-warfare': 'cybersecurity',
      'child-safety-online': 'cybersecurity',
      'violent-extremism': 'cybersecurity',
      'privacy-and-data-protection': 'human-rights',
      'gender-rights-online': 'human-rights',
      jurisdiction: 'legal-and-regulatory',
      'intellectual-property-rights': 'legal-and-regulatory',
      'e-commerce-and-trade': 'economic',
      cryptocurrencies: 'economic',
      'digital-access': 'development',
      'capacity-development': 'development',
      'inclusive-finance': 'development',
      'interdisciplinary-approaches': 'development',
      'content-policy': 'sociocultural',
      multilingualism: 'sociocultural',
      'online-education': 'sociocultural',
    };
    for (const [code, parent] of Object.entries(expected)) assert.equal(byCode.get(code)?.parent, parent, code);
  });

  it('uses unique kebab-case codes and only the keys of a vocabulary term file', () => {
    const codes = file.terms.map((t) => t.code);
    assert.equal(new Set(codes).size, codes.length, 'duplicate code');
    for (const t of file.terms) {
      assert.match(t.code, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, t.code);
      for (const key of Object.keys(t)) assert.ok(ALLOWED_KEYS.has(key), `${t.code} has unknown key ${key}`);
    }
  });

  it('labels every term in all six languages, each in its own script', () => {
    for (const t of file.terms) {
      assert.deepEqual(Object.keys(t.labels).sort(), [...LOCALES].sort(), `${t.code} label languages`);
      for (const l of LOCALES) assert.ok(t.labels[l]?.trim(), `${t.code} ${l} is empty`);
      assert.match(t.labels.ar ?? '', /\p{Script=Arabic}/u, `${t.code} ar`);
      assert.match(t.labels.zh ?? '', /\p{Script=Han}/u, `${t.code} zh`);
      assert.match(t.labels.ru ?? '', /\p{Script=Cyrillic}/u, `${t.code} ru`);
      for (const l of ['en', 'fr', 'es'] as const) {
        assert.match(t.labels[l] ?? '', /\p{Script=Latin}/u, `${t.code} ${l}`);
        assert.doesNotMatch(t.labels[l] ?? '', /[\p{Script=Arabic}\p{Script=Han}\p{Script=Cyrillic}]/u, `${t.code} ${l}`);
      }
      assert.doesNotMatch(t.labels.ru ?? '', /[\p{Script=Arabic}\p{Script=Han}]/u, `${t.code} ru`);
    }
  });

  it('gives no two terms the same label in any language', () => {
    for (const l of LOCALES) {
      const labels = file.terms.map((t) => fold(t.labels[l] ?? ''));
      assert.equal(new Set(labels).size, labels.length, `duplicate ${l} label`);
    }
  });

  it('keeps English aliases unique across the vocabulary and distinct from every English label', () => {
    const labels = new Set(file.terms.map((t) => fold(t.labels.en ?? '')));
    const seen = new Map<string, string>();
    for (const t of file.terms) {
      for (const alias of t.aliases ?? []) {
        assert.ok(alias.trim(), `${t.code} has an empty alias`);
        const key = fold(alias);
        assert.ok(!labels.has(key), `${t.code} alias “${alias}” is also an English label`);
        assert.ok(!seen.has(key), `alias “${alias}” on ${t.code} and ${seen.get(key)}`);
        seen.set(key, t.code);
      }
    }
  });

  it('records the common alternative names as aliases', () => {
    const aliasOf = (alias: string) => file.terms.find((t) => t.aliases?.some((a) => fold(a) === fold(alias)))?.code;
    assert.equal(aliasOf('child online protection'), 'child-safety-online');
    assert.equal(aliasOf('capacity building'), 'capacity-development');
    assert.equal(aliasOf('data protection'), 'privacy-and-data-protection');
    assert.equal(aliasOf('net neutrality'), 'network-neutrality');
  });

  it('declares replacedBy on every term, null or the code of another existing term', () => {
    for (const t of file.terms) {
      assert.ok('replacedBy' in t, `${t.code} lacks replacedBy`);
      if (t.replacedBy === null) continue;
      assert.equal(typeof t.replacedBy, 'string', t.code);
      assert.notEqual(t.replacedBy, t.code, `${t.code} replaces itself`);
      assert.ok(byCode.has(t.replacedBy ?? ''), `${t.code} → unknown ${String(t.replacedBy)}`);
    }
  });
});
