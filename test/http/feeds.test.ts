import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import FeedParser from 'feedparser';
import { atomFeed, jsonFeed, type Feed } from '../../src/modules/feeds/feeds';
import { createSqlSearch } from '../../src/modules/search/sql-search';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { person, PASSWORD } from '../support/people';
import { TestClient } from '../support/client';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
const ids = new Map<string, number>();
const BASE = 'http://stocktake.test';
const HOSTILE = `<script>alert("x")</script> & ]]> 'quoted' <![CDATA[ x ]]> &amp;`;

const entry = entryLine;
const event = { kind: 'event', event: { start: '2030-03-01T09:00', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' } };

async function load(lines: string[]) {
  const report = await importEntries(t.deps, lines);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  // Each batch is published at its own moment: the feed's order is by that moment.
  await new Promise((r) => setTimeout(r, 5));
}

before(async () => {
  t = await createTestDb({ search: 'index' });
  // 'late' is registered first (lowest id) as a draft and published last: newest by publication, oldest by id.
  await load([entry('late', 'Late broadband plan', { state: 'draft', countries: ['KE'], actionLines: ['c2'] })]);
  await load([
    entry('en-only', 'Kenya broadband clinics', { countries: ['KE'], actionLines: ['c5'], sdgs: ['4', '9.c'] }),
    entry('fr-only', 'Tiers-lieux numériques', {
      originalLanguage: 'fr',
      countries: ['KE'],
      translations: { fr: { title: 'Tiers-lieux numériques', summary: 'Des lieux pour apprendre.', description: '' } },
    }),
  ]);
  await load([
    entry('both', 'Digital villages', {
      countries: ['KE'],
      translations: {
        en: { title: 'Digital villages', summary: 'Villages online.', description: '' },
        fr: { title: 'Villages numériques', summary: 'Des villages en ligne.', description: '' },
      },
    }),
    entry('hostile', HOSTILE, {
      countries: ['GH'],
      actionLines: ['c10'],
      organisations: [{ name: `Org <b>&</b>`, role: 'lead', stakeholderType: 'civil-society' }],
    }),
    entry('an-event', 'Nairobi broadband forum', { ...event, countries: ['KE'] }),
    entry('an-actor', 'Kenya ICT Network', { kind: 'actor', actor: { stakeholderType: 'civil-society' }, countries: ['KE'] }),
  ]);
  // Enough entries to fill the largest feed.
  await load(Array.from({ length: 55 }, (_, i) => entry(`bulk-${i}`, `Ghana project ${i}`, { countries: ['GH'] })));
  await load([entry('late', 'Late broadband plan', { countries: ['KE'], actionLines: ['c2'] })]);
  await t.index!.refresh();
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids.set(r.externalId, r.id);
});
after(async () => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });

/** Reads an Atom document with feedparser (strict: a document that is not well-formed XML fails). */
async function parseAtom(xml: string): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  const parser = new FeedParser({ strict: true, normalize: true, addmeta: false });
  const items: FeedParser.Item[] = [];
  let meta: FeedParser.Meta | undefined;
  await new Promise<void>((resolve, reject) => {
    parser.on('error', reject);
    parser.on('meta', (m) => (meta = m));
    parser.on('readable', function (this: FeedParser) {
      let item: FeedParser.Item | null;
      while ((item = this.read())) items.push(item);
    });
    parser.on('end', () => resolve());
    Readable.from([xml]).pipe(parser);
  });
  return { meta: meta!, items };
}

async function atom(path: string) {
  const res = await get(path);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}: ${body.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml; charset=utf-8$/);
  return { res, body, ...(await parseAtom(body)) };
}

interface JsonFeedDoc {
  version: string;
  title: string;
  home_page_url: string;
  feed_url: string;
  language: string;
  authors: Array<{ name: string }>;
  items: Array<{
    id: string;
    url: string;
    title: string;
    summary: string;
    content_text?: string;
    content_html?: string;
    date_published: string;
    date_modified: string;
    language: string;
    tags: string[];
    authors?: Array<{ name: string }>;
  }>;
}

