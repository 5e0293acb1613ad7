import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import jsonld from 'jsonld';
import type { AppEnv } from '../../src/http/context';
import { PUBLIC_CACHE_CONTROL } from '../../src/http/middleware/public-cache';
import { STATUS } from '../../src/http/errors';
import { pagesPerFile, SITEMAP_MAX_URLS, sitemapRoutes, urlsetXml } from '../../src/http/sitemaps';
import { jsonForScript } from '../../src/lib/json-script';
import { AppError } from '../../src/lib/errors';
import { LOCALE_INFO, LOCALES } from '../../src/i18n/locales';
import { KINDS } from '../../src/modules/entries/kinds';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const S = 'https://schema.org/';
const CONTEXT = readFileSync(new URL('../fixtures/json-ld/schema-org-context.jsonld', import.meta.url), 'utf8');
const XSD = new URL('../fixtures/sitemap/sitemap.xsd', import.meta.url).pathname;
const HAS_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

/** Addresses the loader was asked for and refused. */
const refused: string[] = [];
/** Serves our own schema.org context for schema.org's address, and refuses every other fetch: expansion stays offline. */
const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) return { contextUrl: undefined, documentUrl: url, document: JSON.parse(CONTEXT) as object };
  refused.push(url);
  throw new Error(`no network in tests: ${url}`);
};

type Expanded = Record<string, unknown>;
const expand = async (doc: unknown): Promise<Expanded[]> =>
  (await jsonld.expand(doc as jsonld.JsonLdDocument, { documentLoader } as jsonld.Options.Expand)) as unknown as Expanded[];
/** The values (literals or IRIs) of a property of an expanded node. */
const vals = (node: Expanded | undefined, property: string): string[] =>
  ((node?.[`${S}${property}`] as Array<{ '@value'?: unknown; '@id'?: string }> | undefined) ?? []).map((v) => String(v['@value'] ?? v['@id']));
/** The expanded nodes a property of a node holds. */
const nodes = (node: Expanded | undefined, property: string): Expanded[] => (node?.[`${S}${property}`] as Expanded[] | undefined) ?? [];
const typed = (node: Expanded | undefined, property: string): Array<{ type: unknown; value: unknown }> =>
  ((node?.[`${S}${property}`] as Array<{ '@type'?: unknown; '@value'?: unknown }> | undefined) ?? []).map((v) => ({ type: v['@type'], value: v['@value'] }));
const types = (node: Expanded | undefined) => (node?.['@type'] as string[] | undefined) ?? [];

let t: TestDb;
const ids = new Map<string, number>();
const HOSTILE = 'Broadband </script><script>alert(1)</script> <!-- & more';

