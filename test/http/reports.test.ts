import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { TestClient } from '../support/client';
import { activityLine } from '../support/factories';
import { PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/** A complete, valid report form; override any field. */
function reportForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const year = new Date().getUTCFullYear();
  return {
    languages: ['en', 'ar'],
    'titles.en': 'Stocktaking report',
    'titles.ar': 'تقرير الحصر',
    'introductions.en': 'What the register holds this **year**.',
    periodFrom: `${year}-01-01`,
    periodTo: `${year}-12-31`,
    filters: '',
    ...overrides,
  };
}

describe('reports: curator routes (ladders) and public pages', () => {
  let t: TestDb;
  let dir: string;
  let curator: TestClient;
  let contributor: TestClient;
  const ids: Record<'c3' | 'c5' | 'archived', number> = { c3: 0, c5: 0, archived: 0 };

  before(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'stocktake-reports-http-'));
    t.deps.config = { ...t.deps.config, reports: { dir, chromiumPath: join(dir, 'no-chromium') } };
    const titles = { c3: 'Access point', c5: 'Trust point', archived: 'Gone point' };
    const lines = { c3: ['c3'], c5: ['c5'], archived: ['c4'] };
    for (const key of ['c3', 'c5', 'archived'] as const) {
      const externalId = `report-${key}`;
      const r = await importEntries(t.deps, [
        activityLine({
          externalId,
          actionLines: lines[key],
          translations: { en: { title: titles[key], summary: `${titles[key]} summary.`, description: '' } },
        }),
      ]);
      assert.equal(r.failed, 0, JSON.stringify(r.errors));
      ids[key] = (await t.handle.db.selectFrom('entries').select('id').where('externalId', '=', externalId).executeTakeFirstOrThrow()).id;
    }
    await t.handle.db.updateTable('entries').set({ state: 'archived' }).where('id', '=', ids.archived).execute();
    const staff = await person(t, { role: 'curator' });
    curator = new TestClient(t.app);
    await curator.signIn(staff.email, PASSWORD);
    const someone = await person(t);
    contributor = new TestClient(t.app);
    await contributor.signIn(someone.email, PASSWORD);
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => (await t.handle.db.selectFrom('reports').select('id').execute()).length;

  it('refuses a visitor (401) and a contributor (403) every curator route, and stores nothing', async () => {
    const visitor = new TestClient(t.app);
    for (const path of ['/en/admin/reports', '/en/admin/reports/new']) {
      const v = await visitor.get(path);
      assert.ok(v.status === 401 || (v.status === 303 && /sign-in/.test(v.res.headers.get('location') ?? '')), `${path}: visitor ${v.status}`);
      assert.equal((await contributor.get(path)).status, 403, path);
    }
    assert.equal((await visitor.post('/en/admin/reports', reportForm())).status, 401);
    assert.equal((await contributor.post('/en/admin/reports', reportForm())).status, 403);
    assert.equal(await count(), 0);
  });

  it('answers 422 with the exact fields and the input kept', async () => {
    const r = await curator.post('/en/admin/reports', reportForm({ 'titles.ar': '', periodTo: '2000-01-01', 'titles.en': 'Kept title' }));
    assert.equal(r.status, 422);
    assert.match(r.text, /value="Kept title"/, 'input kept');
    assert.match(r.text, /id="f-titles-ar"/);
    assert.match(r.text, /href="#f-titles-ar"/, 'the Arabic title is named');
    const bad = await curator.post('/en/admin/reports', reportForm({ filters: 'actionLine=c99' }));
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#f-filters"/);
    const none = await curator.post('/en/admin/reports', reportForm({ languages: [] }));
    assert.equal(none.status, 422);
    assert.match(none.text, /href="#f-languages"/);
    assert.equal(await count(), 0);
  });

  it('checks each highlighted entry on the server: exists, published, in the report, in its line — an error per field', async () => {
    const r = await curator.post(
      '/en/admin/reports',
      reportForm({
        filters: '/en/search?actionLine=c3',
        'highlights.c3': String(ids.c3),
        'highlights.c5': String(ids.c5),
        'highlights.c1': '99999999',
        'highlights.c4': String(ids.archived),
      }),
    );
    assert.equal(r.status, 422);
    assert.match(r.text, new RegExp(`href="#f-highlights-c5">[^<]*Entry ${ids.c5} is not among the report`));
    assert.match(r.text, /href="#f-highlights-c1">[^<]*Entry 99999999 does not exist/);
    assert.match(r.text, new RegExp(`href="#f-highlights-c4">[^<]*Entry ${ids.archived} is not published`));
    assert.doesNotMatch(r.text, /href="#f-highlights-c3"/, 'the good one is not refused');
    const wrongLine = await curator.post('/en/admin/reports', reportForm({ 'highlights.c5': String(ids.c3) }));
    assert.equal(wrongLine.status, 422);
    assert.match(wrongLine.text, /href="#f-highlights-c5">[^<]*not tagged with this action line/);
    const words = await curator.post('/en/admin/reports', reportForm({ 'highlights.c5': 'twelve' }));
    assert.equal(words.status, 422);
    assert.match(words.text, /href="#f-highlights-c5"/);
    assert.equal(await count(), 0);
  });

  let reportId = 0;

  it('creates, shows, edits and generates a report; unpublished it is 404 to visitors', async () => {
    const created = await curator.post('/en/admin/reports', reportForm({ filters: 'actionLine=c3', 'highlights.c3': String(ids.c3) }));
    assert.equal(created.status, 303);
    const m = /\/en\/admin\/reports\/(\d+)\?notice=saved$/.exec(created.location ?? '');
    assert.ok(m, created.location ?? '');
    reportId = Number(m[1]);
    const page = await curator.get(created.location!);
    assert.equal(page.status, 200);
    assert.match(page.text, /The report has been saved/);
    assert.equal((await t.app.request(`/en/reports/${reportId}`)).status, 404, 'unpublished: not found for visitors');
    assert.equal((await curator.get(`/en/reports/${reportId}`)).status, 404, 'nor on the public page for curators');
    assert.doesNotMatch(await (await t.app.request('/en/reports')).text(), new RegExp(`href="/en/reports/${reportId}"`));

    const edit = await curator.get(`/en/admin/reports/${reportId}/edit`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, new RegExp(`name="highlights.c3" value="${ids.c3}"`));
    const saved = await curator.post(
      `/en/admin/reports/${reportId}`,
      reportForm({ 'highlights.c3': String(ids.c3), published: 'yes', 'titles.en': 'Stocktaking report, final' }),
    );
    assert.equal(saved.status, 303);

    const gen = await curator.post(`/en/admin/reports/${reportId}/generate`);
    assert.equal(gen.status, 303);
    assert.equal(gen.location, `/en/admin/reports/${reportId}?notice=requested`);
    const versions = await t.handle.db.selectFrom('reportVersions').selectAll().where('reportId', '=', reportId).execute();
    assert.deepEqual(versions.map((v) => `${v.language}${v.version}${v.state}`).sort(), ['ar1queued', 'en1queued']);
    const running = await curator.get(`/en/admin/reports/${reportId}`);
    assert.equal(running.res.headers.get('refresh'), '3', 'the page reloads itself while versions are made');
    assert.match(running.text, /<progress/);
    assert.match(running.text, new RegExp(`href="/en/admin/reports/${reportId}">Refresh now`));
    const again = await curator.post(`/en/admin/reports/${reportId}/generate`);
    assert.equal(again.status, 303);
    const numbers = await t.handle.db.selectFrom('reportVersions').select(['language', 'version']).where('reportId', '=', reportId).execute();
    assert.deepEqual(
      numbers
        .filter((v) => v.language === 'en')
        .map((v) => v.version)
        .sort(),
      [1, 2],
    );
  });

  it('answers 404 for a report that does not exist, on every route', async () => {
    assert.equal((await curator.get('/en/admin/reports/999999')).status, 404);
    assert.equal((await curator.get('/en/admin/reports/999999/edit')).status, 404);
    assert.equal((await curator.post('/en/admin/reports/999999', reportForm())).status, 404);
    assert.equal((await curator.post('/en/admin/reports/999999/generate')).status, 404);
    assert.equal((await t.app.request('/en/reports/999999')).status, 404);
  });

  it('serves a version’s files only by a recorded name, of a published report or to curators', async () => {
    // A file present in the folder but recorded nowhere is not served; nor is any other name.
    writeFileSync(join(dir, 'report-1-en-v9.html'), '<p>stray</p>');
    for (const name of ['report-1-en-v9.html', '..%2Fsecret', 'report-1-en-v1.exe', 'x.pdf'])
      assert.equal((await t.app.request(`/reports/files/${name}`)).status, 404, name);
    const version = await t.handle.db
      .selectFrom('reportVersions')
      .selectAll()
      .where('reportId', '=', reportId)
      .where('language', '=', 'en')
      .orderBy('version')
      .executeTakeFirstOrThrow();
    const file = `report-${reportId}-en-v${version.version}.html`;
    writeFileSync(join(dir, file), '<!doctype html><p>report</p>');
    await t.handle.db
      .updateTable('reportVersions')
      .set({ state: 'done', htmlFile: file, pdfMissing: 'chromium_missing' })
      .where('id', '=', version.id)
      .execute();
    const shown = await t.app.request(`/reports/files/${file}`);
    assert.equal(shown.status, 200);
    assert.match(shown.headers.get('content-security-policy') ?? '', /style-src 'self' 'sha256-[^']+'/, 'the report’s style sheet allowed by its hash');
    assert.doesNotMatch(shown.headers.get('content-security-policy') ?? '', /unsafe-inline/);
    const list = await (await t.app.request('/en/reports')).text();
    assert.match(list, new RegExp(`href="/en/reports/${reportId}"`));
    const page = await (await t.app.request(`/ar/reports/${reportId}`)).text();
    assert.match(page, new RegExp(`href="/reports/files/${file}"`));
    // Unpublished again: visitors lose the file; curators keep it.
    await t.handle.db.updateTable('reports').set({ published: false }).where('id', '=', reportId).execute();
    assert.equal((await t.app.request(`/reports/files/${file}`)).status, 404);
    assert.equal((await new TestClient(t.app).get(`/reports/files/${file}`)).status, 404);
    assert.equal((await contributor.get(`/reports/files/${file}`)).status, 404);
    assert.equal((await curator.get(`/reports/files/${file}`)).status, 200);
  });
});
