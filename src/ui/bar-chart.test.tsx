import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { i18nFor } from '../i18n/i18n';
import { barPercent, BarChart, describeChart, fitLabel } from './bar-chart';

const rows = [
  { code: '4', label: 'Quality education', count: 12, colour: '#c5192d' },
  { code: '9', label: 'Industry, innovation and infrastructure', count: 30 },
  { code: '17', label: 'Partnerships for the goals', count: 3 },
];

describe('BarChart', () => {
  it('scales bars to the largest count, leaving room for the count beside it', () => {
    assert.equal(barPercent(30, 30), 80);
    assert.equal(barPercent(15, 30), 40);
    assert.equal(barPercent(1, 100_000), 0.5, 'a count is never invisible');
    assert.equal(barPercent(0, 30), 0);
    assert.equal(barPercent(0, 0), 0);
  });

  it('shortens long labels for the drawing, wide characters counting double', () => {
    assert.equal(fitLabel('Short'), 'Short');
    assert.equal(fitLabel('abcdefghij klmnop', 10), 'abcdefghij…');
    assert.equal(fitLabel('数字数字数字', 6), '数字数…');
    assert.equal(fitLabel('x'.repeat(40)), 'x'.repeat(40));
    assert.equal(fitLabel('x'.repeat(41)).length, 41);
  });

  it('describes its largest bars and their sum in the reader’s language', () => {
    const en = describeChart(i18nFor('en'), rows, 'A note.');
    assert.equal(
      en,
      'Largest: Industry, innovation and infrastructure: 30, Quality education: 12, and Partnerships for the goals: 3. 3 bars, 45 in all. A note.',
    );
    assert.equal(describeChart(i18nFor('en'), []), 'Nothing to count for this search.');
    assert.match(describeChart(i18nFor('fr'), rows), /^Les plus grands : /);
  });

  it('draws from the inline start: the right in Arabic, with its own colour where a row has one', async () => {
    const ltr = String(await (<BarChart id="c" title="T" description="D" rows={rows} i18n={i18nFor('en')} csvHref="/en/x.csv" />));
    assert.match(ltr, /<svg role="img" aria-labelledby="c-title c-desc"/);
    // SDG 4: 12 of 30 → 32 % of the width, from the left.
    assert.match(ltr, /<rect x="0%" y="21" width="32%" height="14" fill="#c5192d" class="chart-bar-own">/);
    assert.match(ltr, /<rect x="0%" y="63" width="80%" height="14" class="chart-bar">/);
    assert.match(ltr, /<a href="\/en\/x.csv" type="text\/csv" download="">/);
    const rtl = String(await (<BarChart id="c" title="T" description="D" rows={rows} i18n={i18nFor('ar')} />));
    assert.match(rtl, /direction="rtl"/);
    assert.match(rtl, /<rect x="68%" y="21" width="32%"/, 'ends at the right edge');
    assert.doesNotMatch(rtl, /download/, 'no CSV link unless given');
    const empty = String(await (<BarChart id="c" title="T" description="D" rows={[]} i18n={i18nFor('en')} csvHref="/x" />));
    assert.doesNotMatch(empty, /<svg|<table|download/, 'nothing to draw, no table, no file');
  });
});
