import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityJson } from '../support/factories';
import { axeViolations, launchChromium, startServer, type RunningServer } from '../support/browser';

let server: RunningServer;
let browser: Browser;
/** The partner: a plain page server on another loopback port, so another origin than the register's. */
let partner: Server;
let partnerUrl = '';

const TITLES = { en: ['Cyber clinic Kx0', 'Cyber clinic Kx1', 'Cyber clinic Kx2'], ar: ['عيادة سيبرانية Kx0', 'عيادة سيبرانية Kx1', 'عيادة سيبرانية Kx2'] };
const OUTSIDE = 'Library access Kw';

/** The partner's page: its own heading, then the register's filtered search by iframe or by the web component. */
function hostPage(form: string, locale: 'en' | 'ar'): string {
  const search = 'actionLine=c5&country=GH';
  const embed =
    form === 'iframe'
      ? `<iframe src="${server.url}/embed/${locale}/search?${search.replace(/&/g, '&amp;')}&amp;facets=country" title="Register entries" style="inline-size:100%;block-size:40rem;border:0"></iframe>`
      : `<script src="${server.url}/embed.js" defer></script>
         <style>stocktake-list { --stocktake-accent: #8a1c1c; --stocktake-radius: 0px; }</style>
         <stocktake-list locale="${locale}" search="${search.replace(/&/g, '&amp;')}" facets="country" layout="cards"></stocktake-list>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner site</title></head>
<body><main><h1>Partner site</h1><p><a href="#top">A link of the partner's own</a></p>${embed}</main></body></html>`;
}

before(async () => {
  server = await startServer({ demo: false });
  const report = await importEntries(server.db.deps, [
    ...TITLES.en.map((title, i) =>
      JSON.stringify(
        activityJson({
          externalId: `e2e-embed-${i}`,
          actionLines: ['c5'],
          countries: ['GH'],
          translations: {
            en: { title, summary: 'Trust and security for small firms in Accra.', description: '' },
            ar: { title: TITLES.ar[i], summary: 'الثقة والأمن للشركات الصغيرة في أكرا.', description: '' },
          },
        }),
      ),
    ),
    JSON.stringify(
      activityJson({
        externalId: 'e2e-embed-other',
        actionLines: ['c3'],
        countries: ['FR'],
        translations: { en: { title: OUTSIDE, summary: 'Books.', description: '' } },
      }),
    ),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  partner = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://partner.invalid');
    const m = /^\/(iframe|component)\/(en|ar)$/.exec(url.pathname);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(m[1]!, m[2] as 'en' | 'ar'));
  });
  await new Promise<void>((resolve) => partner.listen(0, 'localhost', resolve));
  partnerUrl = `http://localhost:${(partner.address() as AddressInfo).port}`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (partner ? partner.close(() => resolve()) : resolve()));
  await server?.close();
});