const entry = entryLine;

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, [
    entry('ld-activity', HOSTILE, {
      startDate: '2021-03-01',
      endDate: '2024-06-30',
      countries: ['KE', 'TZ'],
      organisations: [
        { name: 'Lead Network', role: 'lead', stakeholderType: 'civil-society' },
        { name: 'Partner Ministry', role: 'partner', stakeholderType: 'government' },
      ],
    }),
    entry('ld-activity-2', 'Second activity'),
    entry('ld-activity-3', 'Third activity'),
    entry('ld-actor', 'Geneva Internet Lab', {
      kind: 'actor',
      countries: ['CH'],
      links: [{ url: 'https://lab.example.org/', label: 'Website' }],
      actor: {
        stakeholderType: 'academia',
        established: 1998,
        address: 'Rue de Lausanne 1, 1202 Genève',
        social: [{ network: 'Mastodon', handle: '@lab', url: 'https://social.example.org/@lab' }],
        acronyms: { en: 'GIL' },
      },
    }),
    entry('ld-paper', 'Broadband in rural schools: a study', {
      kind: 'publication',
      organisations: [{ name: 'University of Nairobi', role: 'lead', stakeholderType: 'academia' }],
      publication: { year: 2023, authors: ['A. Author', 'B. Author'], language: 'sw' },
    }),
    entry('ld-report', 'National broadband report', { kind: 'publication', publication: { year: 2022 } }),
    // Across the end of summer time in Zurich: starts at +02:00, ends at +01:00.
    entry('ld-event', 'Geneva cyber workshop', {
      kind: 'event',
      countries: ['CH'],
      event: {
        start: '2026-10-24T18:00',
        end: '2026-10-25T12:00',
        timeZone: 'Europe/Zurich',
        mode: 'hybrid',
        city: 'Geneva',
        onlineUrl: 'https://meet.example.org/c',
      },
    }),
    entry('ld-online', 'Nairobi webinar', {
      kind: 'event',
      event: { start: '2026-03-10T09:30', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://meet.example.org/n' },
    }),
    entry('ld-story', 'How the telecentres lasted', { kind: 'story', story: { strategy: 'Local ownership from the start.' } }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids.set(r.externalId, r.id);
});
after(() => t.close());

const base = () => t.deps.config.baseUrl;
async function page(path: string): Promise<string> {
  const res = await t.app.request(path);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}: ${body.slice(0, 300)}`);
  return body;
}
/** The page's JSON-LD documents, as sent and parsed. */
function scripts(html: string): Array<{ raw: string; json: unknown }> {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => ({ raw: m[1]!, json: JSON.parse(m[1]!) as unknown }));
}
/** The page's JSON-LD expanded offline, and its main node (the one whose @id is the page). */
async function expandedPage(path: string): Promise<{ main: Expanded; graph: Expanded[]; raw: string }> {
  const html = await page(path);
  const found = scripts(html);
  assert.equal(found.length, 1, `${path}: one JSON-LD document`);
  const graph = await expand(found[0]!.json);
  const main = graph.find((n) => n['@id'] === `${base()}${path}`);
  assert.ok(main, `${path}: a node for the page itself`);
  return { main, graph, raw: found[0]!.raw };
}

describe('JSON-LD on entry and country pages, expanded offline by jsonld', () => {
  it('an activity is a Project with its dates, countries, organisations and keywords; entry text cannot close the script', async () => {
    const path = `/en/activities/${ids.get('ld-activity')}`;
    const { main, graph, raw } = await expandedPage(path);
    assert.deepEqual(types(main), [`${S}Project`]);
    assert.deepEqual(vals(main, 'name'), [HOSTILE], 'the title comes back whole once parsed');
    assert.doesNotMatch(raw, /<|>/, 'no < or > inside the script element');
    assert.match(raw, /\\u003c\/script\\u003e/);
    assert.deepEqual(vals(main, 'url'), [`${base()}${path}`]);
    assert.deepEqual(vals(main, 'inLanguage'), ['en']);
    assert.deepEqual(typed(main, 'startDate'), [{ type: `${S}DateTime`, value: '2021-03-01' }]);
    assert.deepEqual(vals(main, 'endDate'), ['2024-06-30']);
    const areas = nodes(main, 'areaServed');
    assert.deepEqual(areas.map(types), [[`${S}Country`], [`${S}Country`]]);
    assert.deepEqual(
      areas.map((a) => vals(a, 'identifier')[0]),
      ['KE', 'TZ'],
    );
    assert.deepEqual(vals(areas[0], 'url'), [`${base()}/en/countries/KE`]);
    assert.deepEqual(
      nodes(main, 'member').map((m) => vals(m, 'name')[0]),
      ['Lead Network', 'Partner Ministry'],
    );
    const keywords = vals(main, 'keywords');
    assert.equal(keywords.length, 2, 'the action line and the SDG');
    assert.ok(
      keywords.every((k) => k !== 'c3' && k !== '5'),
      'labels, not codes',
    );
    assert.ok(!JSON.stringify(graph).includes('contact@example.org'), 'no contact');
    const crumbs = graph.find((n) => types(n).includes(`${S}BreadcrumbList`));
    const items = nodes(crumbs, 'itemListElement');
    assert.deepEqual(
      items.map((i) => vals(i, 'item')[0]),
      [`${base()}/en/`, `${base()}/en/activities`, `${base()}${path}`],
    );
  });

  it('an actor is an Organization with a postal address in its country, sameAs links and its founding year', async () => {
    const path = `/fr/actors/${ids.get('ld-actor')}`;
    const { main } = await expandedPage(path);
    assert.deepEqual(types(main), [`${S}Organization`]);
    const [address] = nodes(main, 'address');
    assert.deepEqual(types(address), [`${S}PostalAddress`]);
    assert.deepEqual(vals(address, 'addressCountry'), ['CH']);
    assert.deepEqual(vals(address, 'streetAddress'), ['Rue de Lausanne 1, 1202 Genève']);
    assert.deepEqual(vals(main, 'sameAs').sort(), ['https://lab.example.org/', 'https://social.example.org/@lab']);
    assert.deepEqual(vals(main, 'url'), [`${base()}${path}`], 'the page in the reader’s locale');
    assert.deepEqual(vals(main, 'inLanguage'), ['en'], 'the language of the text shown (its original)');
    assert.deepEqual(vals(main, 'alternateName'), ['GIL']);
    assert.deepEqual(typed(main, 'foundingDate'), [{ type: `${S}Date`, value: '1998' }]);
  });

  it('a publication is a ScholarlyArticle (issued by academia) or a Report, with authors, publisher and date', async () => {
    const paper = (await expandedPage(`/en/publications/${ids.get('ld-paper')}`)).main;
    assert.deepEqual(types(paper), [`${S}ScholarlyArticle`]);
    assert.deepEqual(
      nodes(paper, 'author').map((a) => [types(a)[0], vals(a, 'name')[0]]),
      [
        [`${S}Person`, 'A. Author'],
        [`${S}Person`, 'B. Author'],
      ],
    );
    assert.deepEqual(
      nodes(paper, 'publisher').map((p) => vals(p, 'name')[0]),
      ['University of Nairobi'],
    );
    assert.deepEqual(typed(paper, 'datePublished'), [{ type: `${S}Date`, value: '2023' }]);
    assert.deepEqual(vals(paper, 'inLanguage'), ['sw'], 'the document’s own language');
    const report = (await expandedPage(`/en/publications/${ids.get('ld-report')}`)).main;
    assert.deepEqual(types(report), [`${S}Report`]);
    assert.deepEqual(
      nodes(report, 'author').map((a) => [types(a)[0], vals(a, 'name')[0]]),
      [[`${S}Organization`, 'Example Telecentre Network']],
      'its issuer',
    );
  });

  it('expansion is offline: any context but schema.org’s is refused', async () => {
    await assert.rejects(expand({ '@context': 'https://example.org/context.jsonld', name: 'x' }));
    assert.deepEqual(refused, ['https://example.org/context.jsonld'], 'asked of our loader, which refused it');
  });

  it('script JSON escapes what could end the element, and parses back the same', () => {
    const value = { t: '</script><!-- a & b \u2028 \u2029 >' };
    const out = jsonForScript(value);
    assert.doesNotMatch(out, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(out), value);
  });

  it('a publication’s files are its encoding and associated media (the descriptor’s own function, expanded)', async () => {
    const input = {
      entry: {
        id: 7,
        countries: [],
        actionLines: [],
        sdgs: [],
        issues: [],
        organisations: [],
        links: [],
        publishedAt: null,
        updatedAt: new Date(),
        originalLanguage: 'en' as const,
      },
      url: 'https://stocktake.example.org/en/publications/7',
      language: 'en' as const,
      text: { title: 'A report', summary: 'Its summary.', description: '' },
      baseUrl: 'https://stocktake.example.org',
      locale: 'en' as const,
      label: (_v: string, code: string) => code,
    };
    const node = KINDS.publication.jsonLd({ authors: [], year: 2020, language: null, fileIds: [41, 42] }, input);
    const [main] = await expand({ '@context': 'https://schema.org', ...node });
    for (const property of ['encoding', 'associatedMedia'])
      assert.deepEqual(
        nodes(main, property).map((m) => vals(m, 'contentUrl')[0]),
        ['https://stocktake.example.org/files/41', 'https://stocktake.example.org/files/42'],
      );
  });

  it('an event is an Event with times at its zone’s offset, its attendance mode, its place and online address, its organisers', async () => {
    const { main } = await expandedPage(`/en/events/${ids.get('ld-event')}`);
    assert.deepEqual(types(main), [`${S}Event`]);
    assert.deepEqual(typed(main, 'startDate'), [{ type: `${S}DateTime`, value: '2026-10-24T18:00:00+02:00' }]);
    assert.deepEqual(typed(main, 'endDate'), [{ type: `${S}DateTime`, value: '2026-10-25T12:00:00+01:00' }], 'after the change to winter time');
    assert.deepEqual(vals(main, 'eventAttendanceMode'), [`${S}MixedEventAttendanceMode`]);
    const locations = nodes(main, 'location');
    assert.deepEqual(locations.map((l) => types(l)[0]).sort(), [`${S}Place`, `${S}VirtualLocation`]);
    const place = locations.find((l) => types(l)[0] === `${S}Place`);
    assert.deepEqual(vals(nodes(place, 'address')[0], 'addressLocality'), ['Geneva']);
    assert.deepEqual(vals(nodes(place, 'address')[0], 'addressCountry'), ['CH']);
    assert.deepEqual(
      vals(
        locations.find((l) => types(l)[0] === `${S}VirtualLocation`),
        'url',
      ),
      ['https://meet.example.org/c'],
    );
    assert.deepEqual(
      nodes(main, 'organizer').map((o) => vals(o, 'name')[0]),
      ['Example Telecentre Network'],
    );
    const online = (await expandedPage(`/ar/events/${ids.get('ld-online')}`)).main;
    assert.deepEqual(vals(online, 'startDate'), ['2026-03-10T09:30:00+03:00']);
    assert.deepEqual(vals(online, 'eventAttendanceMode'), [`${S}OnlineEventAttendanceMode`]);
    assert.deepEqual(
      nodes(online, 'location').map((l) => types(l)[0]),
      [`${S}VirtualLocation`],
    );
  });

  it('a story is an Article with its headline, publication date and author', async () => {
    const { main } = await expandedPage(`/en/stories/${ids.get('ld-story')}`);
    assert.deepEqual(types(main), [`${S}Article`]);
    assert.deepEqual(vals(main, 'headline'), ['How the telecentres lasted']);
    const [published] = typed(main, 'datePublished');
    assert.equal(published?.type, `${S}Date`);
    assert.match(String(published?.value), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.deepEqual(
      nodes(main, 'author').map((a) => vals(a, 'name')[0]),
      ['Example Telecentre Network'],
    );
  });

  it('a country profile is a Country with its name, ISO code and page', async () => {
    const { main } = await expandedPage('/fr/countries/KE');
    assert.deepEqual(types(main), [`${S}Country`]);
    assert.deepEqual(vals(main, 'identifier'), ['KE']);
    assert.deepEqual(vals(main, 'name'), ['Kenya']);
    assert.deepEqual(vals(main, 'url'), [`${base()}/fr/countries/KE`]);
  });

  it('pages that show no one entry or country carry none', async () => {
    assert.equal(scripts(await page('/en/')).length, 0);
    assert.equal(scripts(await page('/en/search')).length, 0);
  });
});

/** The `<loc>` values of a sitemap file. */
const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const pathOf = (url: string) => url.slice(base().length);

describe('sitemaps', () => {
  let files: Map<string, string>;

  before(async () => {
    files = new Map();
    const res = await t.app.request('/sitemap.xml');
    assert.equal(res.status, 200);
    files.set('/sitemap.xml', await res.text());
    for (const loc of locs(files.get('/sitemap.xml')!)) {
      const r = await t.app.request(pathOf(loc));
      assert.equal(r.status, 200, loc);
      assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
      files.set(pathOf(loc), await r.text());
    }
  });

  it('the index lists a sitemap per kind, the countries and the other pages, each with its last change', () => {
    const index = files.get('/sitemap.xml')!;
    assert.deepEqual(
      locs(index).map(pathOf),
      ['activity', 'actor', 'publication', 'event', 'story', 'countries', 'pages'].map((n) => `/sitemaps/${n}.xml`),
    );
    assert.equal((index.match(/<lastmod>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z<\/lastmod>/g) ?? []).length, 7);
  });

  it('every entry is listed in each language, with its last update and the same alternates as its page’s head', async () => {
    const activities = files.get('/sitemaps/activity.xml')!;
    const id = ids.get('ld-activity')!;
    for (const l of LOCALES) assert.ok(locs(activities).includes(`${base()}/${l}/activities/${id}`), l);
    assert.equal(locs(activities).length, 3 * LOCALES.length);
    const row = await t.deps.db.selectFrom('entries').select('updatedAt').where('id', '=', id).executeTakeFirstOrThrow();
    const block = activities.split('</url>').find((u) => u.includes(`<loc>${base()}/ar/activities/${id}</loc>`))!;
    assert.match(block, new RegExp(`<lastmod>${new Date(row.updatedAt).toISOString().slice(0, 19)}Z</lastmod>`));
    const inSitemap = [...block.matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)].map((m) => `${m[1]} ${m[2]}`);
    const head = await page(`/ar/activities/${id}`);
    const inHead = [...head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/?>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(inSitemap, inHead);
    assert.deepEqual(
      inSitemap.map((a) => a.split(' ')[0]),
      [...LOCALES.map((l) => LOCALE_INFO[l].bcp47), 'x-default'],
    );
    assert.ok(!activities.includes('ld-'), 'no external ids');
  });

  it('lists the country profiles and the public lists; a sample of every alternate answers 200', async () => {
    const countries = locs(files.get('/sitemaps/countries.xml')!).map(pathOf);
    for (const iso of ['CH', 'KE', 'TZ']) assert.ok(countries.includes(`/en/countries/${iso}`), iso);
    const pages = locs(files.get('/sitemaps/pages.xml')!).map(pathOf);
    for (const p of ['/en/', '/zh/search', '/fr/events', '/ru/publications', '/es/countries']) assert.ok(pages.includes(p), p);
    for (const locale of LOCALES) for (const view of ['map', 'dashboard']) assert.ok(pages.includes(`/${locale}/${view}`), `/${locale}/${view}`);
    const alternates = new Set<string>();
    for (const [name, xml] of files)
      if (name !== '/sitemap.xml') for (const m of xml.matchAll(/hreflang="[^"]+" href="([^"]+)"/g)) alternates.add(pathOf(m[1]!));
    // Every fifth one (five is prime to the six languages a page has): all kinds, countries and pages, in every language.
    const sample = [...alternates].filter((_, i) => i % 5 === 0);
    assert.deepEqual(new Set(sample.map((p) => p.split('/')[1])), new Set(LOCALES), 'the sample covers every language');
    assert.ok(sample.length > 20);
    for (const path of sample) assert.equal((await t.app.request(path)).status, 200, path);
  });

  it('a visitor’s sitemap has the public cache headers and an ETag; unknown files are 404', async () => {
    const res = await t.app.request('/sitemaps/event.xml');
    assert.equal(res.headers.get('cache-control'), PUBLIC_CACHE_CONTROL);
    assert.ok(res.headers.get('etag'));
    assert.equal(res.headers.get('set-cookie'), null);
    for (const path of ['/sitemaps/nothing.xml', '/sitemaps/activity-1.xml', '/sitemaps/activity-2.xml', '/sitemaps/pages-9.xml'])
      assert.equal((await t.app.request(path)).status, 404, path);
  });

  it('splits a kind into numbered files past the URL limit (here 12 URLs: two entries a file)', async () => {
    const small = new Hono<AppEnv>();
    small.use('*', async (c, next) => {
      c.set('deps', t.deps);
      await next();
    });
    small.route('/', sitemapRoutes({ maxUrls: 12 }));
    small.onError((err, c) => c.text(err.message, err instanceof AppError ? STATUS[err.code] : 500));
    const index = await (await small.request('/sitemap.xml')).text();
    const activityFiles = locs(index)
      .map(pathOf)
      .filter((p) => p.startsWith('/sitemaps/activity'));
    assert.deepEqual(activityFiles, ['/sitemaps/activity.xml', '/sitemaps/activity-2.xml']);
    const listed = [];
    for (const f of activityFiles) {
      const urls = locs(await (await small.request(f)).text());
      assert.ok(urls.length <= 12, f);
      listed.push(...urls);
    }
    assert.equal(new Set(listed).size, 3 * LOCALES.length, 'every activity once, in each language');
    assert.equal((await small.request('/sitemaps/activity-3.xml')).status, 404);
  });

  it('a file never passes the protocol’s limits: 50,000 URLs, and its bytes even with the longest ids', () => {
    const at = 'https://stocktake.example.org';
    assert.equal(pagesPerFile(at, 10 ** 6) * LOCALES.length <= SITEMAP_MAX_URLS, true);
    assert.equal(pagesPerFile(at, SITEMAP_MAX_URLS), Math.floor(SITEMAP_MAX_URLS / LOCALES.length));
    // A byte limit small enough to bind: the most pages it allows, at the longest path, fit; one more would not.
    const maxBytes = 200_000;
    const n = pagesPerFile(at, SITEMAP_MAX_URLS, maxBytes);
    const longest = (count: number) => Array.from({ length: count }, () => ({ after: '/publications/2147483647', lastmod: new Date() }));
    assert.ok(Buffer.byteLength(urlsetXml(at, longest(n))) <= maxBytes);
    assert.ok(Buffer.byteLength(urlsetXml(at, longest(n + 2))) > maxBytes);
  });

  it('every file validates against our sitemap schema (xmllint)', { skip: HAS_XMLLINT ? false : 'xmllint is not installed (Debian: libxml2-utils)' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitemaps-'));
    try {
      for (const [name, xml] of files) {
        const file = join(dir, name.replace(/\//g, '_'));
        writeFileSync(file, xml);
        execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
      }
      // The schema can fail: a lastmod that is no W3C datetime is refused.
      const bad = join(dir, 'bad.xml');
      writeFileSync(bad, files.get('/sitemaps/pages.xml')!.replace(/<lastmod>[^<]+<\/lastmod>/, '<lastmod>yesterday</lastmod>'));
      assert.notEqual(spawnSync('xmllint', ['--noout', '--schema', XSD, bad]).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
