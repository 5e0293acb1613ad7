import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import type { Entry } from '../../src/modules/entries/entry';
import { loadEntries } from '../../src/modules/entries/entries.repository';
import { changedFields } from '../../src/modules/submissions/revisions';
import { activityToDraft } from '../../src/modules/submissions/submissions';
import { importIati, MAX_IATI_UPLOAD_BYTES, type IatiActivityReport, type IatiImportSummary } from '../../src/modules/iati/iati.import';
import { utf8Chunks } from '../../src/modules/iati/iati.reader';
import { TestClient } from '../support/client';
import { person, PASSWORD } from '../support/people';
import { sharedData } from '../support/shared-data';
import { createTestDb, type TestDb } from '../support/test-db';

const DIR = sharedData('iati', 'activities');
const skip = !existsSync(DIR) && `${DIR} is absent (the shared data is not part of the project)`;
const root = fileURLToPath(new URL('../..', import.meta.url));

/** What each real file gives on a first import into an empty register: created, updated, unchanged, refused. */
const FIRST: Record<string, [number, number, number, number]> = {
  'datastore-CD.xml': [0, 0, 0, 205],
  'datastore-aet-activities.xml': [0, 0, 0, 1],
  'datastore-complex_example_dfid.xml': [18, 0, 0, 39],
  'datastore-same_orgs_different_roles.xml': [4, 0, 0, 50],
  'datastore-tearfund-cd.xml': [0, 0, 0, 1],
  'datastore-wvuk-cd.xml': [1, 0, 0, 2],
  'flattener-3fi-activity.xml': [0, 0, 0, 1],
  'flattener-beis-activity.xml': [4, 0, 0, 5],
  'flattener-canada-activity.xml': [1, 0, 0, 0],
  'flattener-ec-intpa-activity.xml': [0, 0, 0, 1],
  'flattener-fcdo-activity.xml': [1, 0, 0, 0],
  'flattener-finddiagnostics-activity.xml': [1, 0, 0, 0],
  'flattener-gdihub-activity.xml': [0, 0, 0, 4],
  'flattener-ifad-activity.xml': [0, 0, 0, 1],
  'flattener-sr-activity.xml': [1, 0, 0, 0],
  'flattener-unops-at-activity.xml': [2, 0, 0, 1],
  'flattener-usaid-activity.xml': [1, 0, 0, 0],
  'flattener-usaid-humanitarian-activity.xml': [0, 0, 0, 1],
  'flattener-worldbank-activity.xml': [1, 0, 0, 0],
  'iaticloud-MAEC_IATI_INDONESIA.xml': [39, 0, 0, 44],
  'iaticloud-oipa-export-gb-gov-1.xml': [5, 0, 0, 3],
};

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

