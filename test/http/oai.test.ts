import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine } from '../support/factories';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The OAI-PMH schemas live beside the project in ../shared (never copied in; SHARED_DATA_DIR names that folder
 * elsewhere, as from a git worktree); without them or xmllint the validation is skipped.
 */
const SCHEMAS = join(process.env.SHARED_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'), 'oai-pmh');
const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** Debian's libhttp-oai-perl ships `oai_pmh`, an OAI-PMH harvester written by others: it follows resumption tokens on its own. */
const hasHarvester = spawnSync('oai_pmh', ['--help'], { stdio: 'ignore' }).error === undefined;
const canValidate = existsSync(join(SCHEMAS, 'OAI-PMH.xsd')) && hasXmllint;
const skipValidation = canValidate ? false : 'needs ../shared/data/oai-pmh and xmllint (libxml2-utils): OAI-PMH schema validation skipped';

let t: TestDb;
let app: ReturnType<typeof createApp>;
let small: ReturnType<typeof createApp>;
let work: string;
const ids = new Map<string, number>();
const REPO = 'oai:stocktake.test:';
const HOSTILE = 'Tags <b> & "quotes" \u0001 \uFFFE end';

const entry = (externalId: string, title: string, extra: Record<string, unknown> = {}) =>
  activityLine({ externalId, translations: { en: { title, summary: `${title}: what it does and for whom.`, description: '' } }, ...extra });

before(async () => {
  t = await createTestDb();
  work = mkdtempSync(join(tmpdir(), 'stocktake-oai-'));
  const report = await importEntries(t.deps, [
    entry('pub-1', 'Broadband report', {
      kind: 'publication',
      actionLines: ['c2'],
      translations: {
        en: { title: 'Broadband report', summary: 'A report on broadband in Kenya.', description: '' },
        fr: { title: 'Rapport sur le haut débit', summary: 'Un rapport sur le haut débit au Kenya.', description: '' },
      },
      publication: { year: 2023, authors: ['A. Author', 'B. Writer'], language: 'en' },
      links: [{ url: 'https://doi.org/10.1234/abc.5', label: 'DOI' }],
    }),
    entry('pub-2', 'Second report', { kind: 'publication', actionLines: ['c7-e-health'], publication: { year: 2021, authors: [] } }),
    entry('act-1', 'Telecentres'),
    entry('act-2', 'Clinics online', { actionLines: ['c7-e-health'] }),
    entry('act-3', 'School networks'),
    entry('act-4', 'Archived project'),
    entry('act-draft', 'A draft', { state: 'draft' }),
    entry('actor-1', 'ICT Network', { kind: 'actor', actor: { stakeholderType: 'civil-society' } }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids.set(r.externalId, r.id);
  // Datestamps at known instants, for the from/until boundaries (ms are cut from datestamps, not from comparisons).
  const at: Record<string, string> = {
    'pub-1': '2024-03-01T10:00:00.500Z',
    'pub-2': '2024-03-01T23:59:59.000Z',
    'act-1': '2024-03-02T00:00:00.000Z',
    'act-2': '2024-03-03T12:00:00.000Z',
    'act-3': '2024-03-04T12:00:00.000Z',
    'act-4': '2024-03-05T12:00:00.000Z',
    'actor-1': '2024-03-06T12:00:00.000Z',
  };
  for (const [externalId, iso] of Object.entries(at))
    await t.deps.db
      .updateTable('entries')
      .set({ updatedAt: new Date(iso) })
      .where('externalId', '=', externalId)
      .execute();
  // An archived entry that was published: a deleted record, kept for good.
  await t.deps.db.updateTable('entries').set({ state: 'archived' }).where('externalId', '=', 'act-4').execute();
  // A title holding what XML cannot carry as it is.
  await t.deps.db.updateTable('entryTranslations').set({ title: HOSTILE }).where('entryId', '=', ids.get('act-3')!).execute();
  // The configured administrator's address (the schema wants a dotted domain: the default no-reply@localhost has none),
  // and an app with pages of two records for the resumption tests. Both log through t's logger, so a 500 still fails.
  const oai = { ...t.deps.config.oai, adminEmail: 'oai-admin@stocktake.test' };
  app = createApp({ ...t.deps, config: { ...t.deps.config, oai } });
  small = createApp({ ...t.deps, config: { ...t.deps.config, oai: { ...oai, pageSize: 2 } } });
});
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await t.close();
});

const get = async (query: string, on?: ReturnType<typeof createApp>) => {
  const res = await (on ?? app).request(`/oai?${query}`);
  assert.equal(res.status, 200, query);
  assert.match(res.headers.get('content-type') ?? '', /^text\/xml; charset=utf-8/);
  return res.text();
};
const errorCode = (xml: string) => /<error code="([a-zA-Z]+)">/.exec(xml)?.[1];
const identifiers = (xml: string) => [...xml.matchAll(/<identifier>([^<]+)<\/identifier>/g)].map((m) => m[1]!);
const tokenOf = (xml: string) => /<resumptionToken([^>]*)>([^<]*)<\/resumptionToken>/.exec(xml);
const oaiId = (externalId: string, kind = 'activity') => `${REPO}${kind}/${ids.get(externalId)}`;

let validated = 0;
/** Checks a response against OAI-PMH.xsd, with oai_dc and oai-identifier for what it embeds (xmllint, the schemas read from ../shared). */
function validate(xml: string): void {
  if (!canValidate) return;
  const wrapper = join(work, 'all.xsd');
  if (!existsSync(wrapper)) {
    const imports = [
      ['http://www.openarchives.org/OAI/2.0/', 'OAI-PMH.xsd'],
      ['http://www.openarchives.org/OAI/2.0/oai_dc/', 'oai_dc.xsd'],
      ['http://www.openarchives.org/OAI/2.0/oai-identifier', 'oai-identifier.xsd'],
    ]
      .map(([ns, file]) => `<xs:import namespace="${ns}" schemaLocation="${join(SCHEMAS, file!)}"/>`)
      .join('');
    writeFileSync(wrapper, `<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${imports}</xs:schema>`);
  }
  const file = join(work, `r${validated++}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', wrapper, file], {
      env: { ...process.env, XML_CATALOG_FILES: join(SCHEMAS, 'catalog.xml') },
      stdio: 'pipe',
    });
  } catch (e) {
    assert.fail(`invalid OAI-PMH response:\n${(e as { stderr?: Buffer }).stderr?.toString()}\n${xml.slice(0, 2000)}`);
  }
}

describe('OAI-PMH: the verbs', () => {
  it('Identify names the repository, its base URL, earliest datestamp, deletion policy and granularity', async () => {
    const xml = await get('verb=Identify');
    assert.match(xml, /<repositoryName>Stocktake<\/repositoryName>/);
    assert.match(xml, /<baseURL>http:\/\/stocktake\.test\/oai<\/baseURL>/);
    assert.match(xml, /<protocolVersion>2\.0<\/protocolVersion>/);
    assert.match(xml, /<adminEmail>oai-admin@stocktake\.test<\/adminEmail>/);
    assert.match(xml, /<earliestDatestamp>2024-03-01T10:00:00Z<\/earliestDatestamp>/);
    assert.match(xml, /<deletedRecord>persistent<\/deletedRecord>/);
    assert.match(xml, /<granularity>YYYY-MM-DDThh:mm:ssZ<\/granularity>/);
    assert.match(xml, /<repositoryIdentifier>stocktake\.test<\/repositoryIdentifier>/);
    validate(xml);
  });

  it('ListMetadataFormats offers oai_dc, for the repository and for one item', async () => {
    for (const q of ['verb=ListMetadataFormats', `verb=ListMetadataFormats&identifier=${encodeURIComponent(oaiId('pub-1', 'publication'))}`]) {
      const xml = await get(q);
      assert.match(xml, /<metadataPrefix>oai_dc<\/metadataPrefix><schema>http:\/\/www\.openarchives\.org\/OAI\/2\.0\/oai_dc\.xsd<\/schema>/, q);
      validate(xml);
    }
  });

  it('ListSets lists the kinds and the action lines, sub-lines under their line', async () => {
    const xml = await get('verb=ListSets');
    const specs = [...xml.matchAll(/<setSpec>([^<]+)<\/setSpec>/g)].map((m) => m[1]);
    for (const s of ['kind', 'kind:publication', 'kind:activity', 'kind:actor', 'actionline', 'actionline:C3', 'actionline:C7', 'actionline:C7:e-health']) {
      assert.ok(specs.includes(s), s);
    }
    assert.match(xml, /<setSpec>actionline:C3<\/setSpec><setName>C3: Access to information and knowledge<\/setName>/);
    validate(xml);
  });

  it('GetRecord gives a publication as Dublin Core: titles per language, authors, subjects, DOI, language, coverage', async () => {
    const xml = await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId('pub-1', 'publication'))}`);
    assert.match(xml, /<datestamp>2024-03-01T10:00:00Z<\/datestamp><setSpec>kind:publication<\/setSpec><setSpec>actionline:C2<\/setSpec>/);
    assert.match(xml, /<dc:title xml:lang="en">Broadband report<\/dc:title><dc:title xml:lang="fr">Rapport sur le haut débit<\/dc:title>/);
    assert.match(xml, /<dc:creator>A\. Author<\/dc:creator><dc:creator>B\. Writer<\/dc:creator>/);
    assert.match(xml, /<dc:publisher>Example Telecentre Network<\/dc:publisher>/);
    assert.match(xml, /<dc:subject xml:lang="fr">WSIS C2: [^<]+<\/dc:subject>/);
    assert.match(xml, /<dc:subject xml:lang="en">SDG 5: Gender equality<\/dc:subject>/);
    assert.match(xml, /<dc:description xml:lang="en">A report on broadband in Kenya\.<\/dc:description>/);
    assert.match(xml, /<dc:date>2023<\/dc:date><dc:type>Text<\/dc:type><dc:type>publication<\/dc:type>/);
    assert.match(xml, new RegExp(`<dc:identifier>http://stocktake\\.test/en/publications/${ids.get('pub-1')}</dc:identifier>`));
    assert.match(xml, /<dc:identifier>https:\/\/doi\.org\/10\.1234\/abc\.5<\/dc:identifier>/);
    assert.match(xml, /<dc:language>en<\/dc:language><dc:coverage>Kenya<\/dc:coverage>/);
    assert.doesNotMatch(xml, /contact@example\.org/, 'contacts never leave');
    validate(xml);
  });

  it('an archived entry is a deleted record: a header with status="deleted" and no metadata', async () => {
    const xml = await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(oaiId('act-4'))}`);
    assert.match(xml, /<record><header status="deleted"><identifier>[^<]+<\/identifier><datestamp>2024-03-05T12:00:00Z<\/datestamp>/);
    assert.doesNotMatch(xml, /<metadata>/);
    validate(xml);
    const list = await get('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-05&until=2024-03-05');
    assert.deepEqual(identifiers(list), [oaiId('act-4')]);
    assert.match(list, /<header status="deleted">/);
  });

  it('ListRecords and ListIdentifiers narrow by set', async () => {
    const pubs = await get('verb=ListRecords&metadataPrefix=oai_dc&set=kind:publication');
    assert.deepEqual(identifiers(pubs), [oaiId('pub-1', 'publication'), oaiId('pub-2', 'publication')]);
    validate(pubs);
    const health = await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=actionline:C7:e-health');
    assert.deepEqual(identifiers(health), [oaiId('pub-2', 'publication'), oaiId('act-2')]);
    const c7 = await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=actionline:C7');
    assert.deepEqual(identifiers(c7), identifiers(health), 'a line holds its sub-lines');
    assert.match(c7, /<setSpec>actionline:C7<\/setSpec><setSpec>actionline:C7:e-health<\/setSpec>/);
    validate(c7);
    assert.equal(
      identifiers(await get('verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind')).length,
      identifiers(await get('verb=ListIdentifiers&metadataPrefix=oai_dc')).length,
    );
  });

  it('from and until include their bounds, by day or by second', async () => {
    const list = async (q: string) => identifiers(await get(`verb=ListIdentifiers&metadataPrefix=oai_dc&${q}`));
    assert.deepEqual(await list('until=2024-03-01'), [oaiId('pub-1', 'publication'), oaiId('pub-2', 'publication')]);
    assert.deepEqual(await list('from=2024-03-02&until=2024-03-02'), [oaiId('act-1')]);
    assert.deepEqual(await list('from=2024-03-01T10:00:00Z&until=2024-03-01T10:00:00Z'), [oaiId('pub-1', 'publication')], 'a datestamp cut to its second');
    assert.deepEqual(await list('from=2024-03-01T10:00:01Z&until=2024-03-01T23:59:59Z'), [oaiId('pub-2', 'publication')]);
    assert.deepEqual(
      await list('from=2024-03-06'),
      [ids.get('actor-1')].map((id) => `${REPO}actor/${id}`),
    );
  });

  it('a full list through resumption tokens gives every harvestable entry once, with cursor and completeListSize', async () => {
    const published = await t.deps.db.selectFrom('entries').select('id').where('state', '=', 'published').execute();
    for (const verb of ['ListIdentifiers', 'ListRecords']) {
      const seen: string[] = [];
      let deleted = 0;
      let xml = await get(`verb=${verb}&metadataPrefix=oai_dc`, small);
      for (let page = 0; ; page++) {
        validate(xml);
        seen.push(...identifiers(xml));
        deleted += [...xml.matchAll(/status="deleted"/g)].length;
        const token = tokenOf(xml);
        assert.ok(token, 'every page of a list that has more than one page ends with a token');
        assert.match(token[1]!, new RegExp(`completeListSize="${published.length + 1}" cursor="${page * 2}"`));
        if (!token[2]) break;
        assert.doesNotMatch(token[2], /oai_dc|ListRecords/, 'the token is opaque');
        xml = await get(`verb=${verb}&resumptionToken=${encodeURIComponent(token[2])}`, small);
      }
      assert.equal(new Set(seen).size, seen.length, 'no record twice');
      assert.equal(seen.length - deleted, published.length, `${verb}: the published count`);
      assert.equal(deleted, 1);
    }
  });

  it(
    'an independent harvester (oai_pmh of libhttp-oai-perl) harvests every record over HTTP through resumption tokens',
    { skip: hasHarvester ? false : 'needs oai_pmh (Debian libhttp-oai-perl): independent harvest skipped' },
    async () => {
      const published = await t.deps.db.selectFrom('entries').select(['id', 'kind']).where('state', '=', 'published').execute();
      // Pages of two records, so the harvester must follow several tokens; served on loopback as a harvester meets it.
      const server = serve({ fetch: small.fetch, port: 0, hostname: '127.0.0.1' });
      try {
        await new Promise<void>((done) => server.once('listening', () => done()));
        const { port } = server.address() as AddressInfo;
        const output = await new Promise<string>((done, fail) =>
          execFile('oai_pmh', ['--metadataPrefix', 'oai_dc', `http://127.0.0.1:${port}/oai`], { timeout: 60_000 }, (error, stdout, stderr) =>
            error ? fail(new Error(`${String(error)}\n${stderr}`)) : done(stdout),
          ),
        );
        const records = output.split('\f').filter((r) => r.trim());
        const harvested = records.map((r) => /^identifier: (.+)$/m.exec(r)?.[1] ?? '');
        const deleted = records.filter((r) => /^status: deleted$/m.test(r)).map((r) => /^identifier: (.+)$/m.exec(r)?.[1] ?? '');
        assert.deepEqual(deleted, [oaiId('act-4')], 'the archived entry comes as a deleted record');
        const live = harvested.filter((id) => !deleted.includes(id)).sort();
        assert.deepEqual(live, published.map((e) => `${REPO}${e.kind}/${e.id}`).sort(), 'every published entry, once');
        assert.match(
          records.find((r) => r.includes(oaiId('pub-1', 'publication')))!,
          /<dc:title xml:lang="fr">Rapport sur le haut débit<\/dc:title>/,
        );
      } finally {
        await new Promise<void>((done) => server.close(() => done()));
      }
    },
  );

  it('a list that fits one page carries no token', async () => {
    assert.equal(tokenOf(await get('verb=ListIdentifiers&metadataPrefix=oai_dc')), null);
  });
});

