import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readZip } from '../support/zip';
import { hasMessage, translate } from '../../src/i18n/i18n';
import { LOCALES } from '../../src/i18n/locales';
import { EXPORT_COLUMNS } from '../../src/modules/exports/exports.columns';
import { jobRegistry } from '../../src/modules/jobs/jobs';
import { startJobRunner, type JobRunner } from '../../src/modules/jobs/jobs.runner';
import { dataDictionary } from '../../src/modules/snapshots/data-dictionary';
import { SNAPSHOT_JOB } from '../../src/modules/snapshots/snapshots';
import { makeSnapshot, snapshotJob } from '../../src/modules/snapshots/snapshots.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { TestClient } from '../support/client';
import { activityLine } from '../support/factories';
import { PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

async function xlsxRows(bytes: Buffer): Promise<number> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets[0]!.actualRowCount;
}

describe('open data: snapshots, licence and data dictionary', () => {
  let t: TestDb;
  let dir: string;
  let runner: JobRunner;
  let published: number;
  let curator: TestClient;
  let contributor: TestClient;

  before(async () => {
    t = await createTestDb();
    dir = mkdtempSync(join(tmpdir(), 'stocktake-snapshots-'));
    t.deps.config = { ...t.deps.config, snapshots: { dir, keep: 2, everyMs: 0 }, dataLicence: { name: 'CC BY 4.0', url: 'https://licence.example/by/4.0/' } };
    const kinds = ['activity', 'activity', 'activity', 'event', 'publication'];
    const report = await importEntries(
      t.deps,
      kinds.map((kind, i) =>
        activityLine(
          kind === 'activity'
            ? { translations: { en: { title: `Snapshot entry ${i}, with "quotes", commas`, summary: 'A summary\non two lines.', description: '' } } }
            : {},
        ),
      ),
    );
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    const row = await t.handle.db
      .selectFrom('entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'published')
      .executeTakeFirstOrThrow();
    published = Number(row.n);
    assert.ok(published >= 5);
    runner = startJobRunner(t.handle.db, jobRegistry([snapshotJob(t.deps)]), { autostart: false });
    const staff = await person(t, { role: 'curator' });
    curator = new TestClient(t.app);
    await curator.signIn(staff.email, PASSWORD);
    const someone = await person(t);
    contributor = new TestClient(t.app);
    await contributor.signIn(someone.email, PASSWORD);
  });
  after(async () => {
    await runner?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshotJobs = () => t.handle.db.selectFrom('jobs').selectAll().where('kind', '=', SNAPSHOT_JOB).orderBy('id').execute();
  const audits = () => t.handle.db.selectFrom('auditLog').selectAll().where('action', '=', 'snapshot.request').execute();

  it('shows a visitor the licence and every export column, with no snapshot yet and no button', async () => {
    const res = await t.app.request('/en/data');
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /No snapshot has been made yet/);
    assert.match(html, /<a href="https:\/\/licence\.example\/by\/4\.0\/" rel="license">CC BY 4\.0<\/a>/);
    for (const c of EXPORT_COLUMNS) assert.ok(html.includes(`<code>${c.name}</code>`), `column ${c.name}`);
    assert.match(html, /href="\/api\/v1\/vocabularies\/action-line"/);
    assert.match(html, /The title in French/, 'a per-language column names its language');
    assert.doesNotMatch(html, /Make a snapshot now/);
    assert.equal(res.headers.get('set-cookie'), null, 'a visitor’s data page sets no cookie (cacheable)');
  });

  it('explains every column in all six languages, each vocabulary link one the API serves', async () => {
    for (const c of dataDictionary()) {
      assert.ok(hasMessage(c.meaning.key), `no catalog message ${c.meaning.key} for column ${c.name}`);
      const en = translate('en', c.meaning.key, { language: 'X' });
      for (const locale of LOCALES.filter((l) => l !== 'en')) assert.notEqual(translate(locale, c.meaning.key, { language: 'X' }), en, `${locale} ${c.name}`);
      if (c.vocabulary) assert.equal((await t.app.request(`/api/v1/vocabularies/${c.vocabulary}`)).status, 200, c.vocabulary);
    }
    for (const locale of LOCALES) {
      const res = await t.app.request(`/${locale}/data`);
      assert.equal(res.status, 200, locale);
      const html = await res.text();
      assert.ok(html.includes(translate(locale, 'data.column.scope')), `${locale}: the scope column explained`);
      assert.ok(html.includes(translate(locale, 'data.dictionary.title')), locale);
    }
  });

  it('refuses a visitor and a contributor the snapshot button, and records nothing', async () => {
    const visitor = new TestClient(t.app);
    const asVisitor = await visitor.post('/en/data/snapshots');
    assert.equal(asVisitor.status, 401);
    const asContributor = await contributor.post('/en/data/snapshots');
    assert.equal(asContributor.status, 403);
    assert.equal((await snapshotJobs()).length, 0);
    assert.equal((await audits()).length, 0);
  });

  it('lets a curator ask for a snapshot: a job, an audit row, a notice; a second press adds nothing', async () => {
    const page = await curator.get('/en/data');
    assert.match(page.text, /Make a snapshot now/);
    const first = await curator.post('/en/data/snapshots');
    assert.equal(first.status, 303);
    assert.equal(first.location, '/en/data?done=requested#snapshots');
    const jobs = await snapshotJobs();
    assert.equal(jobs.length, 1);
    assert.equal(jobs[0]!.state, 'queued');
    const rows = await audits();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.entity, 'job');
    assert.equal(rows[0]!.entityId, jobs[0]!.id);
    const shown = await curator.get('/en/data?done=requested');
    assert.match(shown.text, /A snapshot has been requested/);
    assert.match(shown.text, /A snapshot is being made/);
    const second = await curator.post('/en/data/snapshots');
    assert.equal(second.location, '/en/data?done=already#snapshots');
    assert.equal((await snapshotJobs()).length, 1);
  });

  it('runs the job: a zip of four files whose rows equal the published count, listed and downloadable', async () => {
    const report = await runner.runDue();
    assert.deepEqual(report, { done: 1, failed: 0, retried: 0 });
    const files = readdirSync(dir);
    assert.equal(files.length, 1, files.join());
    const file = files[0]!;
    assert.match(file, /^stocktake-data-\d{4}-\d\d-\d\d-\d{6}\.zip$/);

    const html = await (await t.app.request('/en/data')).text();
    assert.ok(html.includes(`href="/data/snapshots/${file}"`), 'listed with its link');
    assert.doesNotMatch(html, /No snapshot has been made yet/);
    assert.match(html, new RegExp(`CSV — rows: ${published}; `));
    assert.match(html, /CSV — [^<]*<\/li><li>NDJSON — [^<]*<\/li><li>JSON — [^<]*<\/li><li>XLSX — /, 'the formats in the files’ order');
    assert.match(html, /<time datetime="[^"]+">[^<]+ \d{1,2}:\d\d[^<]* UTC<\/time>/, 'made on, to the minute');

    const res = await t.app.request(`/data/snapshots/${file}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="${file}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    const inside = await readZip(bytes);
    const names = [...inside.keys()].sort();
    assert.equal(names.length, 4, names.join());
    assert.deepEqual(
      names.map((n) => n.split('.').pop()),
      ['csv', 'json', 'ndjson', 'xlsx'],
    );
    const get = (ext: string) => inside.get(names.find((n) => n.endsWith(`.${ext}`))!)!;
    const csv = parseCsv(get('csv').toString('utf8'), { bom: true }) as string[][];
    assert.deepEqual(
      csv[0],
      EXPORT_COLUMNS.map((c) => c.name),
    );
    assert.equal(csv.length - 1, published, 'CSV rows');
    assert.equal(get('ndjson').toString('utf8').split('\n').filter(Boolean).length, published, 'NDJSON lines');
    assert.equal((JSON.parse(get('json').toString('utf8')) as unknown[]).length, published, 'JSON items');
    assert.equal((await xlsxRows(get('xlsx'))) - 1, published, 'XLSX rows');

    const row = await t.handle.db.selectFrom('dataSnapshots').selectAll().where('file', '=', file).executeTakeFirstOrThrow();
    assert.equal(row.entries, published);
    assert.equal(Number(row.bytes), bytes.length);
    for (const ext of ['csv', 'ndjson', 'json', 'xlsx']) {
      assert.equal(row.formats[ext]?.rows, published, ext);
      assert.equal(row.formats[ext]?.bytes, get(ext).length, `${ext}: size before compression`);
    }
    const job = (await snapshotJobs())[0]!;
    assert.equal(job.state, 'done');
    assert.equal(row.jobId, job.id);
  });

  it('answers 404 to any other name, a path outside the folder included', async () => {
    // A file in the folder that the table does not list, and one outside it.
    writeFileSync(join(dir, 'stocktake-data-2000-01-01-000000.zip'), 'NOT-LISTED-BYTES');
    writeFileSync(join(dir, '..', `outside-${process.pid}.zip`), 'OUTSIDE-BYTES');
    // Even a row naming a path outside the folder (the table is never written from a URL, but a check must not rely on it).
    await t.handle.db
      .insertInto('dataSnapshots')
      .values({ file: `../outside-${process.pid}.zip`, entries: 0, bytes: 13, formats: '{}', jobId: null })
      .execute();
    try {
      const bad = [
        'stocktake-data-2000-01-01-000000.zip',
        `..%2Foutside-${process.pid}.zip`,
        '..%2F..%2Fetc%2Fpasswd',
        '%2e%2e%2fpackage.json',
        'stocktake-data-2026-12-03-071500.zip.partial',
        '.stocktake-data-2026-12-03-071500.zip.partial',
        'stocktake-data-2026-12-03-071500.ZIP',
        `${'a'.repeat(300)}.zip`,
        'stocktake-data-2026-12-03-071500.zip%00',
      ];
      for (const name of bad) {
        const res = await t.app.request(`/data/snapshots/${name}`);
        // A NUL is refused by the URL hygiene before any route (400); every other name is not found.
        assert.equal(res.status, name.endsWith('%00') ? 400 : 404, name);
        assert.doesNotMatch(await res.text(), /OUTSIDE-BYTES|NOT-LISTED-BYTES/, name);
      }
      assert.equal((await t.app.request('/data/snapshots/')).status, 404);
    } finally {
      await t.handle.db.deleteFrom('dataSnapshots').where('file', '=', `../outside-${process.pid}.zip`).execute();
      rmSync(join(dir, 'stocktake-data-2000-01-01-000000.zip'), { force: true });
      rmSync(join(dir, '..', `outside-${process.pid}.zip`), { force: true });
    }
  });

  it('keeps the newest SNAPSHOT_KEEP snapshots, deleting older files and rows', async () => {
    const base = Date.parse('2030-01-01T00:00:00Z');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push(await makeSnapshot(t.deps, { now: new Date(base + i * 1000) }));
    const rows = await t.handle.db.selectFrom('dataSnapshots').select('file').orderBy('createdAt', 'desc').execute();
    assert.equal(rows.length, 2);
    const left = readdirSync(dir).sort();
    assert.equal(left.length, 2, left.join());
    for (const f of left)
      assert.ok(
        rows.some((r) => r.file === f),
        `${f} is listed`,
      );
    assert.equal((await t.app.request(`/data/snapshots/${made[0]}`)).status, 404);
  });
});
