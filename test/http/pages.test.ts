import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { createApp } from '../../src/app';
import { createSqlSearch } from '../../src/modules/search/sql-search';
import { activityLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let id: number;
const HOSTILE = '<script>alert(1)</script>" onmouseover="x';

before(async () => {
  // These pages are served by the in-process index (the API tests use the SQL path).
  t = await createTestDb({ search: 'index' });
  await importEntries(t.deps, [
    activityLine({
      externalId: 'p-1',
      translations: {
        en: { title: `Safe ${HOSTILE}`, summary: 'Broadband for clinics.', description: '' },
        fr: { title: 'Haut débit pour les cliniques', summary: 'Des cliniques rurales connectées.', description: '' },
      },
    }),
    activityLine({
      externalId: 'p-ar',
      originalLanguage: 'ar',
      translations: { ar: { title: 'الصحة الإلكترونية في المغرب', summary: 'ربط المراكز الصحية.', description: '' } },
      countries: ['MA'],
    }),
  ]);
  await t.index!.refresh();
  id = (await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'p-1').executeTakeFirstOrThrow()).id;
});
after(async () => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

describe('locale routing', () => {
  it('sends / to the best language of Accept-Language', async () => {
    const res = await get('/', { 'accept-language': 'de-CH, ru;q=0.9, en;q=0.5' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/ru/');
    assert.equal((await get('/')).headers.get('location'), '/en/');
  });
  it('answers 404 for an unknown locale', async () => {
    assert.equal((await get('/de/')).status, 404);
  });
  for (const [locale, dir] of [
    ['en', 'ltr'],
    ['ar', 'rtl'],
    ['zh', 'ltr'],
    ['fr', 'ltr'],
    ['es', 'ltr'],
    ['ru', 'ltr'],
  ] as const) {
    it(`renders the home page in ${locale} with dir=${dir}`, async () => {
      const res = await get(`/${locale}/`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, new RegExp(`<html lang="${locale === 'zh' ? 'zh-Hans' : locale}" dir="${dir}">`));
      for (const l of ['ar', 'zh', 'en', 'fr', 'es', 'ru']) assert.ok(html.includes(`href="/${l}/"`), `switcher links to ${l}`);
    });
  }
});

describe('search page', () => {
  it('answers 400 with a localised page naming the bad parameter', async () => {
    const res = await get('/ar/activities?page=0');
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.match(html, /dir="rtl"/);
    assert.ok(html.includes('الصفحة') || html.includes('صفحة'), 'names the page field in Arabic');
  });
  it('reproduces the view from its URL, with selected facets checked', async () => {
    const res = await get('/en/activities?q=clinics&country=KE&sort=title');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /name="country" value="KE"[^>]*checked/);
    assert.match(html, /<option value="title" selected/);
    assert.ok(html.includes('<mark>'), 'matched words are marked');
  });
  it('escapes hostile text', async () => {
    const html = await (await get('/en/activities?q=safe')).text();
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&lt;script&gt;'));
  });
  it('sends a Content-Security-Policy without inline script', async () => {
    const csp = (await get('/en/activities')).headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.ok(!csp.includes('unsafe-inline'));
  });
  it('never answers 5xx, whatever the query string', async () => {
    const keys = ['q', 'page', 'pageSize', 'sort', 'sdg', 'country', 'year', 'language', 'x', 'region', 'actionLine'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...keys), fc.string({ unit: 'binary', maxLength: 40 })), { maxLength: 6 }), async (pairs) => {
        const qs = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const res = await get(`/en/activities?${qs}`);
        assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${qs}`);
        const api = await get(`/api/v1/activities?${qs}`);
        assert.ok(api.status === 200 || api.status === 400, `${api.status} for API ${qs}`);
      }),
      { numRuns: 120 },
    );
  });
  it('survives malformed percent-encoding, bidi controls and a thousand words', async () => {
    for (const q of [
      '%E0%A4%A',
      '%',
      '\u202Eevil\u202C',
      Array.from({ length: 1000 }, (_, i) => `w${i}`)
        .join(' ')
        .slice(0, 200),
      '""""',
      '"unbalanced',
      '- - -',
      'the of and',
    ]) {
      const res = await get(`/en/activities?q=${q.startsWith('%') ? q : encodeURIComponent(q)}`);
      assert.ok(res.status === 200 || res.status === 400, `${res.status} for ${q.slice(0, 20)}`);
    }
    const long = await get(`/en/activities?q=${'word '.repeat(1000)}`);
    assert.equal(long.status, 400);
  });
});

describe('activity page', () => {
  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    assert.equal((await get('/en/activities/abc')).status, 400);
    assert.equal((await get('/en/activities/424242')).status, 404);
  });
  it('shows the reader’s language version, links other versions and never the contact', async () => {
    const html = await (await get(`/fr/activities/${id}`)).text();
    assert.ok(html.includes('Haut débit pour les cliniques'));
    assert.ok(html.includes(`/fr/activities/${id}?version=en`));
    assert.ok(!html.includes('contact@example.org'));
    const en = await (await get(`/fr/activities/${id}?version=en`)).text();
    assert.ok(en.includes('Safe &lt;script&gt;'));
  });
  it('falls back to the original language and says so', async () => {
    const arId = (await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'p-ar').executeTakeFirstOrThrow()).id;
    const html = await (await get(`/en/activities/${arId}`)).text();
    assert.ok(html.includes('lang="ar"'));
    assert.ok(html.includes('Arabic'));
  });
  it('links its tags back to filtered searches', async () => {
    const html = await (await get(`/en/activities/${id}`)).text();
    assert.ok(html.includes('href="/en/activities?country=KE"'));
    assert.ok(html.includes('href="/en/activities?actionLine=c3"'));
  });
  it('rejects an unknown version parameter with 400', async () => {
    assert.equal((await get(`/en/activities/${id}?version=de`)).status, 400);
  });
});

describe('home page read once per index snapshot', () => {
  // The CSRF token differs on every first visit; the rest of the page is what is compared.
  const page = async (app: { request(path: string): Response | Promise<Response> }) =>
    (await (await app.request('/en/')).text()).replace(/(csrf[^"]*" ?(?:content|value)=")[^"]*/g, '$1');

  it('is the same page the SQL path renders, and moves on when a change is applied', async () => {
    const sqlApp = createApp({ ...t.deps, search: createSqlSearch(t.deps.db) });
    const first = await page(t.app);
    assert.equal(await page(t.app), first, 'kept between requests');
    assert.equal(first, await page(sqlApp));

    await importEntries(t.deps, [
      activityLine({ externalId: 'p-home-new', translations: { en: { title: 'Freshly published mesh', summary: 'New.', description: '' } } }),
    ]);
    await t.index!.refresh();
    const after = await page(t.app);
    assert.match(after, /Freshly published mesh/);
    assert.equal(after, await page(sqlApp));
  });
});

describe('links that carry campaign tracking', () => {
  it('serves a shared link with ?utm_source=… (and click ids) as the page without them', async () => {
    const tracking = 'utm_source=newsletter&utm_medium=email&utm_campaign=wsis-2026&fbclid=abc123';
    const strip = (html: string) => html.replace(/request [0-9a-f-]+/gi, '').replace(/name="_csrf" value="[^"]*"/g, '');
    for (const path of ['/en/', '/en/search?q=clinics', `/en/activities/${id}`, '/en/countries/MA', '/ar/search?q=الصحة']) {
      const plain = await get(path);
      const tracked = await get(`${path}${path.includes('?') ? '&' : '?'}${tracking}`);
      assert.equal(plain.status, 200, path);
      assert.equal(tracked.status, 200, `${path} with tracking`);
      assert.equal(strip(await tracked.text()), strip(await plain.text()), `${path}: tracking changes nothing`);
    }
    const api = await get(`/api/v1/search?q=clinics&${tracking}`);
    assert.equal(api.status, 200);
    // Any other key a page does not read is ignored as well; a key it reads with a bad value is still refused.
    const unknown = await get('/en/search?q=clinics&utmsource=x');
    assert.equal(unknown.status, 200);
    assert.equal((await get('/en/search?q=clinics&page=0&utmsource=x')).status, 400);
  });
});
