import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { CHARTS, type ChartName } from '../../src/modules/dashboard/dashboard';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { FACETS, type Facet } from '../../src/modules/entries/entry';
import { createIndexedSearch, type IndexedSearch } from '../../src/modules/search/indexed-search';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

// Dashboards: a chart's numbers are the search's facet counts, as the API gives them, for any search and on both
// search paths; its CSV says the same; bad queries are refused with the field named.

let t: TestDb;
let index: IndexedSearch;
/** The app on the SQL path (the test database's) and on the in-process index, over the same data. */
const apps: Record<'sql' | 'index', { request: (path: string, init?: RequestInit) => Response | Promise<Response> }> = {} as never;
const values = new Map<Facet, string[]>();
const WORDS = ['digital', 'school', 'health', 'broadband', 'santé', '数字', 'الإنترنت', 'zzzznothing'];

before(async () => {
  t = await createTestDb();
  await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  // Publication over several years (the demo is published at once), so the registered chart has more than one bar.
  await sql`update entries set published_at = published_at - make_interval(days => (id % 7) * 200) where published_at is not null`.execute(t.handle.db);
  index = createIndexedSearch(t.handle.db, { pollMs: 60_000, typos: false });
  await index.start();
  apps.sql = t.app;
  apps.index = createApp({ ...t.deps, search: index, registerVersion: () => index.changeId() });
  const all = (await (await t.app.request('/api/v1/search?pageSize=1')).json()) as ApiResult;
  for (const f of FACETS)
    values.set(
      f,
      all.facets[f]!.map((v) => v.value),
    );
});
after(async () => {
  index.stop();
  await t.close();
});

interface ApiResult {
  data: Array<{ publishedAt: string | null }>;
  meta: { total: number; pages: number };
  facets: Record<string, Array<{ value: string; count: number; label: string }>>;
}

/** RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      field = '';
      record = [];
      i++;
    } else field += ch;
  }
  assert.equal(field + record.join(''), '', 'the file ends with CRLF');
  return records;
}

type Row = { code: string; label: string; count: number };
const byCode = (rows: Row[]) => [...rows].sort((a, b) => a.code.localeCompare(b.code));

/** A chart's rows from its CSV, checked for the BOM and the header. */
async function csvRows(app: (typeof apps)['sql'], qs: string, chart: ChartName, locale = 'en'): Promise<Row[]> {
  const res = await app.request(`/${locale}/dashboard.csv?${qs}${qs ? '&' : ''}chart=${chart}`);
  assert.equal(res.status, 200, `${chart} ${qs}`);
  // Response.text() drops a byte-order mark: read the bytes.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  assert.ok(text.startsWith('\uFEFF'), 'a byte-order mark for spreadsheets');
  const [header, ...records] = parseCsv(text.slice(1));
  assert.deepEqual(header, ['code', 'label', 'count']);
  return records.map(([code, label, count]) => ({ code: code!, label: label!, count: Number(count) }));
}

/** What the API's facets say a chart should hold (`registered`: the matches' years of publication, read page by page). */
async function expectedRows(app: (typeof apps)['sql'], qs: string): Promise<Record<ChartName, Row[]>> {
  const api = async (extra: string) => {
    const res = await app.request(`/api/v1/search?${qs}${qs ? '&' : ''}${extra}`);
    assert.equal(res.status, 200, qs);
    return (await res.json()) as ApiResult;
  };
  const first = await api('pageSize=100');
  const facet = (f: Facet, keep: (code: string) => boolean = () => true) =>
    first.facets[f]!.filter((v) => keep(v.value)).map((v) => ({ code: v.value, label: v.label, count: v.count }));
  const years = new Map<string, number>();
  const count = (page: ApiResult) =>
    page.data.forEach((e) => e.publishedAt && years.set(e.publishedAt.slice(0, 4), (years.get(e.publishedAt.slice(0, 4)) ?? 0) + 1));
  count(first);
  for (let page = 2; page <= first.meta.pages; page++) count(await api(`pageSize=100&page=${page}`));
  return {
    started: facet('year'),
    // By year: the order the pages came in differs between paths when relevance ties.
    registered: [...years].sort(([a], [b]) => a.localeCompare(b)).map(([year, n]) => ({ code: year, label: year, count: n })),
    actionLine: facet('actionLine'),
    sdg: facet('sdg'),
    region: facet('region', (c) => c.startsWith('itu-')),
    m49: facet('region', (c) => !c.startsWith('itu-')),
    stakeholder: facet('stakeholder'),
    kind: facet('kind'),
    status: facet('status'),
  };
}