describe('OAI-PMH: errors (HTTP 200, as the protocol says)', () => {
  const cases: Array<[string, string]> = [
    ['', 'badVerb'],
    ['verb=Explain', 'badVerb'],
    ['verb=Identify&verb=Identify', 'badVerb'],
    ['verb=Identify&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-01T10:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-01&until=2024-03-02T00:00:00Z', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2024-03-02&until=2024-03-01', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=not%20a%20set', 'badArgument'],
    ['verb=GetRecord&identifier=oai:stocktake.test:activity/1', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:activity/1', 'idDoesNotExist'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:stocktake.test:activity/99999', 'idDoesNotExist'],
    ['verb=ListMetadataFormats&identifier=oai:stocktake.test:story/1', 'idDoesNotExist'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=2099-01-01', 'noRecordsMatch'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=kind:nothing', 'noRecordsMatch'],
    ['verb=ListIdentifiers&resumptionToken=not-ours', 'badResumptionToken'],
    ['verb=ListSets&resumptionToken=abc', 'badResumptionToken'],
  ];
  for (const [q, code] of cases) {
    it(`${q || '(no arguments)'} → ${code}`, async () => {
      const xml = await get(q);
      assert.equal(errorCode(xml), code, xml);
      // After badVerb and badArgument the request is echoed without its arguments.
      if (code === 'badVerb' || code === 'badArgument') assert.match(xml, /<request>http:\/\/stocktake\.test\/oai<\/request>/);
      validate(xml);
    });
  }

  it('a draft, and an entry under another kind, do not exist; nor does GetRecord in another format', async () => {
    assert.equal(errorCode(await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId('act-draft')}`)), 'idDoesNotExist');
    assert.equal(errorCode(await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${REPO}story/${ids.get('act-1')}`)), 'idDoesNotExist');
    assert.equal(errorCode(await get(`verb=GetRecord&metadataPrefix=mods&identifier=${oaiId('act-1')}`)), 'cannotDisseminateFormat');
  });

  it('a token of one verb is refused by another, and a tampered token is refused', async () => {
    const token = tokenOf(await get('verb=ListIdentifiers&metadataPrefix=oai_dc', small))![2]!;
    assert.equal(errorCode(await get(`verb=ListRecords&resumptionToken=${token}`, small)), 'badResumptionToken');
    const payload = JSON.parse(Buffer.from(token, 'base64url').toString()) as unknown[];
    payload[4] = 'marc21';
    const tampered = Buffer.from(JSON.stringify(payload)).toString('base64url');
    assert.equal(errorCode(await get(`verb=ListIdentifiers&resumptionToken=${tampered}`, small)), 'badResumptionToken');
  });
});