async function embedFrame(page: Page): Promise<Frame> {
  // The generator's preview loads lazily: brought into view, it starts loading; wait for its document, not for luck.
  await page.locator('iframe').first().scrollIntoViewIfNeeded();
  let frame: Frame | undefined;
  for (let tries = 0; tries < 50 && !frame; tries++) {
    frame = page.frames().find((f) => f.url().includes('/embed/'));
    if (!frame) await page.waitForTimeout(100);
  }
  assert.ok(frame, 'the embed frame');
  await frame.waitForSelector('.stk-item');
  return frame;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations inside one frame ("rule: targets"). */
async function frameViolations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  const result = (await frame.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: Array<{ id: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until the focus is on an entry's link (in the frame or the component's shadow root); how many presses it took. */
async function tabToEntry(page: Page, focusedHref: () => Promise<string | null>): Promise<number> {
  for (let presses = 1; presses <= 12; presses++) {
    await page.keyboard.press('Tab');
    const href = await focusedHref();
    if (href && /\/activities\/\d+$/.test(href)) return presses;
  }
  return -1;
}

describe('embeds on a partner page of another origin (Chromium)', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`shows the filtered search by iframe in ${locale}: the right entries, right-to-left in Arabic, reachable by Tab, axe 0`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        await page.goto(`${partnerUrl}/iframe/${locale}`);
        const frame = await embedFrame(page);
        assert.equal(await frame.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
        const titles = await frame.locator('.stk-item h2 a').evaluateAll((links) => links.map((a) => a.firstChild?.textContent ?? ''));
        assert.deepEqual(titles.sort(), [...TITLES[locale]].sort());
        assert.equal(await frame.locator(`text=${OUTSIDE}`).count(), 0);
        for (const link of await frame.locator('.stk-item h2 a').all()) {
          assert.equal(await link.getAttribute('target'), '_blank');
          assert.equal(await link.getAttribute('rel'), 'noopener');
        }
        const presses = await tabToEntry(page, () => frame.evaluate(() => document.activeElement?.getAttribute('href') ?? null));
        assert.ok(presses > 0, 'Tab reaches an entry link inside the frame');
        // axe keeps to its own origin across frames, so it runs in the partner's page and in the frame, each on its own.
        assert.deepEqual(await frameViolations(frame), []);
        assert.deepEqual(await axeViolations(page, 3), []);
      } finally {
        await context.close();
      }
    });

    it(`shows the same search with the web component in ${locale}: from the API, in a shadow root, reachable by Tab, axe 0`, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') failures.push(m.text());
      });
      try {
        await page.goto(`${partnerUrl}/component/${locale}`);
        const items = page.locator('stocktake-list .stk-item');
        await items.first().waitFor();
        assert.equal(await items.count(), TITLES[locale].length, failures.join('\n'));
        const titles = await page.locator('stocktake-list .stk-item a').evaluateAll((links) => links.map((a) => a.firstChild?.textContent ?? ''));
        assert.deepEqual(titles.sort(), [...TITLES[locale]].sort());
        assert.equal(await page.locator('stocktake-list .stk').getAttribute('dir'), locale === 'ar' ? 'rtl' : 'ltr');
        // The host page's custom properties reach inside the shadow root.
        const accent = await page
          .locator('stocktake-list .stk-item a')
          .first()
          .evaluate((a) => getComputedStyle(a).color);
        assert.equal(accent, 'rgb(138, 28, 28)');
        const href = await page.locator('stocktake-list .stk-item a').first().getAttribute('href');
        assert.match(href ?? '', new RegExp(`^${server.url}/${locale}/activities/\\d+$`));
        const presses = await tabToEntry(page, () =>
          page.evaluate(() => document.querySelector('stocktake-list')?.shadowRoot?.activeElement?.getAttribute('href') ?? null),
        );
        assert.ok(presses > 0, 'Tab reaches an entry link inside the component');
        // The reader's own filter: the country select, then Apply, keeps the list and moves the focus to its heading.
        await page.locator('stocktake-list select[name=country]').selectOption('GH');
        await page.locator('stocktake-list button[type=submit]').click();
        await page.waitForFunction(() => document.querySelector('stocktake-list')?.shadowRoot?.activeElement?.tagName === 'H2');
        assert.equal(await items.count(), TITLES[locale].length);
        assert.deepEqual(await axeViolations(page, 3), []);
        assert.deepEqual(failures, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('the embed generator (Chromium)', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`has no axe violations in ${locale}, the preview frame included`, async () => {
      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      try {
        const res = await page.goto(`${server.url}/${locale}/embed?actionLine=c5&facets=country&layout=cards`);
        assert.equal(res?.status(), 200);
        assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
        const frame = await embedFrame(page);
        assert.deepEqual(await frameViolations(frame), []);
        assert.deepEqual(await axeViolations(page, 3), []);
      } finally {
        await context.close();
      }
    });
  }

  it('updates the preview and the snippets as the form changes, and copies a snippet', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/en/embed?actionLine=c5`);
      await page.selectOption('#f-layout', 'compact');
      await page.waitForFunction(() => document.querySelector('.embed-preview')?.getAttribute('src')?.includes('layout=compact'));
      await embedFrame(page);
      assert.match(await page.inputValue('#snippet-script'), /layout="compact"/);
      assert.match(page.url(), /layout=compact/);
      await page.fill('#f-accent', '#aa0000');
      await page.waitForFunction(() =>
        (document.getElementById('snippet-script') as HTMLTextAreaElement | null)?.value.includes('--stocktake-accent: #aa0000'),
      );
      await page.locator('button[data-copy="snippet-iframe"]').click();
      assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^<iframe src="http:\/\/stocktake\.test\/embed\/en\/search\?actionLine=c5/);
    } finally {
      await context.close();
    }
  });

  it('previews by reloading with the Preview button when JavaScript is off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/en/embed?actionLine=c5`);
      assert.equal(await page.locator('button[data-copy]').first().isVisible(), false);
      await page.selectOption('#f-layout', 'cards');
      await Promise.all([page.waitForURL(/layout=cards/), page.locator('#embed-form button[type=submit]').click()]);
      const frame = await embedFrame(page);
      assert.equal(await frame.locator('main.stk-cards').count(), 1);
    } finally {
      await context.close();
    }
  });
});

describe('embeds and the generator on a 320 px phone', () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`nothing overflows sideways in ${locale}`, async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      try {
        for (const path of [`/${locale}/embed?actionLine=c5&facets=country`, `/embed/${locale}/search?actionLine=c5&facets=country,actionLine&layout=cards`]) {
          await page.goto(`${server.url}${path}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${path}: ${overflow}px too wide`);
        }
      } finally {
        await context.close();
      }
    });
  }
});
