import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { syntheticEntries } from '../../bench/synthetic-corpus';
import { insertEntriesBulk } from '../../src/modules/entries/entries.repository';
import { prepareWrite } from '../../src/modules/entries/entries.service';
import { SORTS } from '../../src/modules/entries/entry.schemas';
import { EXPORT_COLUMNS, MULTI_VALUE_SEPARATOR, spreadsheetSafe } from '../../src/modules/exports/exports.columns';
import { EXPORT_BATCH, writeExport } from '../../src/modules/exports/exports.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine, entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
/** More than two batches, so a stop in the middle of an export can be seen. */
const SYNTHETIC = EXPORT_BATCH * 2 + 100;
const logged: Array<Record<string, unknown>> = [];

const HARD_TITLE = 'Titre, "entre guillemets" ; | fin';
const HARD_SUMMARY = 'Line one, "quoted"\nline two\n\nline four';
const HARD_ZH = '社区中心 <数据> & 🌍👩🏽‍💻';

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, [
    activityLine({
      externalId: 'exp-hard',
      originalLanguage: 'fr',
      translations: {
        fr: { title: HARD_TITLE, summary: '=HYPERLINK("http://evil.example")', description: '' },
        ar: { title: 'مراكز مجتمعية', summary: HARD_SUMMARY, description: '' },
        zh: { title: HARD_ZH, summary: '摘要：العربية 与 emoji 🎉', description: '' },
      },
      countries: ['KE', 'GH'],
      actionLines: ['c2', 'c5'],
      sdgs: ['9', '9.c'],
      organisations: [
        { name: 'Lead Org', role: 'lead', stakeholderType: 'academia' },
        { name: 'Partner Org', role: 'partner', stakeholderType: 'government' },
      ],
    }),
    activityLine({ externalId: 'exp-plain', countries: ['FR'] }),
    activityLine({ externalId: 'exp-draft', state: 'draft', countries: ['FR'] }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report));
  // The corpus favours the first countries: those the tests filter on.
  const countries = ['KE', 'FR', 'GH', ...t.deps.taxonomy.terms('country').map((c) => c.code)].filter((c) => c !== 'AQ').slice(0, 40);
  const writes = [...syntheticEntries(SYNTHETIC, countries, 7)].map((input) => prepareWrite(input, t.deps.taxonomy, { isDemo: false }));
  await t.deps.db.transaction().execute((trx) => insertEntriesBulk(trx, writes));
  t.deps.log.info = (msg, fields) => {
    if (msg === 'export') logged.push(fields ?? {});
  };
});
after(async () => t.close());