describe('OAI-PMH over HTTP', () => {
  it('answers a POSTed form as it answers GET: no CSRF token needed, no cookie set, even with cookies sent', async () => {
    const query = 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:publication';
    const viaGet = await get(query);
    for (const cookie of [undefined, 'stk_session=whatever; stk_csrf=abcdefghijklmnopqrstuvwxyz']) {
      const res = await app.request('/oai', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
        body: query,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.headers.getSetCookie(), []);
      const strip = (x: string) => x.replace(/<responseDate>[^<]+<\/responseDate>/, '');
      assert.equal(strip(await res.text()), strip(viaGet));
    }
    const other = await app.request('/oai', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: query });
    assert.equal(other.status, 400);
  });

  it('is public and cookie-free for a visitor’s GET', async () => {
    const res = await app.request('/oai?verb=Identify');
    assert.match(res.headers.get('cache-control') ?? '', /^public/);
    assert.deepEqual(res.headers.getSetCookie(), []);
  });

  it('keeps hostile strings well-formed: in the data and in the arguments echoed back', { skip: skipValidation }, async () => {
    const record = await get(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${oaiId('act-3')}`);
    assert.match(record, /<dc:title xml:lang="en">Tags &lt;b&gt; &amp; &quot;quotes&quot; \uFFFD \uFFFD end<\/dc:title>/);
    validate(record);
    const res = await app.request('/oai', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ verb: 'GetRecord', metadataPrefix: 'oai_dc', identifier: 'oai:x\u0000<y>&"z\u001b' }).toString(),
    });
    const xml = await res.text();
    assert.equal(errorCode(xml), 'idDoesNotExist');
    assert.match(xml, /identifier="oai:x\uFFFD&lt;y&gt;&amp;&quot;z\uFFFD"/);
    validate(xml);
  });

  it('validates every response against the OAI-PMH schema', { skip: skipValidation }, () => {
    assert.ok(validated > 20, `${validated} responses validated`);
  });
});
