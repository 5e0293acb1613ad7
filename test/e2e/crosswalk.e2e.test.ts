import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { axeViolations, launchChromium, startServerWithDemo, type RunningServer } from '../support/browser';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServerWithDemo();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const PAGES = ['action-lines', 'action-lines/c2', 'action-lines/c7', 'action-lines/c7-e-health', 'sdgs', 'sdgs/9', 'sdgs/3.8'];

describe('the crosswalk’s pages (Chromium)', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`have no axe violations and fit 375 px in ${locale}`, async () => {
      for (const width of [1280, 375]) {
        const context = await browser.newContext({ locale, viewport: { width, height: 800 }, bypassCSP: true });
        const page = await context.newPage();
        try {
          for (const path of PAGES) {
            const res = await page.goto(`${server.url}/${locale}/${path}`);
            assert.equal(res?.status(), 200, path);
            assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
            assert.deepEqual(await axeViolations(page), [], `${locale}/${path} at ${width}`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
            assert.ok(overflow <= 0, `${locale}/${path} overflows by ${overflow}px at ${width}`);
          }
        } finally {
          await context.close();
        }
      }
    });
  }

  it('turns the search option on with the checkbox, without JavaScript, and finds at least as many entries', async () => {
    for (const locale of ['en', 'ar'] as const) {
      const context = await browser.newContext({ javaScriptEnabled: false, locale });
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/${locale}/search?sdg=4`);
        const count = async () =>
          Number((await page.locator('#results-title').innerText()).replace(/[^0-9٠-٩]/g, '').replace(/[٠-٩]/g, (d) => String('٠١٢٣٤٥٦٧٨٩'.indexOf(d))));
        const before = await count();
        await page.locator('#f-crosswalk').check();
        await Promise.all([page.waitForURL((u) => u.searchParams.get('crosswalk') === '1'), page.locator('button.apply').click()]);
        assert.ok(await page.locator('#f-crosswalk').isChecked());
        assert.ok((await count()) >= before, `${locale}: the option only adds`);
        // axe needs JavaScript: the page the form led to, in a context that runs it.
        const checked = await browser.newContext({ locale, bypassCSP: true });
        const axePage = await checked.newPage();
        await axePage.goto(page.url());
        assert.deepEqual(await axeViolations(axePage), [], `${locale} search with the option on`);
        await checked.close();
      } finally {
        await context.close();
      }
    }
  });
});
