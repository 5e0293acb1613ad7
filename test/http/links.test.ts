import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCALE_INFO, LOCALES } from '../../src/i18n/locales';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

const BASE = 'http://stocktake.test';
const NOISE = 'utm_source=x&fbclid=y&unknown=z';
const LONG_SUMMARY = Array.from({ length: 50 }, (_, i) => `Clinics ${i} share broadband.`).join(' ');

let t: TestDb;
const ids: Record<string, number> = {};
let orgId = 0;
let curator: TestClient;

const entry = entryLine;

before(async () => {
  t = await createTestDb({ search: 'index' });
  const report = await importEntries(t.deps, [
    entry('l-activity', 'Clinic broadband', { translations: { en: { title: 'Clinic broadband', summary: LONG_SUMMARY, description: '' } } }),
    entry('l-actor', 'Kenya ICT Network', { kind: 'actor', actor: { stakeholderType: 'civil-society' } }),
    entry('l-publication', 'Broadband report', { kind: 'publication', publication: { year: 2023, authors: ['A. Author'] } }),
    entry('l-event', 'Nairobi forum', {
      kind: 'event',
      event: { start: '2099-03-01T09:00', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' },
    }),
    entry('l-story', 'How the clinics got online', { kind: 'story', story: { strategy: 'Start small.' } }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  await t.index!.refresh();
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids[r.externalId.slice(2)] = r.id;
  orgId = await organisation(t, 'Links Organisation');
  curator = new TestClient(t.app);
  await curator.signIn((await person(t, { role: 'curator' })).email, PASSWORD);
});
after(() => t.close());

/** What differs between two renderings of one page by design: tokens and request ids. */
const strip = (html: string) =>
  html
    .replace(/request [0-9a-f-]{8,}/gi, 'request …')
    .replace(/name="_csrf" value="[^"]*"/g, '')
    .replace(/<meta name="csrf-token" content="[^"]*"/g, '');
const withNoise = (path: string) => `${path}${path.includes('?') ? '&' : '?'}${NOISE}`;

/** The public pages: home, search, each kind's list and one entry of each kind, countries, organisations, calls, accounts. */
function publicPages(): string[] {
  return [
    '/en/',
    '/ar/',
    '/en/search',
    '/en/search?q=clinics&kind=story',
    '/en/activities',
    '/en/actors',
    '/en/stories',
    '/en/events',
    '/en/events?when=past',
    '/en/publications?sort=title',
    `/en/activities/${ids.activity}`,
    `/ar/activities/${ids.activity}`,
    `/en/activities/${ids.activity}?version=en`,
    `/en/actors/${ids.actor}`,
    `/en/publications/${ids.publication}`,
    `/en/events/${ids.event}`,
    `/zh/stories/${ids.story}`,
    '/en/countries',
    '/en/countries/KE',
    '/en/countries/compare',
    '/en/countries/compare?c=KE&c=FR',
    '/en/organisations',
    `/en/organisations/${orgId}`,
    '/en/calls',
    '/en/data',
    '/en/account/sign-in',
    '/en/account/sign-up',
    '/en/account/reset',
    '/en/embed?kind=actor&layout=cards&facets=region',
    '/en/dashboard?sdg=4&q=school',
  ];
}

/** The tags of a page's <head>, each as its attributes. */
function headTags(html: string, tag: 'meta' | 'link'): Array<Record<string, string>> {
  const head = html.slice(0, html.indexOf('</head>'));
  return [...head.matchAll(new RegExp(`<${tag}\\s([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([a-z:-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')])),
  );
}
const metas = (html: string, key: string) => headTags(html, 'meta').filter((m) => m.name === key || m.property === key);
const one = (html: string, key: string) => {
  const found = metas(html, key);
  assert.equal(found.length, 1, `one ${key}`);
  return found[0]!.content!;
};

describe('links that never break', () => {
  it('serves every public page with tracking and unknown parameters as the page without them', async () => {
    for (const path of publicPages()) {
      const plain = await t.app.request(path);
      const noisy = await t.app.request(withNoise(path));
      assert.equal(plain.status, 200, path);
      assert.equal(noisy.status, 200, withNoise(path));
      assert.equal(strip(await noisy.text()), strip(await plain.text()), `${path}: the extra parameters change nothing`);
    }
  });

  it('serves error pages the same with them: the same status and page', async () => {
    for (const [path, status] of [
      ['/en/no-such-page', 404],
      [`/en/activities/2147483000`, 404],
      ['/en/search?page=0', 400],
      ['/ar/events?when=tomorrow', 400],
    ] as const) {
      const plain = await t.app.request(path);
      const noisy = await t.app.request(withNoise(path));
      assert.equal(plain.status, status, path);
      assert.equal(noisy.status, status, withNoise(path));
      assert.equal(strip(await noisy.text()), strip(await plain.text()), path);
    }
  });

  it('serves signed-in pages the same with them', async () => {
    const revision = await t.deps.db.selectFrom('revisions').select('number').where('entityId', '=', ids.activity!).executeTakeFirstOrThrow();
    for (const path of [
      '/en/account',
      '/en/account/sessions',
      '/en/account/two-factor',
      '/en/contribute',
      '/en/review',
      '/en/review?status=submitted',
      `/en/activities/${ids.activity}/history`,
      `/en/activities/${ids.activity}/diff?from=${revision.number}&to=${revision.number}`,
    ]) {
      const plain = await curator.get(path);
      const noisy = await curator.get(withNoise(path));
      assert.equal(plain.status, 200, `${path}: ${plain.text.slice(0, 300)}`);
      assert.equal(noisy.status, 200, withNoise(path));
      assert.equal(strip(noisy.text), strip(plain.text), path);
    }
  });

  it('still refuses a parameter the page reads when its value is malformed, in the reader’s language', async () => {
    for (const [path, field] of [
      [`/ar/activities/${ids.activity}?version=de&utm_source=x`, 'version'],
      [`/ar/stories/${ids.story}?done=bogus`, 'done'],
      ['/ar/publications?sort=popularity&unknown=z', 'sort'],
      ['/ar/countries/compare?c=KE&c=KE&fbclid=y', 'c'],
    ] as const) {
      const res = await t.app.request(path);
      assert.equal(res.status, 400, path);
      const html = await res.text();
      assert.match(html, /<html lang="ar" dir="rtl">/, `${path} (${field})`);
    }
  });

  it('keeps the JSON API strict: an unknown parameter is refused by name', async () => {
    const res = await t.app.request('/api/v1/search?q=clinics&unknown=z');
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { details: Array<{ field: string }> } };
    assert.ok(body.error.details.some((d) => d.field === 'unknown'));
  });

  it('shows the notice of each action that comes back to an entry (?done=…)', async () => {
    for (const [path, text] of [
      [`/en/publications/${ids.publication}?done=rated`, 'rating'],
      [`/en/stories/${ids.story}?done=shared`, 'sent'],
      [`/en/actors/${ids.actor}?done=matched`, ''],
    ] as const) {
      const res = await t.app.request(path);
      assert.equal(res.status, 200, path);
      const html = await res.text();
      assert.match(html, /<p role="status" class="notice">/, path);
      assert.ok(html.toLowerCase().includes(text), `${path}: ${text}`);
      assert.equal(
        headTags(html, 'link').find((l) => l.rel === 'canonical')?.href,
        `${BASE}${path.slice(0, path.indexOf('?'))}`,
        'the notice is not part of the address',
      );
    }
  });
});

describe('the head of every page', () => {
  it('has a description, an absolute canonical URL and absolute language alternates with x-default', async () => {
    for (const path of publicPages()) {
      const html = await (await t.app.request(withNoise(path))).text();
      assert.ok(one(html, 'description').length > 20, `${path}: a description`);
      const canonical = headTags(html, 'link').filter((l) => l.rel === 'canonical');
      assert.deepEqual(
        canonical.map((l) => l.href),
        [`${BASE}${path}`],
        `${path}: canonical, without the tracking or unknown parameters`,
      );
      const after = path.replace(/^\/[a-z]{2}/, '');
      const alternates = headTags(html, 'link').filter((l) => l.rel === 'alternate' && l.hreflang);
      assert.deepEqual(
        alternates.map((l) => [l.hreflang, l.href]),
        [...LOCALES.map((l) => [LOCALE_INFO[l].bcp47, `${BASE}/${l}${after}`]), ['x-default', `${BASE}/en${after}`]],
        `${path}: alternates`,
      );
    }
  });

  it('gives an error page a description but no canonical URL', async () => {
    const html = await (await t.app.request('/en/no-such-page')).text();
    assert.ok(one(html, 'description'));
    assert.ok(!headTags(html, 'link').some((l) => l.rel === 'canonical'));
    assert.equal(metas(html, 'og:title').length, 0);
  });

  it('describes an entry by its summary, trimmed for a search result', async () => {
    const html = await (await t.app.request(`/en/activities/${ids.activity}`)).text();
    const description = one(html, 'description');
    assert.ok(Array.from(description).length <= 160, description);
    assert.ok(description.endsWith('…'));
    assert.ok(LONG_SUMMARY.startsWith(description.slice(0, -1)), 'a prefix of the summary');
    const short = await (await t.app.request(`/en/actors/${ids.actor}`)).text();
    assert.equal(one(short, 'description'), 'Kenya ICT Network, in short.');
  });

  it('gives every entry page OpenGraph and Twitter card tags', async () => {
    for (const [kind, path, title, locale] of [
      ['activity', `/en/activities/${ids.activity}`, 'Clinic broadband', 'en_US'],
      ['actor', `/en/actors/${ids.actor}`, 'Kenya ICT Network', 'en_US'],
      ['publication', `/fr/publications/${ids.publication}`, 'Broadband report', 'fr_FR'],
      ['event', `/en/events/${ids.event}`, 'Nairobi forum', 'en_US'],
      ['story', `/ar/stories/${ids.story}`, 'How the clinics got online', 'ar_AR'],
    ] as const) {
      const html = await (await t.app.request(withNoise(path))).text();
      const description = one(html, 'description');
      assert.equal(one(html, 'og:title'), title, kind);
      assert.equal(one(html, 'og:description'), description, kind);
      assert.equal(one(html, 'og:url'), `${BASE}${path}`, kind);
      assert.equal(one(html, 'og:type'), 'article', kind);
      assert.equal(one(html, 'og:site_name'), t.deps.config.siteName, kind);
      assert.equal(one(html, 'og:locale'), locale, kind);
      const others = metas(html, 'og:locale:alternate').map((m) => m.content);
      assert.equal(others.length, 5, kind);
      assert.ok(!others.includes(locale), kind);
      assert.equal(metas(html, 'og:image').length, 0, `${kind}: no image, no og:image`);
      assert.equal(one(html, 'twitter:card'), 'summary', kind);
      assert.equal(one(html, 'twitter:title'), title, kind);
      assert.equal(one(html, 'twitter:description'), description, kind);
    }
    const home = await (await t.app.request('/en/')).text();
    assert.equal(metas(home, 'og:title').length, 0, 'link previews are for entry pages');
  });
});

describe('robots.txt', () => {
  /** Whether a robots.txt rule (prefix, `*` any run, `$` end) matches a path. */
  const matches = (rule: string, path: string) =>
    new RegExp(
      `^${rule
        .replace(/[.+?^{}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\\\$$|\$$/, '$')}`,
    ).test(path);

  it('opens public pages to crawlers and closes personal and staff pages', async () => {
    const res = await t.app.request('/robots.txt');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    const lines = text.split('\n').filter(Boolean);
    assert.equal(lines[0], 'User-agent: *');
    const disallowed = lines.filter((l) => l.startsWith('Disallow: ')).map((l) => l.slice('Disallow: '.length));
    const blocked = (path: string) => disallowed.some((rule) => matches(rule, path));
    // Signing in and up are not for crawlers either (under /account); every other public page is open.
    for (const path of publicPages()) assert.equal(blocked(path), path.startsWith('/en/account/'), path);
    for (const locale of LOCALES)
      for (const path of ['/account', '/account/sign-in', '/contribute', '/review', '/admin/users', '/calls/new', '/organisations/new'])
        assert.ok(blocked(`/${locale}${path}`), `/${locale}${path} is closed`);
    assert.ok(blocked(`/en/activities/${ids.activity}/history`));
    assert.ok(blocked(`/en/events/${ids.event}/diff?from=1&to=2`));
    assert.deepEqual(
      lines.filter((l) => l.startsWith('Sitemap:')),
      [`Sitemap: ${t.deps.config.baseUrl}/sitemap.xml`],
      'the sitemap index, by its absolute public address',
    );
  });
});
