import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { axeViolations, launchChromium, startServer, type RunningServer } from '../support/browser';
import { entryLine } from '../support/factories';

// The map works as HTML alone: links in the SVG reached with Tab, no script needed, clean for axe, and it fits a phone.

let server: RunningServer;
let browser: Browser;

before(async () => {
  // A few entries of its own: the demo register's minute of loading buys this file nothing.
  server = await startServer({ demo: false });
  browser = await launchChromium();
  const actor = (id: string, title: string, country: string, point: { lat: number; lon: number } | null) =>
    entryLine(id, title, { kind: 'actor', countries: [country], actor: { stakeholderType: 'civil-society', point } });
  const report = await importEntries(server.db.deps, [
    entryLine('map-ke-1', 'Kenya telecentres'),
    entryLine('map-ke-2', 'Kenya e-health', { actionLines: ['c7-e-health'] }),
    entryLine('map-gh', 'Ghana schools online', { countries: ['GH'] }),
    entryLine('map-fr', 'Tiers-lieux', { countries: ['FR', 'KE'] }),
    entryLine('map-mt', 'Malta data centre', { countries: ['MT'] }),
    entryLine('map-br', 'Brasil conectado', { countries: ['BR'] }),
    actor('map-actor-1', 'Nairobi Digital Hub', 'KE', { lat: -1.29, lon: 36.82 }),
    actor('map-actor-2', 'Accra Makers', 'GH', null),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** How far the page reaches past the viewport (empty when it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const doc = document.documentElement;
    return doc.scrollWidth <= window.innerWidth ? '' : `scrollWidth ${doc.scrollWidth} > ${window.innerWidth}`;
  });

const PAGES = ['/map', '/map?country=KE&actionLine=c7', '/', '/countries/KE', '/countries/MT', '/search?country=KE'];

describe('the map in Chromium', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`has no axe violations and fits 375 px (${locale})`, async () => {
      // axe is injected as an inline script, which the pages' CSP rightly refuses.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 740 } });
      const page = await context.newPage();
      try {
        for (const path of PAGES) {
          await page.goto(`${server.url}/${locale}${path}`);
          assert.equal(await overflow(page), '', `${locale}${path} at 375 px`);
          assert.deepEqual(await axeViolations(page), [], `${locale}${path}`);
        }
        await page.setViewportSize({ width: 1280, height: 900 });
        for (const path of PAGES.slice(0, 2)) {
          await page.goto(`${server.url}/${locale}${path}`);
          assert.deepEqual(await axeViolations(page), [], `${locale}${path} wide`);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('works with JavaScript off: Tab reaches a country, Enter opens its profile', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/en/map`);
      let name = '';
      for (let i = 0; i < 80 && !name.startsWith('Kenya'); i++) {
        await page.keyboard.press('Tab');
        name = await page.evaluate(() => {
          const el = document.activeElement;
          return el && el.namespaceURI === 'http://www.w3.org/2000/svg' ? (el.getAttribute('aria-label') ?? '') : '';
        });
      }
      assert.equal(name, 'Kenya: 4 entries', 'a country link in the map takes the keyboard focus');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.match(page.url(), /\/en\/countries\/KE$/);
      // A country without entries is not in the tab order.
      await page.goto(`${server.url}/en/map`);
      const focusable = await page.$$eval('svg.map a', (links) => links.map((a) => a.getAttribute('href')));
      assert.ok(!focusable.includes('/en/countries/DE'), 'no link for a country with no entries');
      assert.ok(focusable.includes('/en/countries/MT'), 'a small state with entries is a link');
    } finally {
      await context.close();
    }
  });

  it('mirrors its legend and table in Arabic, not the map', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      await page.goto(`${server.url}/ar/map`);
      const table = await page.$eval('.map-table tbody tr', (tr) => {
        const [th, td] = [tr.querySelector('th')!.getBoundingClientRect(), tr.querySelector('td')!.getBoundingClientRect()];
        return { country: th.left, count: td.left };
      });
      assert.ok(table.country > table.count, 'the country column is on the right');
      const legend = await page.$$eval('.map-legend li', (items) => items.map((li) => li.getBoundingClientRect().left));
      assert.ok(legend[0]! > legend[1]!, 'the legend reads from the right');
      // West stays on the left: Brazil's shape is left of Kenya's.
      const x = (code: string) => page.$eval(`svg.map a[href="/ar/countries/${code}"]`, (a) => a.getBoundingClientRect().left);
      assert.ok((await x('BR')) < (await x('KE')));
    } finally {
      await page.close();
    }
  });
});
