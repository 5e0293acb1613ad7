import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
const ids = new Map<string, number>();

const entry = entryLine;

const event = (start: string) => ({ kind: 'event', event: { start, timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' } });

before(async () => {
  t = await createTestDb({ search: 'index' });
  const report = await importEntries(t.deps, [
    entry('ke-a1', 'Kenya telecentres'),
    entry('ke-a2', 'Kenya e-health records', { actionLines: ['c7-e-health'], sdgs: ['3.8'] }),
    entry('ke-draft', 'Kenya draft', { state: 'draft', actionLines: ['c1'] }),
    entry('ke-e-past', 'Nairobi forum 2020', event('2020-03-01T09:00')),
    entry('ke-e-late', 'Mombasa summit 2099', event('2099-05-01T10:00')),
    entry('ke-e-soon', 'Kisumu workshop 2098', event('2098-02-01T10:00')),
    entry('ke-actor', 'Kenya ICT Network', { kind: 'actor', actor: { stakeholderType: 'civil-society' } }),
    entry('ke-pub', 'Kenya broadband report', { kind: 'publication', publication: { year: 2023, authors: ['A. Author'] } }),
    entry('fr-a1', 'Tiers-lieux numériques', { countries: ['FR'] }),
    entry('de-a1', 'Digitale Dörfer', { countries: ['DE'] }),
    ...Array.from({ length: 9 }, (_, i) => entry(`gh-${i}`, `Ghana project ${i}`, { countries: ['GH'], startDate: `2021-01-0${i + 1}` })),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  await t.index!.refresh();
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids.set(r.externalId, r.id);
});
after(async () => t.close());

const get = (path: string) => t.app.request(path);
const html = async (path: string, status = 200) => {
  const res = await get(path);
  const body = await res.text();
  assert.equal(res.status, status, `${path}: ${body.slice(0, 300)}`);
  return body;
};
/** The number in the first cell after a row header with this label (count tables have one; compare tables one per country). */
const rowCounts = (page: string, label: string): number[] | undefined => {
  const at = page.indexOf(`${label}</a></th>`) >= 0 ? page.indexOf(`${label}</a></th>`) : page.indexOf(`<th scope="row">${label}</th>`);
  if (at < 0) return undefined;
  const row = page.slice(at, page.indexOf('</tr>', at));
  return [...row.matchAll(/<td class="num">([\d,]+)<\/td>/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
};
const kindCount = (page: string, iso: string, kind: string, label: string) =>
  new RegExp(`<a href="/en/search\\?kind=${kind}&amp;country=${iso}"><strong>(\\d+)</strong> ${label}</a>`).exec(page)?.[1];

describe('country profile', () => {
  it('counts what is published in the country, per kind', async () => {
    const page = await html('/en/countries/KE');
    assert.match(page, /<h1>Kenya<\/h1>/);
    assert.ok(page.includes('7 published entries are tagged with Kenya.'), 'the draft is not counted');
    assert.equal(kindCount(page, 'KE', 'activity', 'Activities'), '2');
    assert.equal(kindCount(page, 'KE', 'event', 'Events'), '3');
    assert.equal(kindCount(page, 'KE', 'actor', 'Actors'), '1');
    assert.equal(kindCount(page, 'KE', 'publication', 'Publications'), '1');
    assert.equal(kindCount(page, 'KE', 'story', 'Success stories'), '0');
    const fr = await html('/en/countries/FR');
    assert.equal(kindCount(fr, 'FR', 'activity', 'Activities'), '1');
    assert.equal(kindCount(fr, 'FR', 'event', 'Events'), '0');
  });

  it('tables the action lines and SDGs, without zero rows', async () => {
    const page = await html('/en/countries/KE');
    assert.match(page, /<caption>Entries tagged with Kenya, by WSIS action line<\/caption>/);
    assert.match(page, /<th scope="col">WSIS action line<\/th>/);
    assert.deepEqual(rowCounts(page, 'C3 · Access to information and knowledge'), [6]);
    assert.deepEqual(rowCounts(page, 'C7 · E-health'), [1]);
    assert.deepEqual(rowCounts(page, 'C7 · ICT applications: benefits in all aspects of life'), [1], 'a sub-line counts for C7');
    assert.equal(
      rowCounts(page, 'C1 · The role of public governance authorities and all stakeholders in the promotion of ICTs for development'),
      undefined,
      'only a draft has C1',
    );
    assert.equal(rowCounts(page, 'C2 · Information and communication infrastructure'), undefined);
    assert.deepEqual(rowCounts(page, 'Goal 5: Gender equality'), [6]);
    assert.deepEqual(rowCounts(page, 'Goal 3: Good health and well-being'), [1], 'a target counts for its goal');
    assert.equal(rowCounts(page, 'Goal 1: No poverty'), undefined);
    assert.ok(page.includes('href="/en/search?actionLine=c3&amp;country=KE"'));
  });

  it('lists entries linking to their pages, events upcoming first (soonest first), then past', async () => {
    const page = await html('/en/countries/KE');
    for (const [key, path] of [
      ['ke-a1', 'activities'],
      ['ke-a2', 'activities'],
      ['ke-e-past', 'events'],
      ['ke-actor', 'actors'],
      ['ke-pub', 'publications'],
    ] as const) {
      assert.ok(page.includes(`href="/en/${path}/${ids.get(key)}"`), `${key} links to /en/${path}/`);
    }
    assert.ok(!page.includes(`/${ids.get('ke-draft')}"`), 'no link to the draft');
    const soon = page.indexOf('Kisumu workshop 2098');
    const late = page.indexOf('Mombasa summit 2099');
    const past = page.indexOf('Nairobi forum 2020');
    assert.ok(soon > 0 && soon < late && late < past, `order: ${soon} ${late} ${past}`);
    assert.ok(page.indexOf('<h4>Upcoming</h4>') < soon && page.indexOf('<h4>Past</h4>') > late && page.indexOf('<h4>Past</h4>') < past);
  });

  it('lists at most eight per kind, newest first, with a link to all of them', async () => {
    const page = await html('/en/countries/GH');
    const shown = [...page.matchAll(/>Ghana project (\d)</g)].map((m) => Number(m[1]));
    assert.deepEqual(shown, [8, 7, 6, 5, 4, 3, 2, 1]);
    assert.ok(page.includes('<a href="/en/search?kind=activity&amp;country=GH">See all 9 entries in search</a>'));
  });

  it('answers 404 for a code that is not a country, and 301 from lower case', async () => {
    assert.equal((await get('/en/countries/ZZ')).status, 404);
    assert.equal((await get('/en/countries/zz')).status, 404);
    assert.equal((await get('/en/countries/KEN')).status, 404);
    assert.equal((await get('/de/countries/KE')).status, 404);
    const res = await get('/en/countries/ke');
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), '/en/countries/KE');
  });

  it('ignores query parameters it does not read (a link never breaks on them)', async () => {
    assert.equal(await html('/en/countries/KE?x=1&utm_source=y'), await html('/en/countries/KE'));
    assert.equal(await html('/en/countries?x=1'), await html('/en/countries'));
  });

  it('is right-to-left in Arabic', async () => {
    const page = await html('/ar/countries/KE');
    assert.match(page, /<html lang="ar" dir="rtl">/);
    assert.ok(page.includes('href="/ar/search?kind=event&amp;country=KE"'));
  });
});

describe('countries index', () => {
  it('lists every country with entries, with counts, in the reader’s alphabetical order', async () => {
    const page = await html('/en/countries');
    const rows = [...page.matchAll(/<a href="\/en\/countries\/([A-Z]{2})">([^<]+)<\/a><\/th><td class="num">(\d+)<\/td>/g)].map(
      (m) => `${m[1]} ${m[2]} ${m[3]}`,
    );
    assert.deepEqual(rows, ['FR France 1', 'DE Germany 1', 'GH Ghana 9', 'KE Kenya 7']);
    const fr = await html('/fr/countries');
    const order = [...fr.matchAll(/<a href="\/fr\/countries\/([A-Z]{2})">/g)].map((m) => m[1]);
    assert.deepEqual(order, ['DE', 'FR', 'GH', 'KE'], 'Allemagne before France');
    assert.match(await html('/ar/countries'), /dir="rtl"/);
  });
});

describe('compare countries', () => {
  it('shows the empty form on a first visit', async () => {
    const page = await html('/en/countries/compare');
    assert.equal([...page.matchAll(/<select id="c\d" name="c">/g)].length, 3);
    assert.ok(!page.includes('<table'));
  });

  it('puts two countries side by side with their counts', async () => {
    const page = await html('/en/countries/compare?c=KE&c=FR');
    assert.ok(
      page.includes(
        '<th scope="col" class="num"><a href="/en/countries/KE">Kenya</a></th><th scope="col" class="num"><a href="/en/countries/FR">France</a></th>',
      ),
    );
    assert.deepEqual(rowCounts(page, 'All entries'), [7, 1]);
    assert.deepEqual(rowCounts(page, 'Activities'), [2, 1]);
    assert.deepEqual(rowCounts(page, 'Events'), [3, 0]);
    assert.deepEqual(rowCounts(page, 'C3 · Access to information and knowledge'), [6, 1]);
    assert.deepEqual(rowCounts(page, 'Goal 3: Good health and well-being'), [1, 0]);
    assert.equal(rowCounts(page, 'Goal 1: No poverty'), undefined, 'rows zero everywhere are left out');
    assert.match(page, /<option value="KE" selected="">Kenya<\/option>/);
  });

  it('takes three, lower case too, including a country without entries', async () => {
    const page = await html('/en/countries/compare?c=ke&c=FR&c=BR');
    assert.deepEqual(rowCounts(page, 'Activities'), [2, 1, 0]);
    assert.match(page, /<option value="BR" selected="">Brazil<\/option>/);
  });

  for (const [qs, message] of [
    ['c=KE', 'Choose between 2 and 3 countries.'],
    ['c=&c=&c=', 'Choose between 2 and 3 countries.'],
    ['c=KE&c=FR&c=BR&c=DE', 'Choose between 2 and 3 countries.'],
    ['c=KE&c=KE', '“KE” is chosen more than once.'],
    ['c=KE&c=ZZ', '“ZZ” is not a known country code.'],
    ['c=KE&c=%3Cscript%3E', '“&lt;SCRIPT&gt;” is not a known country code.'],
  ] as const) {
    it(`answers 400 with the form and a message for ${qs}`, async () => {
      const page = await html(`/en/countries/compare?${qs}`, 400);
      assert.ok(page.includes(message), message);
      assert.ok(page.includes('<form method="get" action="/en/countries/compare"'));
      assert.ok(!page.includes('<table'));
    });
  }

  it('compares as asked when the link carries a parameter it does not read', async () => {
    const page = await html('/en/countries/compare?c=KE&c=FR&x=1&fbclid=z');
    assert.ok(page.includes('<table'));
  });

  it('speaks the reader’s language and direction when refusing', async () => {
    const page = await html('/ar/countries/compare?c=KE', 400);
    assert.match(page, /dir="rtl"/);
    assert.ok(page.includes('class="error-summary"'));
  });
});