async function apiSearch(query: string): Promise<{ total: number; ids: number[]; data: unknown[] }> {
  const res = await t.app.request(`/api/v1/search?${query}${query ? '&' : ''}pageSize=100`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { meta: { total: number }; data: Array<{ id: number }> };
  return { total: body.meta.total, ids: body.data.map((d) => d.id), data: body.data };
}

async function download(format: string, query: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(`/api/v1/exports/${format}?${query}`, { headers });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function csvRecords(bytes: Buffer): Array<Record<string, string>> {
  return parse(bytes, { bom: true, columns: true, relax_column_count: false }) as Array<Record<string, string>>;
}

describe('GET /api/v1/exports/{format}', () => {
  it('CSV: RFC 4180 with a BOM and CRLF, a dated attachment, exactly the search’s entries in its order', async () => {
    const query = 'country=KE&country=FR&sort=newest';
    const api = await apiSearch(query);
    assert.ok(api.total > 2, 'the search finds synthetic entries too');
    const { res, bytes } = await download('csv', query);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="stocktake-\d{4}-\d{2}-\d{2}\.csv"$/);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const text = bytes.toString('utf8');
    assert.equal(text.split('\r\n')[0], `\uFEFF${EXPORT_COLUMNS.map((c) => c.name).join(',')}`);
    assert.ok(text.endsWith('\r\n'));
    const rows = csvRecords(bytes);
    assert.equal(rows.length, api.total);
    assert.deepEqual(
      rows.slice(0, api.ids.length).map((r) => Number(r.id)),
      api.ids,
    );
    for (const c of ['title_ar', 'title_zh', 'title_en', 'title_fr', 'title_es', 'title_ru', 'summary_en', 'country_labels', 'stakeholder_type_labels'])
      assert.ok(c in rows[0]!, c);
  });

  it('CSV: hard text survives a real parser; multi-values joined; codes and labels in the asked language; formulas disarmed', async () => {
    const { bytes } = await download('csv', 'q=&country=GH&lang=fr');
    const row = csvRecords(bytes).find((r) => r.title_fr === HARD_TITLE);
    assert.ok(row, 'the entry with quotes, commas and a line break is one record, its title intact');
    assert.equal(row.title_ar, 'مراكز مجتمعية');
    assert.equal(row.summary_ar, HARD_SUMMARY, 'line breaks inside a quoted field');
    assert.equal(row.countries, ['KE', 'GH'].join(MULTI_VALUE_SEPARATOR));
    assert.equal(row.country_labels, 'Kenya | Ghana');
    assert.equal(row.sdgs, '9 | 9.c');
    assert.equal(row.organisations, 'Lead Org | Partner Org');
    assert.equal(row.stakeholder_types, 'academia | government');
    assert.equal(row.stakeholder_type_labels, 'Milieux universitaires | Gouvernement');
    assert.equal(row.kind, 'activity');
    assert.equal(row.kind_label, 'Activité');
    assert.equal(row.summary_fr, `'=HYPERLINK("http://evil.example")`);
    assert.match(row.url!, /^http:\/\/stocktake\.test\/fr\/activities\/\d+$/);
  });

  it('NDJSON: one presenter JSON per line, the same objects the API search answers', async () => {
    const query = 'sort=title&lang=en';
    const api = await apiSearch(query);
    const { res, bytes } = await download('ndjson', query);
    assert.match(res.headers.get('content-type') ?? '', /^application\/x-ndjson/);
    const lines = bytes.toString('utf8').split('\n');
    assert.equal(lines.pop(), '', 'ends with a line break');
    assert.equal(lines.length, api.total);
    assert.deepEqual(
      lines.slice(0, api.data.length).map((l) => JSON.parse(l) as unknown),
      api.data,
    );
  });

  it('JSON: one array of every entry; a draft is never in it', async () => {
    const { res, bytes } = await download('json', '');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    const all = JSON.parse(bytes.toString('utf8')) as Array<{ externalId: string }>;
    assert.equal(all.length, (await apiSearch('')).total);
    assert.equal(all.length, SYNTHETIC + 2);
    assert.ok(!all.some((e) => e.externalId === 'exp-draft'));
  });

  it('XLSX: a workbook exceljs reads back, the CSV’s columns, one row per entry', async () => {
    const query = 'country=KE&sort=newest';
    const api = await apiSearch(query);
    const { res, bytes } = await download('xlsx', query);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="stocktake-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.rowCount, api.total + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(
      header,
      EXPORT_COLUMNS.map((c) => c.name),
    );
    const ids = [];
    for (let r = 2; r < 2 + api.ids.length; r++) ids.push(sheet.getRow(r).getCell(1).value);
    assert.deepEqual(ids, api.ids, 'ids are number cells');
    assert.equal(sheet.getRow(1).getCell(1).font?.bold, true, 'a bold header');
    assert.equal((sheet.views[0] as { state?: string }).state, 'frozen', 'a frozen header');
    // Every cell as the CSV of the same search has it (the CSV's formula guard aside: a cell holds text, never a formula).
    const csv = csvRecords((await download('csv', query)).bytes);
    assert.equal(csv.length, api.total);
    csv.forEach((record, i) => {
      const row = sheet.getRow(i + 2);
      EXPORT_COLUMNS.forEach((c, j) => {
        const v = row.getCell(j + 1).value;
        assert.ok(v === null || typeof v === 'string' || typeof v === 'number', `${c.name}: a plain value, not ${JSON.stringify(v)}`);
        const text = v === null ? '' : String(v);
        assert.equal(c.text ? spreadsheetSafe(text) : text, record[c.name], `row ${i + 2}, ${c.name}`);
      });
    });
    const hard = csv.findIndex((r) => r.title_fr === HARD_TITLE);
    assert.ok(hard >= 0);
    const cell = (name: string) => sheet.getRow(hard + 2).getCell(EXPORT_COLUMNS.findIndex((c) => c.name === name) + 1).value;
    assert.equal(cell('title_ar'), 'مراكز مجتمعية');
    assert.equal(cell('title_zh'), HARD_ZH);
    assert.equal(cell('summary_ar'), HARD_SUMMARY);
    assert.equal(cell('summary_fr'), '=HYPERLINK("http://evil.example")', 'text, not a formula');
  });

  it('names one kind in the file name, and gzips for a client that accepts it (streamed, not buffered)', async () => {
    const { res, bytes } = await download('csv', 'kind=activity', { 'accept-encoding': 'gzip' });
    assert.match(res.headers.get('content-disposition') ?? '', /filename="stocktake-activity-\d{4}-\d{2}-\d{2}\.csv"/);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(csvRecords(gunzipSync(bytes)).length, SYNTHETIC + 2);
  });

  const bad: Array<[string, string, string]> = [
    ['/api/v1/exports/pdf', 'format', 'invalid_value'],
    ['/api/v1/exports/csv?country=XX', 'country', 'unknown_value'],
    ['/api/v1/exports/csv?sort=random', 'sort', 'invalid_value'],
    ['/api/v1/exports/csv?lang=de', 'lang', 'invalid_value'],
    ['/api/v1/exports/csv?colour=blue', 'colour', 'unrecognized_keys'],
    [`/api/v1/exports/csv?q=${'x'.repeat(201)}`, 'q', 'too_big'],
    [`/api/v1/exports/csv?${Array.from({ length: 51 }, () => 'sdg=1').join('&')}`, 'sdg', 'too_big'],
  ];
  for (const [path, field, code] of bad) {
    it(`answers 400 naming ${field} (${code}), localised, for ${path.slice(16, 50)}`, async () => {
      const res = await t.app.request(path, { headers: { 'accept-language': 'fr' } });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { error: { code: string; message: string; details: Array<{ field: string; code: string; message: string }> } };
      assert.equal(body.error.code, 'validation_failed');
      const detail = body.error.details.find((d) => d.field === field);
      assert.ok(detail, JSON.stringify(body.error.details));
      assert.equal(detail.code, code);
      assert.match(body.error.message, /valeurs|valide/i, 'in French');
    });
  }

  it('stops reading the database when the client goes away', async () => {
    logged.length = 0;
    const res = await t.app.request('/api/v1/exports/ndjson');
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.ok(first.value && first.value.byteLength > 0);
    await reader.cancel();
    const deadline = Date.now() + 10_000;
    while (logged.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(logged.length, 1, 'the export ended');
    assert.equal(logged[0]!.complete, false);
    assert.ok(Number(logged[0]!.rows) < SYNTHETIC, `stopped early (${String(logged[0]!.rows)} rows)`);
  });

  for (const format of ['csv', 'xlsx'] as const)
    it(`writeExport stops when its signal aborts, while it waits for a reader that does not read (${format})`, async () => {
      const out = new PassThrough({ highWaterMark: 1024 });
      const controller = new AbortController();
      const running = writeExport(t.deps, undefined, format, out, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      const result = await running;
      assert.equal(result.complete, false);
      assert.ok(result.rows < SYNTHETIC);
    });

  it('is in the OpenAPI document with its formats', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters: Array<{ name: string; schema: { enum?: string[] } }> } }>;
    };
    const op = doc.paths['/api/v1/exports/{format}']?.get;
    assert.ok(op);
    assert.deepEqual(op.parameters.find((p) => p.name === 'format')?.schema.enum, ['csv', 'ndjson', 'json', 'xlsx']);
    assert.ok(op.parameters.some((p) => p.name === 'country'));
  });
});

