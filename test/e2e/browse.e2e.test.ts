import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchChromium, startServerWithDemo, type RunningServer } from '../support/browser';

let server: RunningServer;
let browser: Browser;
let publishedId = 0;

before(async () => {
  server = await startServerWithDemo();
  browser = await launchChromium();
  const row = await server.db.handle.db.selectFrom('entries').select('id').where('state', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
  publishedId = row.id;
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Checks the first not-yet-checked value of a facet (the results and counts must then agree). */
async function checkFirstValue(page: Page, facet: string, js: boolean): Promise<string> {
  const value = (await page.locator(`input[type=checkbox][name="${facet}"]:not(:checked)`).first().getAttribute('value'))!;
  // Address the box by its value: with JavaScript the form submits on change, and a locator such as
  // ":not(:checked)" would then resolve to another box on the new page.
  const box = page.locator(`input[type=checkbox][name="${facet}"][value="${value}"]`);
  if (js) {
    await Promise.all([page.waitForURL((u) => u.searchParams.getAll(facet).includes(value)), box.click()]);
    await page.waitForLoadState('load');
  } else {
    await box.check();
    await Promise.all([page.waitForURL((u) => u.searchParams.getAll(facet).includes(value)), page.locator('button.apply').click()]);
  }
  return value;
}

async function searchFlow(locale: 'en' | 'ar', js: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: js, locale });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/${locale}/activities`);
    assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
    await page.fill('#q', locale === 'ar' ? 'الإنترنت' : 'internet');
    await Promise.all([page.waitForURL(/q=/), page.locator('.query-row button[type=submit]').click()]);
    const results = await page.locator('.result').count();
    assert.ok(results > 0, 'the text search finds demo activities');

    const line = await checkFirstValue(page, 'actionLine', js);
    const region = await checkFirstValue(page, 'region', js);
    const url = new URL(page.url());
    assert.deepEqual(url.searchParams.getAll('actionLine'), [line]);
    assert.deepEqual(url.searchParams.getAll('region'), [region]);
    assert.ok((await page.locator('.result').count()) > 0, 'two facets still leave results');
    // The URL reproduces the view: loading it again gives the same heading.
    const heading = await page.locator('#results-title').innerText();
    await page.goto(page.url());
    assert.equal(await page.locator('#results-title').innerText(), heading);

    const first = page.locator('.result h3 a').first();
    const title = (await first.innerText()).trim();
    await Promise.all([page.waitForURL(/\/activities\/\d+/), first.click()]);
    assert.equal((await page.locator('h1').innerText()).trim(), title);

    const other = locale === 'ar' ? 'en' : 'ar';
    await Promise.all([page.waitForURL(new RegExp(`/${other}/activities/\\d+`)), page.locator(`.languages a[hreflang="${other}"]`).click()]);
    assert.equal(await page.getAttribute('html', 'lang'), other);
    assert.equal(await page.getAttribute('html', 'dir'), other === 'ar' ? 'rtl' : 'ltr');
  } finally {
    await context.close();
  }
}

describe('search, filter, read, switch language (Chromium)', () => {
  it('works in English with JavaScript', () => searchFlow('en', true));
  it('works in Arabic (right-to-left) with JavaScript', () => searchFlow('ar', true));
  it('works in English without JavaScript', () => searchFlow('en', false));
  it('works in Arabic without JavaScript', () => searchFlow('ar', false));
});

describe('accessibility (axe-core in Chromium)', () => {
  for (const locale of ['en', 'ar'] as const) {
    for (const [name, path] of [
      ['home', '/'],
      ['search', '/activities?q=school&sdg=4'],
      ['activity', '/activities/:id'],
    ] as const) {
      it(`${name} page in ${locale} has no violations`, async () => {
        const context = await browser.newContext({ bypassCSP: true });
        const page = await context.newPage();
        try {
          const response = await page.goto(`${server.url}/${locale}${path.replace(':id', String(publishedId))}`);
          assert.equal(response?.status(), 200);
          const summary = await axeViolations(page, 3);
          assert.deepEqual(summary, []);
        } finally {
          await context.close();
        }
      });
    }
  }
});

/** The bytes a browser receives for a path, asking for gzip as browsers do. */
function transferred(url: string): Promise<{ status: number; bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, encoding: res.headers['content-encoding'] }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('page budget', () => {
  it('keeps every public template at most 30 KB compressed (HTML, CSS and script; images aside), in English and Arabic', async () => {
    const css = await transferred(`${server.url}/static/app.css`);
    const js = await transferred(`${server.url}/static/app.js`);
    assert.equal(css.encoding, 'gzip');
    const figures: string[] = [];
    for (const locale of ['en', 'ar']) {
      for (const path of [
        '/',
        '/search',
        '/activities',
        '/activities?sdg=4&region=002',
        `/activities/${publishedId}`,
        '/events',
        '/publications',
        '/actors',
        '/countries',
        '/countries/KE',
      ]) {
        const page = await transferred(`${server.url}/${locale}${path}`);
        assert.equal(page.status, 200, path);
        const total = page.bytes + css.bytes + js.bytes;
        figures.push(`${locale}${path} ${total}`);
        assert.ok(total <= 30 * 1024, `/${locale}${path}: ${total} B (HTML ${page.bytes} B + CSS ${css.bytes} B + JS ${js.bytes} B)`);
      }
    }
    process.stdout.write(`# page weight (gzip, B): ${figures.join(', ')}\n`);
  });
});
