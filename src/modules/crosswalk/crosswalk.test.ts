import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadVocabularyFiles } from '../../db/vocabulary-files';
import { LOCALES } from '../../i18n/locales';
import raw from './data/wsis-sdg.json' with { type: 'json' };
import {
  actionLinesForSdg,
  allLinks,
  crosswalkAlsoMatch,
  crosswalkFileSchema,
  goalsForActionLine,
  linksForActionLine,
  linksForSdg,
  localise,
  targetsForActionLine,
} from './crosswalk';

const vocabularies = new Map(loadVocabularyFiles().map((v) => [v.name, v]));
const codes = (name: string) => new Set((vocabularies.get(name)?.terms ?? []).map((t) => t.code));

describe('the WSIS–SDG crosswalk data', () => {
  it('names only action lines and SDG targets (not goals) that the vocabularies hold', () => {
    const lines = codes('action-line');
    const sdg = codes('sdg');
    for (const l of allLinks()) {
      assert.ok(lines.has(l.actionLine), `action line ${l.actionLine}`);
      assert.ok(sdg.has(l.target) && l.target.includes('.'), `target ${l.target}`);
      assert.ok(sdg.has(l.goal) && l.target.startsWith(`${l.goal}.`), `goal ${l.goal}`);
    }
  });
  it('has a rationale in all six languages on every link, none empty, none repeated within a language', () => {
    for (const locale of LOCALES) {
      const seen = new Set<string>();
      for (const l of allLinks()) {
        const text = l.rationale[locale];
        assert.ok(text && text.trim().length > 10, `${l.actionLine} ${l.target} ${locale}`);
        assert.ok(!seen.has(text), `repeated rationale ${locale}: ${text}`);
        seen.add(text);
      }
    }
  });
  it('links every action line (and every C7 sub-line) to SDG targets', () => {
    for (const line of codes('action-line')) {
      const n = linksForActionLine(line).length;
      assert.ok(n >= 2 && n <= 10, `${line}: ${n} links`);
    }
  });
  it('refuses a file with a missing language, an unknown shape or a repeated link', () => {
    const good = raw as { version: number; source: string; links: Array<{ actionLine: string; target: string; rationale: Record<string, string> }> };
    assert.equal(crosswalkFileSchema.safeParse(good).success, true);
    const first = good.links[0]!;
    const { ru: _ru, ...noRussian } = first.rationale;
    assert.equal(crosswalkFileSchema.safeParse({ ...good, links: [{ ...first, rationale: noRussian }] }).success, false);
    assert.equal(crosswalkFileSchema.safeParse({ ...good, links: [{ ...first, rationale: { ...first.rationale, fr: '  ' } }] }).success, false);
    assert.equal(crosswalkFileSchema.safeParse({ ...good, links: [{ ...first, target: '9' }] }).success, false);
    assert.equal(crosswalkFileSchema.safeParse({ ...good, links: [first, first] }).success, false);
  });
});

describe('crosswalk look-ups', () => {
  it('gives an action line its targets and goals, in numeric order', () => {
    assert.deepEqual(targetsForActionLine('c2'), ['1.4', '9.1', '9.a', '9.c', '11.b', '17.6', '17.8']);
    assert.deepEqual(goalsForActionLine('c2'), ['1', '9', '11', '17']);
    assert.ok(targetsForActionLine('c7-e-health').every((t) => t.startsWith('3.')));
  });
  it('counts C7’s sub-lines with C7 only when asked', () => {
    assert.deepEqual(goalsForActionLine('c7'), ['9', '17']);
    const all = goalsForActionLine('c7', { subLines: true });
    for (const g of ['2', '3', '4', '16']) assert.ok(all.includes(g), g);
  });
  it('gives a goal or a target its action lines in the vocabulary’s order', () => {
    assert.deepEqual(actionLinesForSdg('3'), ['c7-e-health']);
    assert.deepEqual(actionLinesForSdg('4.4'), ['c4', 'c7-e-learning']);
    const nine = actionLinesForSdg('9');
    assert.deepEqual(nine.slice(0, 4), ['c1', 'c2', 'c3', 'c5']);
    assert.deepEqual(
      linksForSdg('9.c').map((l) => l.actionLine),
      ['c1', 'c2', 'c3', 'c7'],
    );
    assert.deepEqual(actionLinesForSdg('9.2'), []);
  });
  it('localises rationales', () => {
    const [ar] = localise(linksForSdg('3.8'), 'ar');
    const [zh] = localise(linksForSdg('3.8'), 'zh');
    assert.match(ar!.rationale, /[\u0600-\u06ff]/);
    assert.match(zh!.rationale, /[\u4e00-\u9fff]/);
    assert.equal(ar!.target, '3.8');
  });
  it('widens goal, target and action-line filters, and leaves others alone', () => {
    assert.deepEqual(crosswalkAlsoMatch({ sdg: ['3'], target: ['4.4'], actionLine: ['c7-e-agriculture'], country: ['KE'] }), {
      sdg: { actionLine: ['c7-e-health'] },
      target: { actionLine: ['c4', 'c7-e-learning'] },
      actionLine: { sdg: ['2'] },
    });
    assert.deepEqual(crosswalkAlsoMatch({ country: ['KE'], target: ['9.2'] }), {});
  });
});
