import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { syntheticEntries } from '../../bench/synthetic-corpus';
import { presentEntry } from '../../src/modules/entries/entries.presenter';
import { insertEntriesBulk, loadEntries } from '../../src/modules/entries/entries.repository';
import { prepareWrite } from '../../src/modules/entries/entries.service';
import { csvRow } from '../../src/modules/exports/exports.columns';
import { EXPORT_RECORD_FORMAT, exportRecord, refillExportRecords, withBaseUrl } from '../../src/modules/exports/exports.records';
import { exportRecordCoverage } from '../../src/modules/exports/exports.repository';
import { exportIds, writeExportOf, type ExportFormat } from '../../src/modules/exports/exports.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
const BASE = 'http://stocktake.test';
const image = { width: 800, height: 600, variants: [{ id: 7, width: 400, type: 'image/webp' }], alt: { en: 'Women at a telecentre' } };

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, [
    entryLine('rec-activity', 'Telecentres with a \\u0000 and "quotes", commas'),
    entryLine('rec-story', 'A story with an image', { kind: 'story', story: { strategy: 'Start small \\u0000.', activityId: null, image } }),
    entryLine('rec-actor', 'An actor with a logo', { kind: 'actor', actor: { stakeholderType: 'civil-society', image } }),
    entryLine('rec-pub', 'A report with files', { kind: 'publication', publication: { year: 2024, authors: ['A. Author'], fileIds: [3, 4] } }),
    entryLine('rec-event', 'An event', {
      kind: 'event',
      event: { start: '2030-03-01T09:00', timeZone: 'Africa/Nairobi', mode: 'online', onlineUrl: 'https://example.org/live' },
    }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
});
after(async () => t.close());

/** An export's text, as the route writes it. */
async function exported(format: ExportFormat): Promise<string> {
  const ids = await exportIds(t.deps, undefined, 'fr');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const { complete } = await writeExportOf({ ...t.deps, config: { baseUrl: BASE } }, ids, format, out, { locale: 'fr' });
  assert.ok(complete);
  return Buffer.concat(chunks).toString('utf8');
}

/** What the export must hold, worked out from the entries as the tables have them now (the presenter, no record). */
async function expected(format: 'ndjson' | 'csv'): Promise<string> {
  const ids = await exportIds(t.deps, undefined, 'fr');
  const entries = await loadEntries(t.deps.db, ids, ['published']);
  if (format === 'ndjson') return entries.map((e) => `${JSON.stringify(presentEntry(e, BASE))}\n`).join('');
  const ctx = { taxonomy: t.deps.taxonomy, locale: 'fr' as const };
  return entries.map((e) => `${csvRow(presentEntry(e, BASE), ctx)}\r\n`).join('');
}

const coverage = () => exportRecordCoverage(t.deps.db, EXPORT_RECORD_FORMAT);

