import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, [
    // Tagged with e-health only: an SDG 3 search finds it through the crosswalk alone.
    activityLine({
      externalId: 'cw-1',
      actionLines: ['c7-e-health'],
      sdgs: [],
      countries: ['KE'],
      translations: { en: { title: 'Clinic telemedicine', summary: 'Remote consultations.', description: '' } },
    }),
    // Tagged with target 3.8 only.
    activityLine({
      externalId: 'cw-2',
      actionLines: [],
      sdgs: ['3.8'],
      countries: ['GH'],
      translations: { en: { title: 'Health insurance cards', summary: 'Coverage.', description: '' } },
    }),
    activityLine({ externalId: 'cw-3', actionLines: ['c9'], sdgs: ['16'], countries: ['FR'] }),
  ]);
  assert.equal(report.failed, 0);
});
after(async () => t.close());

async function getJson(path: string) {
  const res = await t.app.request(path);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}
const html = async (path: string) => {
  const res = await t.app.request(path);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

describe('GET /api/v1/crosswalk', () => {
  const bad: Array<[string, string, string]> = [
    ['actionLine=c99', 'actionLine', 'unknown_value'],
    ['sdg=18', 'sdg', 'unknown_value'],
    ['sdg=9.z', 'sdg', 'unknown_value'],
    ['colour=red', 'colour', 'unrecognized_keys'],
    ['sdg=3&sdg=4', 'sdg', 'repeated'],
  ];
  for (const [query, field, code] of bad) {
    it(`answers 400 naming ${field} for ${query}`, async () => {
      const { status, body } = await getJson(`/api/v1/crosswalk?${query}`);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'validation_failed');
      assert.deepEqual(
        body.error.details.map((d: any) => [d.field, d.code]),
        [[field, code]],
      );
    });
  }
  it('lists every link with rationales in six languages, publicly cacheable', async () => {
    const { status, body, headers } = await getJson('/api/v1/crosswalk');
    assert.equal(status, 200);
    assert.ok(body.meta.total >= 80 && body.data.length === body.meta.total);
    for (const l of body.data) for (const lang of ['ar', 'zh', 'en', 'fr', 'es', 'ru']) assert.ok(l.rationale[lang].length > 0);
    assert.match(headers.get('cache-control') ?? '', /public/);
    assert.ok(headers.get('etag'));
  });
  it('filters by action line (with C7’s sub-lines), by goal, by target, and by both', async () => {
    const line = (await getJson('/api/v1/crosswalk?actionLine=c7-e-health')).body.data;
    assert.ok(line.length >= 3 && line.every((l: any) => l.actionLine === 'c7-e-health' && l.goal === '3'));
    const c7 = (await getJson('/api/v1/crosswalk?actionLine=c7')).body.data;
    assert.ok(c7.some((l: any) => l.actionLine === 'c7') && c7.some((l: any) => l.actionLine === 'c7-e-learning'));
    const goal = (await getJson('/api/v1/crosswalk?sdg=4')).body.data;
    assert.ok(goal.every((l: any) => l.goal === '4') && goal.some((l: any) => l.actionLine === 'c4'));
    const target = (await getJson('/api/v1/crosswalk?sdg=9.c')).body.data.map((l: any) => l.actionLine);
    assert.deepEqual(target, ['c1', 'c2', 'c3', 'c7']);
    const both = (await getJson('/api/v1/crosswalk?sdg=9&actionLine=c2')).body.data.map((l: any) => l.target);
    assert.deepEqual(both, ['9.1', '9.a', '9.c']);
    assert.deepEqual((await getJson('/api/v1/crosswalk?sdg=9.2')).body.data, []);
  });
  it('is in the OpenAPI document, with the search’s crosswalk parameter', async () => {
    const { body } = await getJson('/api/openapi.json');
    await SwaggerParser.validate(structuredClone(body));
    const params = body.paths['/api/v1/crosswalk'].get.parameters.map((p: any) => p.name);
    assert.deepEqual(params.sort(), ['actionLine', 'sdg']);
    const search = body.paths['/api/v1/search'].get.parameters.find((p: any) => p.name === 'crosswalk');
    assert.deepEqual(search.schema.enum, ['0', '1']);
  });
});