const deps = () => ({ db: t.handle.db, taxonomy: t.deps.taxonomy });
async function importFile(path: string): Promise<{ summary: IatiImportSummary; reports: IatiActivityReport[] }> {
  const reports: IatiActivityReport[] = [];
  const summary = await importIati(deps(), utf8Chunks(createReadStream(path)), { onActivity: (r) => reports.push(r) });
  return { summary, reports };
}
async function importText(xml: string) {
  const reports: IatiActivityReport[] = [];
  const summary = await importIati(deps(), utf8Chunks(Readable.from([Buffer.from(xml)])), { onActivity: (r) => reports.push(r) });
  return { summary, reports };
}
const counts = (s: IatiImportSummary) => [s.created, s.updated, s.unchanged, s.refused];
const revisionCount = async () =>
  Number(
    (
      await t.handle.db
        .selectFrom('revisions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const entryCount = async () =>
  Number(
    (
      await t.handle.db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const byIdentifier = (iati: string) =>
  t.handle.db
    .selectFrom('entries')
    .select(['id', 'externalId', 'iatiIdentifier', 'originalLanguage', 'updatedAt'])
    .where('iatiIdentifier', '=', iati)
    .executeTakeFirst();

/** A 2.03 activity with the parts the register needs; `over` replaces parts by name. */
function activity(id: string, over: Partial<Record<'title' | 'dates' | 'sector' | 'status' | 'extra', string>> = {}) {
  return `<iati-activity xml:lang="en" default-currency="USD">
  <iati-identifier>${id}</iati-identifier>
  <reporting-org ref="XM-TEST" type="40"><narrative>Test Agency</narrative></reporting-org>
  ${over.title ?? `<title><narrative>Broadband for ${id}</narrative><narrative xml:lang="fr">Haut débit pour ${id}</narrative></title>`}
  <description type="1"><narrative>Connecting rural schools to the internet.</narrative><narrative xml:lang="fr">Connecter les écoles rurales à l’internet.</narrative></description>
  <participating-org role="2" type="40"><narrative>Test Agency</narrative></participating-org>
  <participating-org role="4" type="22"><narrative>Rural Net</narrative></participating-org>
  ${over.status ?? '<activity-status code="2"/>'}
  ${over.dates ?? '<activity-date type="2" iso-date="2024-01-15"/><activity-date type="3" iso-date="2027-12-31"/>'}
  <recipient-country code="KE"/>
  ${over.sector ?? '<sector vocabulary="1" code="22040"/>'}
  <tag vocabulary="2" code="4"/><tag vocabulary="3" code="4.a"/>
  ${over.extra ?? ''}
</iati-activity>`;
}
const file = (...activities: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n${activities.join('\n')}\n</iati-activities>\n`;

describe('IATI import of the real files', { skip }, () => {
  it('imports every file with the counts written here, and every created entry has its first revision', async () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
    assert.deepEqual(files.sort(), Object.keys(FIRST).sort(), 'every real file has its expected counts here');
    for (const name of files) {
      const revisions = await revisionCount();
      const { summary, reports } = await importFile(join(DIR, name));
      assert.deepEqual(counts(summary), FIRST[name], name);
      assert.equal(summary.fileProblem, null, name);
      assert.equal(reports.length, summary.activities, name);
      assert.equal((await revisionCount()) - revisions, summary.created, `${name}: one revision per created entry`);
      for (const r of reports.filter((x) => x.outcome === 'refused')) assert.ok(r.reasons.length > 0, `${name}: activity ${r.index} is refused with a reason`);
    }
  });

  it('reads narratives per language (Canada in English and French), keeps the file’s language, and reports the others', async () => {
    const canada = await byIdentifier('CA-3-D002451001');
    assert.ok(canada);
    assert.equal(canada.originalLanguage, 'en');
    const texts = await t.handle.db
      .selectFrom('entryTranslations')
      .select(['language', 'title'])
      .where('entryId', '=', canada.id)
      .orderBy('language')
      .execute();
    assert.deepEqual(texts, [
      { language: 'en', title: 'Partnerships for Municipal Innovation in Local Economic Development' },
      { language: 'fr', title: 'Partenariats pour l’innovation municipale au service du développement économique local' },
    ]);
    // Spain's MAEC publishes in Spanish: every entry of its file has its Spanish text, and Spanish is the first language of most.
    const spanish = await t.handle.db
      .selectFrom('entries as e')
      .leftJoin('entryTranslations as s', (j) => j.onRef('s.entryId', '=', 'e.id').on('s.language', '=', 'es'))
      .select(['e.originalLanguage', 's.title'])
      .where('e.iatiIdentifier', 'like', 'ES-DIR3-%')
      .execute();
    assert.equal(spanish.length, FIRST['iaticloud-MAEC_IATI_INDONESIA.xml']![0]);
    assert.ok(spanish.every((e) => e.title));
    assert.ok(spanish.filter((e) => e.originalLanguage === 'es').length > spanish.length / 2);
    // Swedish titles (a 1.0x file) are not kept, and said so.
    const { reports } = await importFile(join(DIR, 'datastore-same_orgs_different_roles.xml'));
    assert.ok(
      reports.some(
        (r) =>
          r.reasons.some((x) => x.code === 'title_not_in_kept_language') && r.notes.some((n) => n.code === 'language_not_kept' && n.params?.language === 'sv'),
      ),
    );
    assert.ok(reports.every((r) => r.notes.some((n) => n.code === 'read_as_1x')));
  });

  it('maps DAC sectors to action lines, SDG tags to goals and targets, and participating organisations as text', async () => {
    const { summary } = await importText(file(activity('XM-TEST-MAP-1')));
    assert.deepEqual(counts(summary), [1, 0, 0, 0]);
    const entry = (await byIdentifier('XM-TEST-MAP-1'))!;
    const tags = await t.handle.db
      .selectFrom('entryTags')
      .select(['vocabulary', 'code'])
      .where('entryId', '=', entry.id)
      .orderBy('vocabulary')
      .orderBy('code')
      .execute();
    const of = (v: string) => tags.filter((x) => x.vocabulary === v).map((x) => x.code);
    assert.deepEqual(of('action-line'), ['c7']);
    assert.deepEqual(of('sdg'), ['4', '4.a']);
    assert.deepEqual(of('country'), ['KE']);
    const orgs = await t.handle.db
      .selectFrom('entryOrganisations')
      .select(['name', 'role', 'stakeholderType'])
      .where('entryId', '=', entry.id)
      .orderBy('position')
      .execute();
    assert.deepEqual(orgs, [
      { name: 'Test Agency', role: 'lead', stakeholderType: 'international-organisation' },
      { name: 'Rural Net', role: 'partner', stakeholderType: 'civil-society' },
    ]);
  });

  it('changes nothing when the same files are imported again: every activity unchanged or refused as before, no revision, no write', async () => {
    const revisions = await revisionCount();
    const canadaBefore = (await byIdentifier('CA-3-D002451001'))!;
    for (const name of Object.keys(FIRST)) {
      const { summary } = await importFile(join(DIR, name));
      const [created, , , refused] = FIRST[name]!;
      assert.deepEqual(counts(summary), [0, 0, created, refused], name);
    }
    assert.equal(await revisionCount(), revisions);
    assert.deepEqual((await byIdentifier('CA-3-D002451001'))!.updatedAt, canadaBefore.updatedAt);
  });
});

describe('IATI import of one file with a broken activity', () => {
  it('imports the others and writes nothing of the broken one', async () => {
    const entries = await entryCount();
    const revisions = await revisionCount();
    const { summary, reports } = await importText(
      file(activity('XM-TEST-OK-1'), activity('XM-TEST-BROKEN', { dates: '<activity-date type="2" iso-date="2024-02-30"/>' }), activity('XM-TEST-OK-2')),
    );
    assert.deepEqual(counts(summary), [2, 0, 0, 1]);
    assert.deepEqual(
      reports.map((r) => [r.identifier, r.outcome]),
      [
        ['XM-TEST-OK-1', 'created'],
        ['XM-TEST-BROKEN', 'refused'],
        ['XM-TEST-OK-2', 'created'],
      ],
    );
    assert.deepEqual(reports[1]!.reasons, [{ code: 'bad_date', params: { value: '2024-02-30' } }]);
    assert.equal(await byIdentifier('XM-TEST-BROKEN'), undefined);
    assert.equal(await entryCount(), entries + 2);
    assert.equal(await revisionCount(), revisions + 2);
  });

  it('refuses each broken activity with its own reasons: no title, end before start, no sector, a duplicate identifier', async () => {
    const { summary, reports } = await importText(
      file(
        activity('XM-TEST-R-1', { title: '' }),
        activity('XM-TEST-R-2', { dates: '<activity-date type="2" iso-date="2024-05-01"/><activity-date type="4" iso-date="2023-01-01"/>' }),
        activity('XM-TEST-R-3', { sector: '' }),
        activity('XM-TEST-R-4', { sector: '<sector vocabulary="1" code="12220"/>' }),
        activity('XM-TEST-OK-1'),
        activity('XM-TEST-OK-1'),
      ),
    );
    assert.deepEqual(counts(summary), [0, 0, 1, 5]);
    assert.deepEqual(
      reports.map((r) => r.reasons.map((x) => x.code)),
      [['missing_title'], ['end_before_start'], ['no_sector'], ['no_action_line'], [], ['duplicate_in_file']],
    );
    assert.deepEqual(reports[3]!.notes, [{ code: 'sector_not_mapped', params: { code: '12220' } }]);
  });

  it('keeps what came before a point where the file stops being XML, and says where', async () => {
    const { summary, reports } = await importText(
      file(activity('XM-TEST-OK-2'), activity('XM-TEST-CUT-1')).replace(
        '<recipient-country code="KE"/>\n  <sector vocabulary="1" code="22040"/>\n  <tag vocabulary="2" code="4"/><tag vocabulary="3" code="4.a"/>\n  \n</iati-activity>\n</iati-activities>',
        '<oops></iati-activity>',
      ),
    );
    assert.equal(summary.fileProblem?.code, 'malformed_xml');
    assert.deepEqual(
      reports.map((r) => [r.identifier, r.outcome]),
      [['XM-TEST-OK-2', 'unchanged']],
    );
    assert.equal(await byIdentifier('XM-TEST-CUT-1'), undefined);
  });

  it('updates an activity whose content changed, as a new revision naming what changed', async () => {
    const before = (await byIdentifier('XM-TEST-OK-2'))!;
    const { summary, reports } = await importText(file(activity('XM-TEST-OK-2', { status: '<activity-status code="4"/>' })));
    assert.deepEqual(counts(summary), [0, 1, 0, 0]);
    assert.equal(reports[0]!.id, before.id);
    const last = await t.handle.db
      .selectFrom('revisions')
      .select(['number', 'changedFields', 'source'])
      .where('entityId', '=', before.id)
      .orderBy('number', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(last.number, 2);
    assert.equal(last.source, 'import');
    assert.deepEqual(last.changedFields, ['status']);
  });

  it('refuses a file that is not IATI before reading anything from it', async () => {
    const { summary } = await importText('<?xml version="1.0"?><rss><channel/></rss>');
    assert.equal(summary.fileProblem?.code, 'not_iati');
    assert.equal(summary.activities, 0);
  });
});

describe('npm run import -- iati FILE', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-cli-iati-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: join(dir, 'db'), LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/import.ts'), ...args], { env, encoding: 'utf8' });
  };

  it('prints a line per activity with its reasons, the counts, and exits 1 when some were refused', () => {
    const unops = run('iati', join(DIR, 'flattener-unops-at-activity.xml'));
    assert.equal(unops.status, 1, unops.stderr);
    const lines = unops.stdout.trimEnd().split('\n');
    assert.equal(lines.at(-1), 'IATI: 3 activities: 2 created, 0 updated, 0 unchanged, 1 refused.');
    assert.match(lines[0]!, /^created {2}#\d+ {2}41AAA-22482-001 "Knowledge for Reform Action in the Western Balkans"$/);
    assert.ok(lines.some((l) => /^refused {2}activity \d \(line \d+\) {2}41AAA-/.test(l)));
    assert.ok(lines.some((l) => /^ {2}refused because: no_action_line$/.test(l)));
  });

  it('names iati in its usage, and exits 2 for a file that is not IATI', () => {
    assert.match(run('nothing').stderr, /npm run import -- iati FILE\.xml/);
    const bad = join(dir, 'feed.xml');
    writeFileSync(bad, '<rss/>');
    const r = run('iati', bad);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not_iati/);
  });
});

describe('the administrator’s IATI upload page', () => {
  let admin: TestClient;
  let contributor: TestClient;
  before(async () => {
    const a = await person(t, { role: 'admin' });
    admin = new TestClient(t.app);
    await admin.signIn(a.email, PASSWORD);
    const c = await person(t);
    contributor = new TestClient(t.app);
    await contributor.signIn(c.email, PASSWORD);
  });
  const xml = () => Buffer.from(file(activity('XM-TEST-PAGE-1'), activity('XM-TEST-PAGE-2', { sector: '' })));

  it('is refused to a visitor and to a contributor', async () => {
    const visitor = new TestClient(t.app);
    const page = await visitor.get('/en/admin/import');
    assert.ok(page.status === 401 || (page.status === 303 && /sign-in/.test(page.res.headers.get('location') ?? '')), String(page.status));
    assert.equal((await contributor.get('/en/admin/import')).status, 403);
    const sent = await contributor.upload('/en/admin/import', { name: 'a.xml', bytes: xml() });
    assert.equal(sent.status, 403);
    assert.equal(await byIdentifier('XM-TEST-PAGE-1'), undefined);
  });

  it('imports an administrator’s file, shows the report in the page’s language, and records it in the audit log', async () => {
    const page = await admin.get('/fr/admin/import');
    assert.equal(page.status, 200);
    assert.match(page.text, /<input type="file" id="file" name="file"/);
    const sent = await admin.upload('/fr/admin/import', { name: 'essai.xml', bytes: xml(), type: 'application/xml' });
    assert.equal(sent.status, 200, sent.text.slice(0, 500));
    assert.match(sent.text, /Activités lues : 2\. Créées : 1, mises à jour : 0, inchangées : 0, refusées : 1\./);
    assert.match(sent.text, /Aucun secteur CAD : aucune grande orientation ne peut être attribuée\./);
    assert.ok(await byIdentifier('XM-TEST-PAGE-1'));
    const audit = await t.handle.db.selectFrom('auditLog').select(['action', 'details']).where('action', '=', 'iati.import').execute();
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0]!.details, { name: 'essai.xml', bytes: xml().byteLength, created: 1, updated: 0, unchanged: 0, refused: 1 });
    const log = (await admin.get('/en/admin/audit')).text;
    assert.match(log, /IATI file imported/);
  });

  it('asks for a file when none came (422), and refuses one over the limit (413) in the page’s language, writing nothing', async () => {
    const none = await admin.post('/es/admin/import', {});
    assert.equal(none.status, 422);
    assert.match(none.text, /Elija un archivo XML IATI para importar\./);
    const entries = await entryCount();
    const big = Buffer.concat([xml(), Buffer.alloc(MAX_IATI_UPLOAD_BYTES, 0x20)]);
    const sent = await admin.upload('/fr/admin/import', { name: 'big.xml', bytes: big });
    assert.equal(sent.status, 413);
    assert.match(sent.text, /La requête est trop volumineuse\./);
    assert.equal(await entryCount(), entries);
  });
});

describe('IATI round trip: the export of the demo register imported into an empty register', () => {
  let source: TestDb;
  let target: TestDb;
  before(async () => {
    source = await createTestDb();
    target = await createTestDb();
    const demo = await loadDemoIfEmpty({ db: source.handle.db, taxonomy: source.deps.taxonomy });
    assert.ok(demo && demo.errors.length === 0);
  });
  after(async () => {
    await source.close();
    await target.close();
  });

  it('gives the same entries (contacts aside, which are never exported), and a second import changes nothing', async () => {
    const app = createApp({ ...source.deps, config: { ...source.deps.config, iati: { publisherRef: 'XM-TEST-RT', publisherType: '40' } } });
    const res = await app.request('/api/v1/exports/iati');
    assert.equal(res.status, 200);
    const xml = await res.text();
    const reports: IatiActivityReport[] = [];
    const summary = await importIati({ db: target.handle.db, taxonomy: target.deps.taxonomy }, utf8Chunks(Readable.from([Buffer.from(xml)])), {
      onActivity: (r) => reports.push(r),
    });
    const published = await source.handle.db.selectFrom('entries').select('id').where('kind', '=', 'activity').where('state', '=', 'published').execute();
    assert.ok(published.length > 10);
    assert.deepEqual(counts(summary), [published.length, 0, 0, 0], JSON.stringify(reports.filter((r) => r.outcome === 'refused').slice(0, 3)));
    // An organisation's link to an actor profile names a profile of the source register, which the file (activities only) does not carry.
    const draft = (e: Entry) => {
      const d = activityToDraft(e);
      return { ...d, contact: undefined, organisations: d.organisations.map((o) => ({ name: o.name, role: o.role, stakeholderType: o.stakeholderType })) };
    };
    const before = await loadEntries(
      source.handle.db,
      published.map((p) => p.id),
    );
    const after = new Map(
      (
        await loadEntries(
          target.handle.db,
          reports.map((r) => r.id!),
        )
      ).map((e) => [reports.find((r) => r.id === e.id)!.identifier!, e]),
    );
    for (const entry of before) {
      const copy = after.get(`XM-TEST-RT-${entry.id}`);
      assert.ok(copy, `entry ${entry.id} came back`);
      assert.deepEqual(changedFields(draft(entry), draft(copy)), [], `entry ${entry.id}`);
    }
    const again = await importIati({ db: target.handle.db, taxonomy: target.deps.taxonomy }, utf8Chunks(Readable.from([Buffer.from(xml)])));
    assert.deepEqual(counts(again), [0, 0, published.length, 0]);
  });
});