describe('export records', () => {
  it('are written by the publishing path for every entry it publishes', async () => {
    const { published, recorded } = await coverage();
    assert.equal(published, 5);
    assert.equal(recorded, 5);
  });

  it('give exactly the presenter’s JSON and the CSV rows, base URL in place (entry, image and file URLs)', async () => {
    const ndjson = await exported('ndjson');
    assert.equal(ndjson, await expected('ndjson'));
    assert.match(ndjson, /"url":"http:\/\/stocktake\.test\/images\/7"/);
    assert.match(ndjson, /"files":\["http:\/\/stocktake\.test\/files\/3"/);
    assert.ok(!ndjson.includes('\\u0000",') && ndjson.includes('with a \\\\u0000 and'), 'a visitor’s own backslash-u text is kept as written');
    const csv = await exported('csv');
    assert.equal(csv.slice(csv.indexOf('\r\n') + 2), await expected('csv'));
  });

  it('are emptied by the database when anything of their entry changes, whatever wrote it; the export stays exact', async () => {
    const [{ id: actorId }] = (await sql<{ id: number }>`select id from entries where external_id = 'rec-actor'`.execute(t.deps.db)).rows as [{ id: number }];
    const [{ id: activityId }] = (await sql<{ id: number }>`select id from entries where external_id = 'rec-activity'`.execute(t.deps.db)).rows as [
      { id: number },
    ];
    await sql`update entries set last_confirmed_at = '2031-01-01' where id = ${activityId}`.execute(t.deps.db);
    assert.equal((await coverage()).recorded, 4, 'a change to the entry row');
    await sql`update entry_organisations set actor_id = ${actorId} where entry_id = ${activityId}`.execute(t.deps.db);
    await sql`insert into entry_links (entry_id, position, url, label) select id, 9, 'https://example.org/more', null from entries where external_id = 'rec-pub'`.execute(
      t.deps.db,
    );
    await sql`delete from entry_translations where language = 'en' and entry_id in (select id from entries where external_id = 'rec-event')`.execute(t.deps.db);
    await sql`insert into entry_translations (entry_id, language, title, summary, description) select id, 'en', 'A renamed event', 'In short.', '' from entries where external_id = 'rec-event'`.execute(
      t.deps.db,
    );
    assert.equal((await coverage()).recorded, 2, 'changes to its parts');
    assert.equal(await exported('ndjson'), await expected('ndjson'), 'entries without a record are read live');
    assert.match(await exported('ndjson'), /A renamed event/);
    assert.equal(await refillExportRecords(t.deps.db), 3);
    assert.deepEqual(await coverage(), { published: 5, recorded: 5 });
    assert.equal(await exported('ndjson'), await expected('ndjson'));
    const csv = await exported('csv');
    assert.equal(csv.slice(csv.indexOf('\r\n') + 2), await expected('csv'));
  });

  it('are refilled in batches after a bulk load that wrote none; an archived entry leaves the export', async () => {
    const countries = t.deps.taxonomy
      .terms('country')
      .map((c) => c.code)
      .filter((c) => c !== 'AQ')
      .slice(0, 20);
    const writes = [...syntheticEntries(30, countries, 3)].map((input) => prepareWrite(input, t.deps.taxonomy, { isDemo: false }));
    await t.deps.db.transaction().execute((trx) => insertEntriesBulk(trx, writes));
    assert.deepEqual(await coverage(), { published: 35, recorded: 5 });
    assert.equal(await refillExportRecords(t.deps.db, { batch: 7 }), 30);
    assert.equal(await refillExportRecords(t.deps.db), 0, 'nothing left to write');
    assert.equal(await exported('ndjson'), await expected('ndjson'));
    await sql`update entries set state = 'archived' where external_id = 'rec-story'`.execute(t.deps.db);
    assert.doesNotMatch(await exported('ndjson'), /A story with an image/);
    assert.equal((await coverage()).published, 34);
  });
});

describe('withBaseUrl', () => {
  it('puts the base URL where the presenter would, and only there', () => {
    const entry = { a: '\u0000/en/x', b: ['\\u0000', '\\\u0000', 'x\u0000y'], c: '\\\\u0000' };
    const json = JSON.stringify(entry);
    const filled = JSON.parse(withBaseUrl(json, 'https://h.test/p"q')) as typeof entry;
    assert.deepEqual(filled, { a: 'https://h.test/p"q/en/x', b: ['\\u0000', '\\https://h.test/p"q', 'xhttps://h.test/p"qy'], c: '\\\\u0000' });
    assert.equal(withBaseUrl('{"a":"no mark"}', BASE), '{"a":"no mark"}');
  });

  it('a record of an entry is its public JSON under any base URL', async () => {
    const [entry] = await loadEntries(t.deps.db, (await exportIds(t.deps, { q: '', sort: 'newest', kind: ['publication'] }, 'en')).slice(0, 1));
    for (const base of ['', BASE, 'https://example.org/sub/path'])
      assert.equal(withBaseUrl(exportRecord(entry!).record, base), JSON.stringify(presentEntry(entry!, base)));
  });
});