describe('the download menu of search pages', () => {
  it('links each format with the page’s query (every page of it), labelled in the page’s language', async () => {
    const html = await (await t.app.request('/fr/activities?country=KE&sort=title&page=2')).text();
    assert.match(html, /Télécharger ces résultats/);
    for (const f of ['csv', 'xlsx', 'json', 'ndjson']) {
      const href = html.match(new RegExp(`href="(/api/v1/exports/${f}\\?[^"]*)"`))?.[1]?.replace(/&amp;/g, '&');
      assert.ok(href, f);
      const params = new URL(href, 'http://x').searchParams;
      assert.deepEqual(params.getAll('country'), ['KE']);
      assert.deepEqual(params.getAll('kind'), ['activity']);
      assert.equal(params.get('sort'), 'title');
      assert.equal(params.get('lang'), 'fr');
      assert.equal(params.get('page'), null);
    }
    const html2 = await (await t.app.request('/ar/search?country=KE')).text();
    assert.match(html2, /تنزيل هذه النتائج/);
  });
});

describe('the download menu of the events and publications pages', () => {
  it('exports the search of that kind with the page’s filters, and says how many entries the file holds', async () => {
    const report = await importEntries(t.deps, [
      entryLine('menu-event-past', 'A past event in Kenya', {
        kind: 'event',
        countries: ['KE'],
        event: { start: '2020-03-01T09:00', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' },
      }),
      entryLine('menu-event-next', 'A coming event in Kenya', {
        kind: 'event',
        countries: ['KE'],
        event: { start: '2040-03-01T09:00', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' },
      }),
      entryLine('menu-pub', 'A report on Kenya', { kind: 'publication', countries: ['KE'], publication: { year: 2024, authors: ['A. Author'] } }),
    ]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    for (const [path, kind, help] of [
      ['/fr/events?country=KE&when=upcoming', 'event', /Les 2 événements correspondant à ces filtres, passés et à venir/],
      ['/fr/publications?country=KE', 'publication', /L’entrée trouvée|entrée/],
    ] as const) {
      const html = await (await t.app.request(path)).text();
      assert.match(html, /Télécharger ces résultats/, path);
      assert.match(html, help, path);
      const href = html.match(/href="(\/api\/v1\/exports\/csv\?[^"]*)"/)?.[1]?.replace(/&amp;/g, '&');
      assert.ok(href, path);
      const params = new URL(href, 'http://x').searchParams;
      assert.deepEqual(params.getAll('kind'), [kind]);
      assert.deepEqual(params.getAll('country'), ['KE']);
      const { bytes } = await download('csv', href.split('?')[1]!);
      const rows = csvRecords(bytes);
      assert.ok(rows.length > 0 && rows.every((r) => r.kind === kind && r.countries!.split(' | ').includes('KE')), path);
      assert.equal(rows.length, (await apiSearch(`kind=${kind}&country=KE`)).total, path);
    }
    const ar = await (await t.app.request('/ar/events?country=KE')).text();
    assert.match(ar, /تنزيل هذه النتائج/);
  });
});

describe('property: for any search, the CSV has exactly the API’s total rows', () => {
  it('holds for random text, filters, kinds and sorts', async () => {
    const facets = (await (await t.app.request('/api/v1/search?pageSize=1')).json()) as { facets: Record<string, Array<{ value: string }>> };
    const filterValues = Object.entries(facets.facets).flatMap(([facet, values]) => values.slice(0, 6).map((v) => [facet, v.value] as const));
    const words = ['', 'digital', 'rural women', '"community women"', 'internet -rural', 'santé', 'données', 'المدارس', '数字', 'telecentres', 'zzzznothing'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...words), fc.constantFrom(...SORTS), fc.subarray(filterValues, { maxLength: 3 }), async (q, sort, filters) => {
        const params = new URLSearchParams({ q, sort });
        for (const [f, v] of filters) params.append(f, v);
        const query = params.toString();
        const api = await apiSearch(query);
        const { res, bytes } = await download('csv', query);
        assert.equal(res.status, 200);
        const rows = csvRecords(bytes);
        assert.equal(rows.length, api.total, query);
        assert.deepEqual(
          rows.slice(0, api.ids.length).map((r) => Number(r.id)),
          api.ids,
          query,
        );
      }),
      { numRuns: 25, seed: 20261203 },
    );
  });
});
