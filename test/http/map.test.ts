import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { MAX_POINTS } from '../../src/modules/maps/maps.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

const actor = (id: string, title: string, country: string, point: { lat: number; lon: number } | null) =>
  entryLine(id, title, { kind: 'actor', countries: [country], actor: { stakeholderType: 'civil-society', point } });

/** The map's table: country code → number, in the page's order. */
const tableCounts = (html: string) =>
  new Map(
    [...html.matchAll(/<th scope="row"><a href="\/en\/countries\/([A-Z]{2})">[^<]*<\/a><\/th><td class="num">([\d,]+)<\/td>/g)].map((m) => [
      m[1]!,
      Number(m[2]!.replace(/,/g, '')),
    ]),
  );
/** The map's country links: code → their accessible name. */
const countryLinks = (html: string) => new Map([...html.matchAll(/<a href="\/en\/countries\/([A-Z]{2})" aria-label="([^"]+)">/g)].map((m) => [m[1]!, m[2]!]));

describe('the map of a search', () => {
  let t: TestDb;
  const get = (path: string) => t.app.request(path);
  const page = async (path: string, status = 200) => {
    const res = await get(path);
    const body = await res.text();
    assert.equal(res.status, status, `${path}: ${body.slice(0, 300)}`);
    return body;
  };

  before(async () => {
    t = await createTestDb({ search: 'index' });
    const report = await importEntries(t.deps, [
      entryLine('ke-1', 'Kenya telecentres'),
      entryLine('ke-2', 'Kenya e-health records', { actionLines: ['c7-e-health'], sdgs: ['3'] }),
      entryLine('ke-gh', 'East and West', { countries: ['KE', 'GH'] }),
      entryLine('gh-1', 'Ghana schools online', { countries: ['GH'], actionLines: ['c7-e-learning'] }),
      entryLine('fr-1', 'Tiers-lieux numériques', { countries: ['FR'] }),
      entryLine('mt-1', 'Malta data centre', { countries: ['MT'] }),
      entryLine('none-1', 'A project with no country', { countries: [] }),
      entryLine('ke-draft', 'Kenya draft', { state: 'draft' }),
      actor('actor-nbo', 'Nairobi Digital Hub', 'KE', { lat: -1.29, lon: 36.82 }),
      actor('actor-acc', 'Accra Makers', 'GH', null),
    ]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    await t.index!.refresh();
  });
  after(async () => t.close());

  it('refuses a bad query with a localised 400 naming the field, and ignores keys it does not read', async () => {
    assert.match(await page('/en/map?country=ZZ', 400), /Country: “ZZ” is not a known value/);
    assert.match(await page('/en/map?kind=planet', 400), /“planet”/);
    assert.match(await page(`/en/map?q=${'x'.repeat(300)}`, 400), /Search|Query|q:/i);
    assert.match(await page('/ar/map?country=ZZ', 400), /ZZ/);
    await page('/xx/map', 404);
    // The search page's order and paging, and a campaign's tracking: not the map's business, not an error.
    const html = await page('/en/map?sort=title&page=3&pageSize=50&utm_source=x');
    assert.match(html, /<link rel="canonical" href="[^"]*\/en\/map"/);
  });

  it('shows the search’s country facet counts, to the entry, for any search', async () => {
    const queries = ['', 'country=KE', 'country=KE&country=GH', 'kind=actor', 'q=Kenya', 'actionLine=c7', 'sdg=3', 'q=nothing-matches-this'];
    // The search's crosswalk option: a goal also reaches entries tagged only with an action line linked to it.
    for (const query of [...queries, 'sdg=4&crosswalk=1', 'sdg=3&crosswalk=1', 'actionLine=c7-e-health&crosswalk=1']) {
      const api = (await (await get(`/api/v1/search?pageSize=1&${query}`)).json()) as { facets: { country: Array<{ value: string; count: number }> } };
      const facet = new Map(api.facets.country.filter((f) => f.count > 0).map((f) => [f.value, f.count]));
      const html = await page(`/en/map?${query}`);
      assert.deepEqual(Object.fromEntries(tableCounts(html)), Object.fromEntries(facet), `table, ${query || 'everything'}`);
      const links = countryLinks(html);
      assert.deepEqual([...links.keys()].sort(), [...facet.keys()].sort(), `links, ${query || 'everything'}`);
      for (const [code, n] of facet) assert.match(links.get(code)!, new RegExp(`: ${n} entr(y|ies)$`), code);
    }
    // The draft is not counted; the entry without a country is in the total but on no country.
    assert.equal(tableCounts(await page('/en/map?sdg=4')).size, 0, 'no entry is tagged with goal 4');
    assert.deepEqual(
      Object.fromEntries(tableCounts(await page('/en/map?sdg=4&crosswalk=1'))),
      { KE: 3, GH: 3, FR: 1, MT: 1 },
      'C3 and C7 e-learning serve goal 4',
    );
    const all = tableCounts(await page('/en/map'));
    assert.deepEqual(Object.fromEntries(all), { KE: 4, GH: 3, FR: 1, MT: 1 });
  });

  it('names each country link with its count, in the reader’s language', async () => {
    const en = await page('/en/map');
    assert.ok(en.includes('aria-label="Kenya: 4 entries"'));
    assert.ok(en.includes('aria-label="Malta: 1 entry"'), 'a state too small for the atlas is a dot, and a link');
    const ar = await page('/ar/map');
    assert.match(ar, /<html lang="ar" dir="rtl"/);
    assert.match(ar, /<a href="\/ar\/countries\/KE" aria-label="كينيا: [^"]+">/);
  });

  it('draws the actors the search finds: at their point, or hollow at their country’s centre', async () => {
    const html = await page('/en/map');
    assert.match(html, /<a href="\/en\/actors\/\d+" aria-label="Nairobi Digital Hub \(actor\)"><title>[^<]+<\/title><circle cx="\d+" cy="\d+" r="3">/);
    assert.match(
      html,
      /<a href="\/en\/actors\/\d+" aria-label="Accra Makers \(actor, placed at the centre of Ghana\)"><title>[^<]+<\/title><circle [^>]*class="ap"/,
    );
    assert.ok(html.includes('Hollow circle'), 'the legend says what a hollow circle means');
    assert.ok(!(await page('/en/map?kind=activity')).includes('class="pts"'), 'a search without actors has no points');
    assert.ok(!(await page('/en/map?country=FR')).includes('Nairobi'), 'only the actors the search finds');
  });

  it('is a view of the search page, on the home page, and on each country profile', async () => {
    const search = await page('/en/search?q=Kenya&country=KE&sort=title&page=1');
    assert.ok(search.includes('href="/en/map?q=Kenya&amp;country=KE"'), 'the search page links to its map, query kept, order and page left');
    const widened = await page('/en/search?sdg=4&crosswalk=1');
    assert.ok(widened.includes('href="/en/map?sdg=4&amp;crosswalk=1"'), 'the map view keeps the crosswalk option');
    assert.ok(widened.includes('href="/en/dashboard?sdg=4&amp;crosswalk=1"'), 'so does the dashboard link');
    assert.ok((await page('/en/map?sdg=4&crosswalk=1')).includes('href="/en/search?sdg=4&amp;crosswalk=1"'), 'and the map’s link back to its search');
    const actors = await page('/en/actors?country=GH');
    assert.ok(actors.includes('href="/en/map?kind=actor&amp;country=GH"'), 'a kind’s list keeps its kind');
    const home = await page('/en/');
    assert.match(home, /<h2 id="home-map-title">/);
    assert.ok(home.includes('aria-label="Kenya: 4 entries"') && home.includes('href="/en/map"'));
    const profile = await page('/en/countries/KE');
    assert.match(profile, /<path d="[^"]+" class="m\d hl"/, 'Kenya outlined');
    for (const n of ['Ethiopia', 'Somalia', 'South Sudan', 'Uganda', 'United Republic of Tanzania']) assert.ok(profile.includes(`>${n}</a>`), n);
    assert.ok(!profile.includes('href="/en/countries/FR"'), 'France is not near Kenya');
  });
});

describe('the map page’s weight', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb({ search: 'index' });
    const report = await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
    assert.equal(report?.failed, 0);
    await t.index!.refresh();
  });
  after(async () => t.close());

  /** Bytes on the wire with gzip, and the same bytes unpacked. */
  const weigh = async (path: string) => {
    const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-encoding'), 'gzip', path);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { gzip: bytes.length, raw: gunzipSync(bytes).length };
  };

  it('stays within 60 KB compressed with its style sheet and script, on the demo register and with an entry in every country', async (ctx) => {
    const assets = (await weigh('/static/app.css')).gzip + (await weigh('/static/app.js')).gzip;
    const report = async (label: string) => {
      const en = await weigh('/en/map');
      const ar = await weigh('/ar/map');
      const worst = Math.max(en.gzip, ar.gzip);
      ctx.diagnostic(
        `map page, ${label}: en ${(en.gzip / 1024).toFixed(1)} KB gzip (${(en.raw / 1024).toFixed(0)} KB raw), ar ${(ar.gzip / 1024).toFixed(1)} KB; with app.css and app.js ${((worst + assets) / 1024).toFixed(1)} KB`,
      );
      assert.ok(worst + assets <= 60 * 1024, `${label}: ${worst + assets} bytes`);
    };
    await report('demo register');
    // The heaviest map: every country of the vocabulary with entries (each a link and a table row), and a full layer of actors.
    const countries = t.deps.taxonomy.terms('country').map((c) => c.code);
    const lines = [
      ...countries.map((code, i) => entryLine(`weight-${code}`, `Entry ${i}`, { countries: [code] })),
      ...Array.from({ length: MAX_POINTS }, (_, i) =>
        actor(`weight-actor-${i}`, `A rather long actor name number ${i} for weight`, countries[i % countries.length]!, {
          lat: (i % 120) - 60,
          lon: ((i * 7) % 340) - 170,
        }),
      ),
    ];
    const imported = await importEntries(t.deps, lines);
    assert.equal(imported.failed, 0, JSON.stringify(imported.errors.slice(0, 2)));
    await t.index!.refresh();
    await report(`every country (${countries.length}) and ${MAX_POINTS} actors`);
  });
});