/** Each chart's table on the page: code → count, as printed (English digits, no separators below 1,000). */
function pageTables(html: string): Record<string, Array<{ code: string; count: number }>> {
  const out: Record<string, Array<{ code: string; count: number }>> = {};
  for (const part of html.split('<section class="chart" aria-labelledby="chart-').slice(1)) {
    const name = part.slice(0, part.indexOf('-title"'));
    out[name] = [...part.matchAll(/<code>([^<]*)<\/code><\/td><td class="num">([\d,]+)<\/td>/g)].map((m) => ({
      code: m[1]!,
      count: Number(m[2]!.replace(/,/g, '')),
    }));
  }
  return out;
}

const query = fc.record({
  word: fc.option(fc.constantFrom(...WORDS), { nil: undefined }),
  filters: fc.array(fc.tuple(fc.constantFrom(...FACETS), fc.nat(), fc.nat()), { maxLength: 3 }),
  // The search's crosswalk option: the dashboard must widen its counts exactly as the search does.
  crosswalk: fc.boolean(),
});

function queryString(q: { word: string | undefined; filters: Array<[Facet, number, number]>; crosswalk: boolean }): string {
  const params = new URLSearchParams();
  if (q.word) params.set('q', q.word);
  for (const [facet, a, b] of q.filters) {
    const list = values.get(facet) ?? [];
    if (!list.length) continue;
    // One value, or two of the same facet (an "or" within it).
    for (const v of new Set([list[a % list.length]!, ...(b % 2 ? [list[b % list.length]!] : [])])) params.append(facet, v);
  }
  if (q.crosswalk) params.set('crosswalk', '1');
  return params.toString();
}

describe('dashboard numbers equal the API’s facet counts', () => {
  it('for random searches, on both search paths, in the CSV and on the page', async () => {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const qs = queryString(q);

        const fromSql = await expectedRows(apps.sql, qs);
        for (const path of ['sql', 'index'] as const) {
          const app = apps[path];
          const expected = path === 'sql' ? fromSql : await expectedRows(app, qs);
          const html = await (await app.request(`/en/dashboard${qs ? `?${qs}` : ''}`)).text();
          const tables = pageTables(html);
          for (const chart of CHARTS) {
            const rows = await csvRows(app, qs, chart);
            assert.deepEqual(byCode(rows), byCode(expected[chart]), `${path} ${chart} ?${qs}`);
            assert.deepEqual(
              tables[chart],
              rows.map(({ code, count }) => ({ code, count })),
              `${path} page table ${chart} ?${qs}`,
            );
          }
          assert.deepEqual(expected, fromSql, `the index answers as SQL ?${qs}`);
        }
      }),
      // Besides the random ones: a goal with the crosswalk, which reaches entries tagged only with its action lines.
      { numRuns: 25, examples: [[{ word: undefined, filters: [['sdg', 8, 0]], crosswalk: true }]] },
    );
  });

  it('a chart’s bars stand in its order: years oldest first, goals and lines in their vocabulary’s order, others most first', async () => {
    const years = (await csvRows(apps.index, '', 'registered')).map((r) => Number(r.code));
    assert.ok(years.length > 1, 'several years of registration');
    assert.deepEqual(
      years,
      [...years].sort((a, b) => a - b),
    );
    const goals = (await csvRows(apps.index, '', 'sdg')).map((r) => Number(r.code));
    assert.deepEqual(
      goals,
      [...goals].sort((a, b) => a - b),
    );
    const lines = (await csvRows(apps.index, '', 'actionLine')).map((r) => r.code);
    assert.ok(lines.indexOf('c7') < lines.indexOf('c7-e-health') && lines.indexOf('c7-e-health') < lines.indexOf('c8'), lines.join(' '));
    assert.ok(lines.indexOf('c2') < lines.indexOf('c10'), 'C2 before C10');
    const regions = (await csvRows(apps.index, '', 'm49')).map((r) => r.count);
    assert.deepEqual(
      regions,
      [...regions].sort((a, b) => b - a),
    );
    const kinds = (await csvRows(apps.index, '', 'kind')).map((r) => r.code);
    assert.deepEqual(
      kinds,
      ['activity', 'actor', 'publication', 'event', 'story'].filter((k) => kinds.includes(k)),
    );
  });
});