describe('the search option "also entries linked through the crosswalk"', () => {
  const ids = async (query: string) => (await getJson(`/api/v1/search?${query}&pageSize=100`)).body.data.map((e: any) => e.externalId).sort();
  it('is off by default and widens a goal, a target and an action-line filter when on', async () => {
    assert.deepEqual(await ids('sdg=3'), ['cw-2']);
    assert.deepEqual(await ids('sdg=3&crosswalk=0'), ['cw-2']);
    assert.deepEqual(await ids('sdg=3&crosswalk=1'), ['cw-1', 'cw-2']);
    assert.deepEqual(await ids('target=3.8&crosswalk=1'), ['cw-1', 'cw-2']);
    assert.deepEqual(await ids('actionLine=c7-e-health'), ['cw-1']);
    assert.deepEqual(await ids('actionLine=c7-e-health&crosswalk=1'), ['cw-1', 'cw-2']);
    assert.deepEqual(await ids('actionLine=c7-e-health&crosswalk=1&country=GH'), ['cw-2']);
  });
  it('refuses any other value, naming the field', async () => {
    const { status, body } = await getJson('/api/v1/search?crosswalk=yes');
    assert.equal(status, 400);
    assert.deepEqual(
      body.error.details.map((d: any) => d.field),
      ['crosswalk'],
    );
  });
  it('counts facets over the widened filter: the sdg group is disjunctive, the country counts see both entries', async () => {
    const { body } = await getJson('/api/v1/search?sdg=3&crosswalk=1');
    const countries = Object.fromEntries(body.facets.country.map((v: any) => [v.value, v.count]));
    assert.deepEqual(countries, { GH: 1, KE: 1 });
    const off = (await getJson('/api/v1/search?sdg=3')).body;
    assert.deepEqual(Object.fromEntries(off.facets.country.map((v: any) => [v.value, v.count])), { GH: 1 });
  });
  it('is a checkbox of the search form, kept in the page’s links, feeds and exports, and shown as an active filter', async () => {
    const off = await html('/en/search?sdg=3');
    assert.match(off.text, /<input type="checkbox" name="crosswalk" value="1" id="f-crosswalk"(?! checked)/);
    const on = await html('/en/search?sdg=3&crosswalk=1');
    assert.equal(on.status, 200);
    assert.match(on.text, /name="crosswalk" value="1" id="f-crosswalk"[^>]*checked/);
    assert.match(on.text, /Clinic telemedicine/);
    assert.match(on.text, /search\.atom\?sdg=3&amp;crosswalk=1/);
    assert.match(on.text, /exports\/csv\?sdg=3&amp;crosswalk=1/);
    assert.match(on.text, /href="\/en\/search\?sdg=3"[^>]*aria-label="[^"]*Crosswalk links included/);
    const feed = await html('/en/search.atom?sdg=3&crosswalk=1');
    assert.match(feed.text, /Clinic telemedicine/);
    const ar = await html('/ar/search?sdg=3&crosswalk=1');
    assert.match(ar.text, /المدخلات المرتبطة عبر مصفوفة الربط/);
  });
});

describe('action-line and SDG pages', () => {
  it('shows an action line’s SDG targets with the reasons, its counts and the search links (en, ar)', async () => {
    const en = await html('/en/action-lines/c7-e-health');
    assert.equal(en.status, 200);
    assert.match(en.text, /<h1[^>]*>Action line C7: E-health<\/h1>/);
    assert.match(en.text, /Telemedicine and digital records extend health coverage/);
    assert.match(en.text, /href="\/en\/sdgs\/3\.8"/);
    assert.match(en.text, /href="\/en\/search\?actionLine=c7-e-health">1 entry tagged with it</);
    assert.match(en.text, /href="\/en\/search\?actionLine=c7-e-health&amp;crosswalk=1">2 entries counting/);
    const ar = await html('/ar/action-lines/c7-e-health');
    assert.equal(ar.status, 200);
    assert.match(ar.text, /<html lang="ar" dir="rtl"/);
    assert.match(ar.text, /يمدّ الطب عن بُعد والسجلات الرقمية التغطية الصحية/);
  });
  it('shows C7 with its sub-lines’ links marked as theirs', async () => {
    const c7 = await html('/en/action-lines/c7');
    assert.match(c7.text, /href="\/en\/action-lines\/c7-e-learning"/);
    assert.match(c7.text, /through E-learning/);
  });
  it('shows a goal’s action lines with the reasons (en, ar), and a target’s', async () => {
    const en = await html('/en/sdgs/3');
    assert.equal(en.status, 200);
    assert.match(en.text, /href="\/en\/action-lines\/c7-e-health"/);
    assert.match(en.text, /Digital disease surveillance helps detect and end epidemics\./);
    assert.match(en.text, /href="\/en\/search\?sdg=3">1 entry tagged with it</);
    assert.match(en.text, /href="\/en\/search\?sdg=3&amp;crosswalk=1">2 entries counting/);
    const ar = await html('/ar/sdgs/3');
    assert.match(ar.text, /تساعد المراقبة الرقمية للأمراض/);
    const target = await html('/en/sdgs/9.c');
    assert.equal(target.status, 200);
    assert.match(target.text, /SDG target 9\.c/);
    assert.match(target.text, /href="\/en\/action-lines\/c2"/);
  });
  it('answers 404 for codes no vocabulary has', async () => {
    for (const path of ['/en/action-lines/c99', '/en/action-lines/c7-e-nothing', '/en/sdgs/18', '/en/sdgs/9.z', '/de/sdgs/3', '/en/sdgs/abc'])
      assert.equal((await t.app.request(path)).status, 404, path);
  });
  it('lists every action line and goal on the index pages, linked from the home page and the entry page', async () => {
    const lines = await html('/fr/action-lines');
    for (const code of ['c1', 'c7-e-science', 'c11']) assert.match(lines.text, new RegExp(`href="/fr/action-lines/${code}"`));
    const goals = await html('/zh/sdgs');
    for (let g = 1; g <= 17; g++) assert.match(goals.text, new RegExp(`href="/zh/sdgs/${g}"`));
    const home = await html('/en/');
    assert.match(home.text, /href="\/en\/action-lines"/);
    assert.match(home.text, /href="\/en\/sdgs"/);
    const id = (await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'cw-3').executeTakeFirstOrThrow()).id;
    const entry = await html(`/en/activities/${id}`);
    assert.match(entry.text, /href="\/en\/action-lines\/c9"[^>]*>About Media</);
    assert.match(entry.text, /href="\/en\/sdgs\/16"/);
  });
  it('are listed in the sitemap of other pages', async () => {
    const xml = await html('/sitemaps/pages.xml');
    for (const path of ['/en/action-lines', '/ar/action-lines/c7-e-health', '/en/sdgs', '/ru/sdgs/17']) assert.ok(xml.text.includes(`${path}</loc>`), path);
  });
});
