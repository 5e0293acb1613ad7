import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { axeViolations, launchChromium, startServer, type RunningServer } from '../support/browser';
import { entryLine } from '../support/factories';

// Dashboards in Chromium: no axe violation in a left-to-right and a right-to-left locale, every chart drawn and its
// table open without JavaScript, nothing wider than a phone, and bars that grow from the inline start.

const PHONE = { width: 375, height: 740 };
const LOCALES = ['en', 'ar'] as const;

let server: RunningServer;
let browser: Browser;

before(async () => {
  // A few entries of its own (loading the demo costs most of a minute): several years, goals, lines, kinds and statuses.
  server = await startServer({ demo: false });
  browser = await launchChromium();
  const lines = [
    ...['c1', 'c7-e-health', 'c2', 'c5', 'c11'].map((line, i) =>
      entryLine(`dash-a${i}`, `Telecentre programme ${i}`, {
        actionLines: [line, 'c3'],
        sdgs: [String(1 + i * 3), '9'],
        countries: [['KE', 'FR', 'BR', 'EG', 'KZ'][i]],
        startDate: `${2016 + i}-03-01`,
        status: (['planned', 'ongoing', 'completed'] as const)[i % 3],
        translations: {
          en: { title: `Telecentre programme ${i}`, summary: 'In short.', description: '' },
          ar: { title: `برنامج المراكز المجتمعية ${i}`, summary: 'باختصار.', description: '' },
        },
      }),
    ),
    entryLine('dash-actor', 'Digital Cooperation Network', { kind: 'actor', actor: { stakeholderType: 'academia' }, sdgs: ['17'] }),
    entryLine('dash-pub', 'Broadband toolkit', { kind: 'publication', publication: { year: 2023, authors: ['A. Author'] }, sdgs: ['4'] }),
  ];
  const report = await importEntries(server.db.deps, lines);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** How far the page reaches past the viewport (empty when it fits). */
async function overflow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    if (doc.scrollWidth <= window.innerWidth) return '';
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1)) out.push(`${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
    }
    return `scrollWidth ${doc.scrollWidth} > ${window.innerWidth}: ${out.slice(0, 4).join(' ')}`;
  });
}

describe('dashboards in Chromium', () => {
  for (const locale of LOCALES) {
    it(`${locale}: axe finds nothing, with and without filters, tables open`, async () => {
      // axe is added as an inline script, which the pages' CSP refuses.
      const context = await browser.newContext({ locale, bypassCSP: true });
      const page = await context.newPage();
      for (const path of ['/dashboard', '/dashboard?sdg=9&status=ongoing', '/dashboard?q=zzzznothing']) {
        const res = await page.goto(`${server.url}/${locale}${path}`);
        assert.equal(res?.status(), 200, path);
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        assert.deepEqual(await axeViolations(page), [], `${locale}${path}`);
      }
      await context.close();
    });

    it(`${locale}: works without JavaScript on a 375 px phone, nothing overflowing sideways`, async () => {
      const context = await browser.newContext({ viewport: PHONE, locale, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${server.url}/${locale}/dashboard`);
      assert.equal(await page.locator('svg[role="img"]').count(), 9, 'every chart is drawn');
      assert.equal(await overflow(page), '', 'closed tables');
      // The disclosure opens without a script; the table under the SDG chart holds its numbers.
      await page.locator('#chart-sdg-title ~ details summary').click();
      const rows = page.locator('#chart-sdg-title ~ details tbody tr');
      assert.equal(await rows.count(), 7, 'goals 1, 4, 7, 9, 10, 13 and 17');
      for (const details of await page.locator('details.chart-data').all())
        if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
      assert.equal(await page.locator('details.chart-data:not([open])').count(), 0);
      assert.equal(await overflow(page), '', 'open tables');
      // The search page links to the same search's dashboard.
      await page.goto(`${server.url}/${locale}/search?sdg=9`);
      await page.locator('.dashboard-link a').click();
      assert.match(page.url(), new RegExp(`/${locale}/dashboard\\?sdg=9$`));
      assert.equal(await page.locator('svg[role="img"]').count(), 9);
      await context.close();
    });
  }

  it('bars grow from the inline start: the left in English, the right in Arabic', async () => {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const page = await context.newPage();
    for (const locale of LOCALES) {
      await page.goto(`${server.url}/${locale}/dashboard`);
      const box = await page.evaluate(() => {
        const svg = document.querySelector('#chart-sdg-title ~ svg')!.getBoundingClientRect();
        const bars = Array.from(document.querySelectorAll('#chart-sdg-title ~ svg rect')).map((r) => r.getBoundingClientRect());
        const labels = Array.from(document.querySelectorAll('#chart-sdg-title ~ svg .chart-label')).map((r) => r.getBoundingClientRect());
        return { svg: { left: svg.left, right: svg.right }, bars: bars.map((b) => [b.left, b.right]), labels: labels.map((l) => [l.left, l.right]) };
      });
      const edge = locale === 'ar' ? box.svg.right : box.svg.left;
      for (const [left, right] of [...box.bars, ...box.labels]) {
        assert.ok(Math.abs((locale === 'ar' ? right! : left!) - edge) < 2, `${locale}: starts at the inline start (${left}..${right}, edge ${edge})`);
        assert.ok(left! >= box.svg.left - 1 && right! <= box.svg.right + 1, `${locale}: inside the drawing`);
      }
      // The longest bar (SDG 9, on every activity) is the widest.
      const widths = box.bars.map(([l, r]) => r! - l!);
      assert.equal(Math.max(...widths), widths[3], `${locale}: ${widths.join(', ')}`);
    }
    await context.close();
  });
});