describe('dashboard pages and their CSV', () => {
  it('refuse a bad query with a localised 400 naming the field, never a 500', async () => {
    const field = async (path: string) => {
      const res = await t.app.request(path, { headers: { accept: 'application/json' } });
      assert.equal(res.status, 400, path);
      const body = (await res.json()) as { error: { code: string; details: Array<{ field: string }> } };
      return body.error.details.map((d) => d.field);
    };
    assert.deepEqual(await field('/en/dashboard?country=ZZ'), ['country']);
    assert.deepEqual(await field('/en/dashboard?sdg=4.1'), ['sdg'], 'a target is not a goal');
    assert.deepEqual(await field('/en/dashboard?q=a&q=b'), ['q']);
    assert.deepEqual(await field(`/en/dashboard?q=${'x'.repeat(201)}`), ['q']);
    assert.deepEqual(await field('/en/dashboard.csv?chart=sdg&actionLine=c99'), ['actionLine']);
    assert.deepEqual(await field('/en/dashboard.csv'), ['chart'], 'which chart is required');
    assert.deepEqual(await field('/en/dashboard.csv?chart=pie'), ['chart']);
    assert.deepEqual(await field('/en/dashboard.csv?chart=sdg&chart=kind'), ['chart']);
    const fr = await t.app.request('/fr/dashboard.csv?chart=pie');
    assert.equal(fr.status, 400);
    assert.equal(fr.headers.get('cache-control'), 'no-store');
    const html = await fr.text();
    assert.match(html, /lang="fr"/);
    assert.match(html, /Graphique/, 'the field in the reader’s language');
    assert.equal((await t.app.request('/xx/dashboard')).status, 404);
  });

  it('ignore what they do not read (the search page’s order and paging, tracking) and keep it out of their links', async () => {
    const res = await t.app.request('/en/dashboard?sdg=4&sort=title&page=3&pageSize=5&utm_source=x');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /href="\/en\/search\?sdg=4"/, 'back to the same search');
    assert.match(html, /href="\/en\/dashboard\.csv\?sdg=4&amp;chart=sdg"/, 'each chart’s CSV for the same search');
    assert.doesNotMatch(html, /utm_source|sort=title/);
    assert.equal((await t.app.request('/en/dashboard.csv?chart=kind&sort=title&utm_source=x')).status, 200);
  });

  it('draw each chart as an image named by its title and description, SDG bars in the goals’ colours', async () => {
    const html = await (await t.app.request('/en/dashboard')).text();
    for (const chart of CHARTS) {
      assert.match(html, new RegExp(`<svg role="img" aria-labelledby="chart-${chart}-title chart-${chart}-desc"`), chart);
      assert.match(html, new RegExp(`<h2 id="chart-${chart}-title">`), chart);
      assert.match(html, new RegExp(`<p id="chart-${chart}-desc" class="chart-desc">Largest: `), chart);
    }
    assert.match(html, /<rect[^>]*fill="#c5192d"[^>]*class="chart-bar-own"/, 'SDG 4 in its red');
    const ar = await (await t.app.request('/ar/dashboard')).text();
    assert.match(ar, /direction="rtl"/);
    assert.match(ar, /الإدخالات حسب هدف التنمية المستدامة/);
  });

  it('give a chart’s numbers as CSV: labels quoted where they hold commas, in the reader’s language, as a download', async () => {
    const res = await t.app.request('/en/dashboard.csv?chart=sdg');
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
    assert.equal(res.headers.get('content-disposition'), 'attachment; filename="stocktake-dashboard-sdg.csv"');
    const text = await res.text();
    assert.match(text, /\r\n9,"Industry, innovation and infrastructure",\d+\r\n/);
    const ar = await csvRows(t.app, '', 'kind', 'ar');
    assert.ok(
      ar.some((r) => r.code === 'activity' && r.label === 'نشاط'),
      JSON.stringify(ar),
    );
    const none = await csvRows(t.app, 'q=zzzznothing', 'sdg');
    assert.deepEqual(none, [], 'a search that finds nothing: the header alone');
  });

  it('are a visitor’s public pages: kept with an ETag, and changed when an entry is published', async () => {
    const app = apps.index;
    const first = await app.request('/en/dashboard?country=KE');
    assert.equal(first.headers.get('cache-control'), 'public, max-age=0, s-maxage=60');
    const etag = first.headers.get('etag')!;
    const total = (await first.text()).match(/(\d+) entries match this search/)?.[1];
    assert.ok(total);
    assert.equal((await app.request('/en/dashboard?country=KE', { headers: { 'if-none-match': etag } })).status, 304);
    const report = await importEntries(t.deps, [entryLine('dash-new', 'A new Kenyan telecentre', { countries: ['KE'] })]);
    assert.equal(report.failed, 0);
    await index.refresh();
    const again = await app.request('/en/dashboard?country=KE', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 200);
    assert.match(await again.text(), new RegExp(`${Number(total) + 1} entries match this search`));
  });
});