async function json(path: string): Promise<JsonFeedDoc> {
  const res = await get(path);
  const body = await res.text();
  assert.equal(res.status, 200, `${path}: ${body.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/feed\+json; charset=utf-8$/);
  return JSON.parse(body) as JsonFeedDoc;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Checks the fields JSON Feed 1.1 requires or defines, by its specification. */
function assertJsonFeed(doc: JsonFeedDoc) {
  assert.equal(doc.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(typeof doc.title, 'string');
  assert.ok(doc.title.length > 0);
  assert.ok(doc.feed_url.startsWith(`${BASE}/`));
  assert.ok(doc.home_page_url.startsWith(`${BASE}/`));
  assert.ok(Array.isArray(doc.items));
  for (const item of doc.items) {
    assert.equal(typeof item.id, 'string', 'an item id is a string');
    assert.ok(typeof item.content_text === 'string' || typeof item.content_html === 'string', 'an item has content');
    assert.ok(item.url.startsWith(`${BASE}/`));
    assert.match(item.date_published, RFC3339);
    assert.match(item.date_modified, RFC3339);
    assert.ok(Array.isArray(item.tags));
  }
}

/** The API's matches for a query, ordered as a feed must be: newest published first, then highest id. */
async function expectedIds(query: string, max: number): Promise<number[]> {
  const res = await get(`/api/v1/search?pageSize=100${query ? `&${query}` : ''}`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { data: Array<{ id: number; publishedAt: string }>; meta: { total: number } };
  assert.ok(body.meta.total <= 100, 'the query fits one API page');
  return body.data
    .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || b.id - a.id)
    .slice(0, max)
    .map((e) => e.id);
}
const idOf = (url: string) => Number(/\/(\d+)$/.exec(url)?.[1]);

describe('feeds of a search', () => {
  it('hold the search’s entries for the same filters, newest published first, in Atom and JSON Feed alike', async () => {
    for (const query of ['country=KE', 'country=KE&actionLine=c2', 'q=broadband', 'country=KE&kind=event', 'kind=activity&kind=actor&country=KE', '']) {
      const expected = await expectedIds(query, 20);
      const a = await atom(`/en/search.atom${query ? `?${query}` : ''}`);
      assert.deepEqual(
        a.items.map((i) => idOf(i.link)),
        expected,
        `atom ${query}`,
      );
      const j = await json(`/en/search.json${query ? `?${query}` : ''}`);
      assertJsonFeed(j);
      assert.deepEqual(
        j.items.map((i) => idOf(i.url)),
        expected,
        `json ${query}`,
      );
    }
    const ke = await atom('/en/search.atom?country=KE');
    assert.equal(idOf(ke.items[0]!.link), ids.get('late'), 'published last, registered first: it leads');
    // The SQL path orders by publication as the index does.
    for (const filters of [{ country: ['KE'] }, { country: ['GH'] }, {}]) {
      const request = { text: '', filters, sort: 'published' as const, page: 1, pageSize: 50, locale: 'en' as const };
      const [sqlHits, indexHits] = await Promise.all([createSqlSearch(t.handle.db).search(request), t.index!.search(request)]);
      assert.deepEqual(
        sqlHits.hits.map((h) => h.id),
        indexHits.hits.map((h) => h.id),
        JSON.stringify(filters),
      );
    }
  });

  it('say what they are: title, self and alternate links, id, updated, the entries’ dates and categories', async () => {
    const a = await atom('/en/search.atom?country=KE&q=broadband');
    assert.match(a.meta.title, /broadband/);
    assert.equal(a.meta.link, `${BASE}/en/search?q=broadband&country=KE`);
    assert.equal(a.meta.xmlurl, `${BASE}/en/search.atom?q=broadband&country=KE`);
    assert.match(a.body, new RegExp(`<id>${BASE}/en/search\\.atom\\?q=broadband&amp;country=KE</id>`));
    assert.match(
      a.body,
      /<link rel="alternate" type="application\/feed\+json" href="http:\/\/stocktake\.test\/en\/search\.json\?q=broadband&amp;country=KE"\/>/,
    );
    const clinics = a.items.find((i) => idOf(i.link) === ids.get('en-only'))!;
    assert.equal(clinics.link, `${BASE}/en/activities/${ids.get('en-only')}`);
    assert.equal(clinics.guid, clinics.link);
    assert.equal(clinics.title, 'Kenya broadband clinics');
    assert.equal(clinics.summary, 'Kenya broadband clinics, in short.');
    assert.ok(clinics.pubdate instanceof Date && clinics.date instanceof Date);
    // Action lines and goals (a target's goal too, not the target), each labelled.
    assert.deepEqual(clinics.categories, ['c5', '4', '9']);
    assert.match(a.body, /<category term="c5" scheme="http:\/\/stocktake\.test\/en\/search\?actionLine=" label="C5 · [^"]+"\/>/);
    assert.match(a.body, /<category term="4" scheme="http:\/\/stocktake\.test\/en\/search\?sdg=" label="SDG 4 · [^"]+"\/>/);
    const tags = (await json('/en/search.json?country=KE&q=broadband')).items.find((i) => idOf(i.url) === ids.get('en-only'))!.tags;
    assert.equal(tags.length, 3);
    assert.match(tags[0]!, /^C5 · /);
    assert.equal(clinics.author, 'Example Telecentre Network');
    // The feed's updated is its newest item's.
    const newest = Math.max(...a.items.map((i) => i.date!.getTime()));
    assert.equal(a.meta.date!.getTime(), newest);
    const row = await t.deps.db.selectFrom('entries').select(['publishedAt', 'updatedAt']).where('id', '=', ids.get('en-only')!).executeTakeFirstOrThrow();
    assert.equal(clinics.pubdate!.getTime(), new Date(row.publishedAt!).getTime());
  });

  it('are in the reader’s language, in the original where the entry has no translation, and say which', async () => {
    const fr = await atom('/fr/search.atom?country=KE');
    assert.match(fr.body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom" xml:lang="fr">/);
    const title = (key: string) => fr.items.find((i) => idOf(i.link) === ids.get(key))?.title;
    assert.equal(title('both'), 'Villages numériques');
    assert.equal(title('fr-only'), 'Tiers-lieux numériques');
    assert.equal(title('en-only'), 'Kenya broadband clinics', 'the original where French is missing');
    assert.match(fr.body, new RegExp(`<entry xml:lang="en"><id>${BASE}/fr/activities/${ids.get('en-only')}</id>`));
    assert.match(fr.body, new RegExp(`<entry xml:lang="fr"><id>${BASE}/fr/activities/${ids.get('both')}</id>`));
    assert.match(fr.meta.title, /Rechercher|registre/i);
    const enLabel = /label="(SDG 4 · [^"]+)"/.exec((await atom('/en/search.atom?country=KE')).body)?.[1];
    const frLabel = /label="(SDG 4 · [^"]+)"/.exec(fr.body)?.[1];
    assert.ok(enLabel && frLabel && enLabel !== frLabel, `labels in French: ${frLabel} / ${enLabel}`);

    const en = await json('/en/search.json?country=KE');
    const both = en.items.find((i) => idOf(i.url) === ids.get('both'))!;
    assert.equal(both.title, 'Digital villages');
    assert.equal(both.language, 'en');
    const ar = await json('/ar/search.json?country=KE');
    assert.equal(ar.language, 'ar');
    const frOnly = ar.items.find((i) => idOf(i.url) === ids.get('fr-only'))!;
    assert.equal(frOnly.language, 'fr');
    assert.equal(frOnly.url, `${BASE}/ar/activities/${ids.get('fr-only')}`);
  });

  it('keep hostile text as text: escaped in Atom, intact in JSON', async () => {
    const a = await atom('/en/search.atom?actionLine=c10');
    const item = a.items.find((i) => idOf(i.link) === ids.get('hostile'))!;
    // feedparser shows titles without tags (its own choice); the document holds the text, escaped, as the entry has it.
    assert.match(item.title, /alert\("x"\) & \]\]> 'quoted'/);
    const raw = /<title type="text">([^<]*<)/.exec(a.body.slice(a.body.indexOf('<entry')))?.[1] ?? '';
    const decoded = raw.slice(0, -1).replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
    assert.equal(decoded, HOSTILE);
    assert.equal(item.author, 'Org <b>&</b>');
    assert.doesNotMatch(a.body, /<script>/);
    const j = await json('/en/search.json?actionLine=c10');
    assert.equal(j.items.find((i) => idOf(i.url) === ids.get('hostile'))!.title, HOSTILE);
  });

  it('hold 20 items unless asked, never more than 50', async () => {
    assert.equal((await atom('/en/search.atom?country=GH')).items.length, 20);
    assert.equal((await json('/en/search.json?country=GH&pageSize=50')).items.length, 50);
    assert.equal((await atom('/en/search.atom?country=GH&pageSize=3')).items.length, 3);
    for (const bad of ['pageSize=51', 'pageSize=0', 'pageSize=lots']) {
      const res = await get(`/en/search.atom?${bad}`);
      assert.equal(res.status, 400, bad);
    }
  });

  it('refuse bad parameters with a localised 400, not a 500: JSON Feed errors as JSON, Atom errors as plain text', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['/fr/search.atom?pageSize=51', 'pageSize', /Résultats par page : |Résultats par page: /],
      ['/fr/search.json?country=ZZ', 'country', /valeurs|valide/i],
      ['/es/events.atom?actionLine=c99', 'actionLine', /valor/i],
      ['/ar/search.atom?q=a&q=b', 'q', /[\u0600-\u06FF]/],
      [`/en/search.json?q=${'x'.repeat(201)}`, 'q', /long/i],
      [`/ru/actors.json?q=${'x'.repeat(201)}`, 'q', /[\u0400-\u04FF]/],
    ];
    for (const [path, field, words] of cases) {
      const res = await get(path);
      const body = await res.text();
      assert.deepEqual([res.status, res.headers.get('cache-control')], [400, 'no-store'], path);
      const json = path.includes('.json');
      assert.match(res.headers.get('content-type') ?? '', json ? /^application\/json/ : /^text\/plain; charset=utf-8/i, path);
      assert.doesNotMatch(body, /<html/i, path);
      if (json) {
        const { error } = JSON.parse(body) as { error: { code: string; message: string; details: Array<{ field: string; message: string }> } };
        const detail = error.details.find((d) => d.field === field);
        assert.ok(error.code === 'validation_failed' && detail, `${path}: ${body}`);
        assert.match(`${error.message} ${detail.message}`, words, path);
      } else assert.ok(res.headers.get('content-language') === path.split('/')[1] && words.test(body), `${path}: ${body}`);
    }
    // Keys a feed does not read (a page's sort, tracking) are ignored, as on pages.
    assert.equal((await get('/en/search.atom?sort=title&page=3&utm_source=x')).status, 200);
  });
});

describe('feeds of each kind’s list', () => {
  it('hold only that kind, whatever the query says', async () => {
    const events = await atom('/en/events.atom');
    assert.deepEqual(
      events.items.map((i) => idOf(i.link)),
      [ids.get('an-event')],
    );
    assert.equal(events.items[0]!.link, `${BASE}/en/events/${ids.get('an-event')}`);
    assert.equal(events.meta.link, `${BASE}/en/events`);
    assert.equal((await atom('/en/events.atom?kind=actor')).items.length, 1, 'the path’s kind wins');
    const actors = await json('/en/actors.json?country=KE');
    assertJsonFeed(actors);
    assert.deepEqual(
      actors.items.map((i) => idOf(i.url)),
      [ids.get('an-actor')],
    );
    assert.deepEqual(
      (await json('/en/activities.json?country=KE')).items.map((i) => idOf(i.url)),
      await expectedIds('country=KE&kind=activity', 20),
    );
    assert.equal((await atom('/en/publications.atom')).items.length, 0);
    assert.equal((await json('/en/stories.json')).items.length, 0);
    // An events feed with a filter its page does not read links to the search that shows it.
    assert.equal((await atom('/en/events.atom?sdg=4')).meta.link, `${BASE}/en/search?kind=event&sdg=4`);
  });
});

describe('autodiscovery and links to follow', () => {
  const feedLink = (page: string, type: string) =>
    new RegExp(`<link rel="alternate" type="${type.replace(/\+/g, '\\+')}" href="([^"]+)" title="[^"]+"`).exec(page)?.[1];

  it('search and kind lists announce their feeds with the same filters, and show them', async () => {
    const page = await (await get('/en/search?country=KE&q=broadband&sort=title&page=1')).text();
    assert.equal(feedLink(page, 'application/atom+xml'), `${BASE}/en/search.atom?q=broadband&amp;country=KE`);
    assert.equal(feedLink(page, 'application/feed+json'), `${BASE}/en/search.json?q=broadband&amp;country=KE`);
    assert.match(page, /Follow this search/);
    assert.match(page, /<a href="\/en\/search\.atom\?q=broadband&amp;country=KE" type="application\/atom\+xml">Atom feed<\/a>/);
    assert.doesNotMatch(page, /calendar\.ics/, 'no calendar for a search of every kind');

    const fr = await (await get('/fr/actors?country=KE')).text();
    assert.equal(feedLink(fr, 'application/atom+xml'), `${BASE}/fr/actors.atom?country=KE`);
    assert.match(fr, /Suivre cette recherche/);
    const events = await (await get('/en/events?country=KE&mode=online')).text();
    assert.equal(feedLink(events, 'application/atom+xml'), `${BASE}/en/events.atom?country=KE&amp;mode=online`);
    assert.match(events, /<a href="\/en\/events\.json\?country=KE&amp;mode=online" type="application\/feed\+json">JSON Feed<\/a>/);
    const publications = await (await get('/en/publications?actionLine=c5')).text();
    assert.equal(feedLink(publications, 'application/feed+json'), `${BASE}/en/publications.json?actionLine=c5`);
    assert.match(publications, /<a href="\/en\/publications\.atom\?actionLine=c5" type="application\/atom\+xml">Atom feed<\/a>/);
  });

  it('an events search links the events calendar with the filters the calendar reads', async () => {
    const page = await (await get('/en/search?kind=event&country=KE&mode=online&sdg=4')).text();
    assert.match(page, /<a href="\/en\/events\/calendar\.ics\?country=KE&amp;mode=online" type="text\/calendar">/);
    const ics = await get('/en/events/calendar.ics?country=KE&mode=online');
    assert.equal(ics.status, 200);
    assert.match(await ics.text(), /Nairobi broadband forum/);
  });
});

describe('cache validators on feeds and the public API', () => {
  const paths = () => ['/en/search.atom?country=KE', '/en/events.json', '/api/v1/search?country=KE', `/api/v1/activities/${ids.get('both')}`];

  it('a visitor gets an ETag and a Last-Modified, and a 304 for either', async () => {
    for (const path of paths()) {
      const first = await get(path);
      assert.equal(first.status, 200, path);
      const etag = first.headers.get('etag');
      const lastModified = first.headers.get('last-modified');
      assert.match(etag ?? '', /^"[\w-]+"$/, path);
      assert.ok(lastModified && Number.isFinite(Date.parse(lastModified)), `${path}: ${lastModified}`);
      assert.equal((await get(path, { 'if-none-match': etag! })).status, 304, `${path} If-None-Match`);
      const since = await get(path, { 'if-modified-since': lastModified });
      assert.equal(since.status, 304, `${path} If-Modified-Since`);
      assert.equal(await since.text(), '');
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      assert.equal((await get(path, { 'if-modified-since': earlier })).status, 200, `${path} modified since a second before`);
      // If-None-Match decides alone when sent.
      assert.equal((await get(path, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).status, 200, path);
      assert.equal((await get(path, { 'if-modified-since': 'not a date' })).status, 200, path);
    }
  });

  it('a change to the list gives new validators, so the old ones get the new feed', async () => {
    const path = '/en/search.atom?country=KE';
    const before = await get(path);
    const etag = before.headers.get('etag')!;
    const lastModified = before.headers.get('last-modified')!;
    // Last-Modified has whole seconds: the change comes in a later second.
    await new Promise((r) => setTimeout(r, 1100));
    await load([entry('new-one', 'Kenya new entry', { countries: ['KE'] })]);
    await t.index!.refresh();
    const after = await get(path, { 'if-none-match': etag });
    assert.equal(after.status, 200);
    assert.match(await after.text(), /Kenya new entry/);
    assert.ok(Date.parse(after.headers.get('last-modified')!) > Date.parse(lastModified));
    assert.equal((await get(path, { 'if-modified-since': lastModified })).status, 200);
  });

  it('a signed-in person’s answers stay private: no validators, no 304', async () => {
    const { email } = await person(t, { role: 'contributor' });
    const client = new TestClient(t.app);
    await client.signIn(email, PASSWORD);
    for (const path of paths()) {
      const res = await client.request('GET', path, { headers: { 'if-modified-since': new Date().toUTCString() } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(res.headers.get('etag'), null, path);
      assert.equal(res.headers.get('last-modified'), null, path);
    }
  });
});

describe('the feed writers', () => {
  const feed = (title: string): Feed => ({
    baseUrl: BASE,
    urls: { atom: `${BASE}/en/search.atom`, json: `${BASE}/en/search.json` },
    pageUrl: `${BASE}/en/search`,
    title,
    siteName: 'Site\u0007',
    locale: 'en',
    updated: new Date(0),
    items: [
      {
        id: `${BASE}/en/activities/1`,
        url: `${BASE}/en/activities/1`,
        kind: 'activity',
        language: 'ar',
        title,
        summary: `a\u0000b\u001fc\uFFFEd\uD800e\u0085f`,
        published: new Date(0),
        updated: new Date(0),
        categories: [{ scheme: 'actionLine', term: 'c1', label: `"<&>"` }],
        authors: [],
      },
    ],
  });

  it('strip characters XML cannot hold (and other controls), and stay well-formed', async () => {
    const xml = atomFeed(feed('T\u0001i<t>l&e\u0008'));
    const parsed = await parseAtom(xml);
    assert.equal(parsed.meta.title, 'Ti<t>l&e');
    assert.equal(parsed.items[0]!.summary, 'abcdef');
    assert.deepEqual(parsed.items[0]!.categories, ['c1']);
    assert.match(xml, /label="&quot;&lt;&amp;&gt;&quot;"/);
    assert.match(xml, /<entry xml:lang="ar">/);
    const forbidden = [...xml].filter((ch) => {
      const c = ch.codePointAt(0)!;
      return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || (c >= 0xd800 && c <= 0xdfff) || (c >= 0x7f && c <= 0x9f);
    });
    assert.deepEqual(forbidden, []);
    const doc = jsonFeed(feed('T\u0001itle')) as unknown as JsonFeedDoc;
    assert.equal(doc.title, 'Title');
    assert.equal(doc.items[0]!.summary, 'abcdef');
    assert.deepEqual(doc.authors, [{ name: 'Site' }]);
  });
});
