import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import type { AppEnv } from '../../src/http/context';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine } from '../support/factories';
import { sharedData } from '../support/shared-data';
import { createTestDb, type TestDb } from '../support/test-db';

/** The 2.03 schema lives beside the project in ../shared (never copied in); without it or xmllint, validation is skipped. */
const XSD = sharedData('iati', 'schema-2.03', 'iati-activities-schema.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const skipSchema = existsSync(XSD) && hasXmllint ? false : 'needs ../shared/data/iati/schema-2.03 and xmllint: IATI schema validation skipped';
const skipWellFormed = hasXmllint ? false : 'needs xmllint';

const REF = 'XM-TEST-7';
const CONTACT_EMAIL = 'planted.contact+iati@secret.example';
const CONTACT_NAME = 'Planted Contactperson';
const CONTACT_PHONE = '+41 22 730 5111';
const HOSTILE = 'Links </title><script>alert(1)</script> & "quotes" \u0001 \uFFFE ]]> end';

let t: TestDb;
let app: ReturnType<typeof createApp>;
let work: string;
const ids = new Map<string, number>();

const text = (title: string) => ({ title, summary: `${title}: what it does and for whom.`, description: '' });

before(async () => {
  t = await createTestDb();
  work = mkdtempSync(join(tmpdir(), 'stocktake-iati-'));
  const demo = await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  assert.ok(demo && demo.errors.length === 0, 'the demo register loads');
  const report = await importEntries(t.deps, [
    activityLine({
      externalId: 'iati-multi',
      originalLanguage: 'fr',
      translations: {
        fr: { title: 'Santé en ligne au Sahel', summary: 'Des cliniques reliées par la fibre.', description: 'Une description plus longue.' },
        en: { title: 'Online health in the Sahel', summary: 'Clinics connected by fibre.', description: '' },
        ar: { title: 'الصحة الإلكترونية في الساحل', summary: 'عيادات متصلة بالألياف.', description: '' },
      },
      status: 'completed',
      scope: 'regional',
      startDate: '2019-03-01',
      endDate: '2023-06-30',
      countries: ['ML', 'NE', 'BF'],
      regions: ['202', 'itu-africa'],
      actionLines: ['c7-e-health', 'c5'],
      sdgs: ['3', '3.8', '9.c'],
      organisations: [
        { name: 'Ministère de la santé', role: 'lead', stakeholderType: 'government' },
        { name: 'Réseau technique', role: 'partner', stakeholderType: 'technical-community' },
      ],
      links: [
        { url: 'https://example.org/sahel', label: 'Site du projet' },
        { url: 'https://example.org/sahel/report.pdf', label: null },
      ],
      contact: { name: CONTACT_NAME, email: CONTACT_EMAIL, phone: CONTACT_PHONE },
    }),
    activityLine({
      externalId: 'iati-hostile',
      translations: { en: { title: 'Zebrafinch hostile', summary: 'Summary with <b>markup</b> & "quotes" ]]> about zebrafinch', description: '' } },
      organisations: [{ name: 'A & B <Partners>', role: 'lead', stakeholderType: 'private-sector' }],
      links: [{ url: 'https://example.org/a?b=1&c=2', label: 'Q&A "page"' }],
      contact: { name: CONTACT_NAME, email: CONTACT_EMAIL },
    }),
    activityLine({ externalId: 'iati-undated', status: 'planned', startDate: null, endDate: null, organisations: [], links: [], countries: [] }),
    activityLine({ externalId: 'iati-from-iati', translations: { en: text('Imported from IATI') } }),
    activityLine({ externalId: 'iati-draft', state: 'draft', translations: { en: text('Unpublished draft') } }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  for (const r of await t.handle.db.selectFrom('entries').select(['id', 'externalId']).where('externalId', 'like', 'iati-%').execute())
    ids.set(r.externalId!, r.id);
  // What the forms refuse (control characters) can still be in stored data: written directly, as an old import might have.
  await t.handle.db.updateTable('entryTranslations').set({ title: HOSTILE }).where('entryId', '=', ids.get('iati-hostile')!).execute();
  await t.handle.db.updateTable('entries').set({ iatiIdentifier: 'GB-GOV-1-300123' }).where('id', '=', ids.get('iati-from-iati')!).execute();
  app = createApp({ ...t.deps, config: { ...t.deps.config, iati: { publisherRef: REF, publisherType: '40' } } });
});
after(async () => {
  rmSync(work, { recursive: true, force: true });
  await t.close();
});

async function exportXml(query = '', init?: RequestInit): Promise<{ status: number; xml: string; headers: Headers }> {
  const res = await app.request(`/api/v1/exports/iati${query ? `?${query}` : ''}`, init);
  return { status: res.status, xml: await res.text(), headers: res.headers };
}

const activities = (xml: string) => xml.match(/<iati-activity[\s>]/g)?.length ?? 0;

/** The `<iati-activity>` whose identifier is `identifier`. */
function activityOf(xml: string, identifier: string): string {
  const block = xml.split('</iati-activity>').find((b) => b.includes(`<iati-identifier>${identifier}</iati-identifier>`));
  assert.ok(block, `no activity ${identifier}`);
  return block;
}

function lint(xml: string, schema: boolean): { ok: boolean; out: string } {
  const file = join(work, `export-${crypto.randomUUID()}.xml`);
  writeFileSync(file, xml);
  const args = schema ? ['--noout', '--nonet', '--schema', XSD, file] : ['--noout', '--nonet', file];
  const run = spawnSync('xmllint', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: run.status === 0, out: `${run.stdout}${run.stderr}`.slice(0, 4000) };
}

describe('GET /api/v1/exports/iati', () => {
  it('exports the whole demo register as one IATI 2.03 file that the schema validates', { skip: skipSchema }, async () => {
    const { status, xml, headers } = await exportXml();
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^application\/xml/);
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<iati-activities version="2.03" generated-datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/);
    const api = (await (await app.request('/api/v1/activities')).json()) as { meta: { total: number } };
    assert.ok(api.meta.total >= 300, `demo activities: ${api.meta.total}`);
    assert.equal(activities(xml), api.meta.total);
    const result = lint(xml, true);
    assert.ok(result.ok, result.out);
  });

  it('uses only codes of the IATI codelists for countries, DAC sectors, organisation types and roles, statuses and dates', { skip: skipSchema }, async () => {
    const codes = (name: string) =>
      new Set([...readFileSync(sharedData('iati', 'codelists', `${name}.xml`), 'utf8').matchAll(/<code>([^<]+)<\/code>/g)].map((m) => m[1]!));
    const { xml } = await exportXml();
    const attr = (element: string, name: string, where = '') =>
      new Set([...xml.matchAll(new RegExp(`<${element} ${where}[^>]*?\\b${name}="([^"]+)"`, 'g'))].map((m) => m[1]!));
    const check = (found: Set<string>, list: string) => {
      assert.ok(found.size > 0, `no ${list} in the file`);
      const known = codes(list);
      for (const code of found) assert.ok(known.has(code), `${list} ${code}`);
    };
    check(attr('recipient-country', 'code'), 'Country');
    check(attr('sector', 'code', 'vocabulary="1"'), 'Sector');
    check(attr('participating-org', 'type'), 'OrganisationType');
    check(attr('participating-org', 'role'), 'OrganisationRole');
    check(attr('activity-status', 'code'), 'ActivityStatus');
    check(attr('activity-date', 'type'), 'ActivityDateType');
    check(attr('tag', 'code', 'vocabulary="2"'), 'UNSDG-Goals');
    check(attr('tag', 'code', 'vocabulary="3"'), 'UNSDG-Targets');
  });

  it('fails validation when an element is out of the schema’s order (the check can fail)', { skip: skipSchema }, async () => {
    const { xml } = await exportXml('q=Sahel');
    assert.ok(lint(xml, true).ok);
    const swapped = xml.replace(/(<activity-status [^>]*\/>)((?:<activity-date[^>]*\/>)+)/, '$2$1');
    assert.notEqual(swapped, xml);
    assert.equal(lint(swapped, true).ok, false);
  });

  const filters = ['actionLine=c5', 'country=KE', 'sdg=4', 'q=digital', 'region=002&status=ongoing', 'actionLine=c7-e-health&actionLine=c2', 'q=zzzznothing'];
  for (const query of filters) {
    it(`holds exactly the activities the API finds for ${query}`, async () => {
      const api = (await (await app.request(`/api/v1/activities?${query}&pageSize=100`)).json()) as { meta: { total: number }; data: Array<{ id: number }> };
      const { status, xml } = await exportXml(query);
      assert.equal(status, 200);
      assert.equal(activities(xml), api.meta.total, query);
      // The first page of the API is in the file, in the same order.
      const exported = [...xml.matchAll(/<iati-identifier>[^<]*?-(\d+)<\/iati-identifier>/g)].map((m) => Number(m[1]));
      const page = api.data.map((d) => d.id).filter((id) => id !== ids.get('iati-from-iati'));
      assert.deepEqual(
        exported.filter((id) => page.includes(id)),
        page,
      );
    });
  }

  it('writes titles and descriptions once per language with xml:lang, the original first', async () => {
    const a = activityOf((await exportXml('q=Sahel')).xml, `${REF}-${ids.get('iati-multi')}`);
    assert.match(a, /<iati-activity last-updated-datetime="[^"]+" xml:lang="fr">/);
    assert.match(
      a,
      /<title><narrative xml:lang="fr">Santé en ligne au Sahel<\/narrative><narrative xml:lang="ar">الصحة الإلكترونية في الساحل<\/narrative><narrative xml:lang="en">Online health in the Sahel<\/narrative><\/title>/,
    );
    assert.match(a, /<description type="1"><narrative xml:lang="fr">Des cliniques reliées par la fibre.<\/narrative><narrative xml:lang="ar">/);
    // The long description exists only in French: one narrative, no empty ones.
    assert.match(a, /<description type="4"><narrative xml:lang="fr">Une description plus longue.<\/narrative><\/description>/);
  });

  it('maps status, dates, scope, places, sectors, SDGs, organisations and links through the crosswalk', async () => {
    const a = activityOf((await exportXml('q=Sahel')).xml, `${REF}-${ids.get('iati-multi')}`);
    assert.match(a, /<reporting-org ref="XM-TEST-7" type="40"><narrative>/);
    assert.match(a, /<activity-status code="4"\/><activity-date type="2" iso-date="2019-03-01"\/><activity-date type="4" iso-date="2023-06-30"\/>/);
    assert.match(a, /<activity-scope code="2"\/>/);
    // Three countries and two regions share 100.
    const shares = [...a.matchAll(/<recipient-(?:country|region) [^>]*percentage="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.equal(shares.length, 5);
    assert.equal(Math.round(shares.reduce((s, x) => s + x, 0) * 100), 10000);
    assert.match(a, /<recipient-country code="ML" percentage="20"\/>/);
    assert.match(a, /<recipient-region code="202" vocabulary="2" percentage="20"\/>/);
    assert.match(
      a,
      /<recipient-region code="itu-africa" vocabulary="99" vocabulary-uri="http:\/\/stocktake.test\/api\/v1\/vocabularies\/region" percentage="20"\/>/,
    );
    assert.match(a, /<sector vocabulary="1" code="12110" percentage="50"\/><sector vocabulary="1" code="15210" percentage="50"\/>/);
    assert.match(a, /<sector vocabulary="99" vocabulary-uri="[^"]+\/vocabularies\/action-line" code="c7-e-health" percentage="50"\/>/);
    assert.match(a, /<tag vocabulary="2" code="3"\/><tag vocabulary="2" code="9"\/><tag vocabulary="3" code="3.8"\/><tag vocabulary="3" code="9.c"\/>/);
    assert.match(a, /<participating-org role="2" type="10" stocktake:stakeholder-type="government"><narrative>Ministère de la santé<\/narrative>/);
    assert.match(a, /<participating-org role="4" type="90" stocktake:stakeholder-type="technical-community">/);
    assert.match(
      a,
      /<document-link url="https:\/\/example.org\/sahel" format="text\/html"><title><narrative>Site du projet<\/narrative><\/title><category code="A12"\/><\/document-link>/,
    );
    assert.match(
      a,
      /<document-link url="https:\/\/example.org\/sahel\/report.pdf" format="application\/pdf"><title><narrative>https:\/\/example.org\/sahel\/report.pdf<\/narrative>/,
    );
  });

  it('keeps the IATI identifier an activity came with, and gives the others {IATI_PUBLISHER_REF}-{id}', async () => {
    const { xml } = await exportXml();
    assert.ok(xml.includes('<iati-identifier>GB-GOV-1-300123</iati-identifier>'));
    assert.ok(!xml.includes(`<iati-identifier>${REF}-${ids.get('iati-from-iati')}</iati-identifier>`));
    assert.ok(xml.includes(`<iati-identifier>${REF}-${ids.get('iati-multi')}</iati-identifier>`));
    // Drafts are not published, so not exported.
    assert.ok(!xml.includes(`${REF}-${ids.get('iati-draft')}<`));
    assert.ok(!xml.includes('Unpublished draft'));
  });

  it('gives an undated activity the day it was registered, marked, and the publisher as its organisation', { skip: skipSchema }, async () => {
    const { xml } = await exportXml('status=planned');
    const a = activityOf(xml, `${REF}-${ids.get('iati-undated')}`);
    assert.match(a, /<activity-date type="1" iso-date="\d{4}-\d\d-\d\d" stocktake:registered="true"><narrative xml:lang="en">No start date/);
    assert.match(a, /<participating-org ref="XM-TEST-7" role="2" type="40" stocktake:publisher="true">/);
    assert.ok(!a.includes('<recipient-country'));
    assert.ok(lint(xml, true).ok);
  });

  it('never exports a contact: name, e-mail or phone', async () => {
    const contacts = await t.handle.db.selectFrom('entries').select('contact').where('kind', '=', 'activity').where('contact', 'is not', null).execute();
    const emails = contacts.flatMap((c) => (c.contact?.email ? [c.contact.email] : []));
    assert.ok(emails.includes(CONTACT_EMAIL));
    assert.ok(emails.length > 2, 'the demo register has contacts too');
    const { xml } = await exportXml();
    for (const secret of [...new Set(emails)]) assert.ok(!xml.includes(secret), `contact ${secret} exported`);
    assert.ok(!xml.includes(CONTACT_NAME) && !xml.includes(CONTACT_PHONE));
    assert.ok(!xml.includes('contact-info'));
  });

  it('escapes hostile text: the file stays well-formed and the text reads back as written', async () => {
    const { xml } = await exportXml('q=zebrafinch');
    const a = activityOf(xml, `${REF}-${ids.get('iati-hostile')}`);
    assert.ok(a.includes('Links &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; \uFFFD \uFFFD ]]&gt; end'));
    assert.ok(a.includes('<narrative>A &amp; B &lt;Partners&gt;</narrative>'));
    assert.ok(a.includes('url="https://example.org/a?b=1&amp;c=2"'));
    assert.ok(a.includes('<narrative>Q&amp;A &quot;page&quot;</narrative>'));
    assert.ok(!/<script>/.test(xml));
  });

  it('is well-formed with hostile text (xmllint)', { skip: skipWellFormed }, async () => {
    const { xml } = await exportXml('q=zebrafinch');
    const result = lint(xml, false);
    assert.ok(result.ok, result.out);
    if (!skipSchema) assert.ok(lint(xml, true).ok);
    const title = execFileSync('xmllint', ['--nonet', '--xpath', 'string(//iati-activity[1]/title/narrative)', '-'], { input: xml, encoding: 'utf8' });
    assert.equal(title.replace(/\n$/, ''), HOSTILE.replaceAll('\u0001', '\uFFFD').replaceAll('\uFFFE', '\uFFFD'));
  });

  it('streams gzipped for a client that accepts it, with its own cache policy', async () => {
    const plain = await exportXml('actionLine=c5');
    const res = await app.request('/api/v1/exports/iati?actionLine=c5', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('vary') ?? '', /accept-encoding/i);
    assert.equal(res.headers.get('content-length'), null);
    const body = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    // The same file but for the moment it was generated.
    const strip = (x: string) => x.replace(/generated-datetime="[^"]+"/, '');
    assert.equal(strip(body), strip(plain.xml));
    assert.equal(plain.headers.get('cache-control'), 'public, max-age=0, s-maxage=60, no-transform');
    assert.equal(plain.headers.get('x-total-count'), String(activities(plain.xml)));
    assert.match(plain.headers.get('content-disposition') ?? '', /attachment; filename="iati-activities.xml"/);
  });

  it('streams: the opening arrives before the activities are read, and a client that hangs up stops the reads', async () => {
    for (const encoding of ['identity', 'gzip']) {
      const res = await app.request('/api/v1/exports/iati', { headers: { 'accept-encoding': encoding } });
      assert.equal(res.status, 200);
      const reader = res.body!.getReader();
      const first = await reader.read();
      assert.ok(first.value && !first.done);
      const head = encoding === 'gzip' ? '' : new TextDecoder().decode(first.value);
      if (encoding === 'identity') {
        assert.match(head, /^<\?xml[^]*<iati-activities /);
        assert.ok(!head.includes('</iati-activities>'), 'the whole file came at once: something read it all before sending');
      }
      await reader.cancel();
    }
  });

  const bad: Array<[string, string, string]> = [
    ['actionLine=c99', 'actionLine', 'unknown_value'],
    ['country=XX', 'country', 'unknown_value'],
    ['sdg=99', 'sdg', 'unknown_value'],
    ['sort=random', 'sort', 'invalid_value'],
    ['colour=blue', 'colour', 'unrecognized_keys'],
    ['lang=de', 'lang', 'invalid_value'],
    ['q=a&q=b', 'q', 'repeated'],
    [`q=${'x'.repeat(201)}`, 'q', 'too_big'],
    ['pageSize=101', 'pageSize', 'too_big'],
    [`${Array.from({ length: 51 }, () => 'country=KE').join('&')}`, 'country', 'too_big'],
  ];
  for (const [query, field, code] of bad) {
    it(`answers 400 in JSON naming ${field} for ${query.slice(0, 30)}`, async () => {
      const res = await app.request(`/api/v1/exports/iati?${query}`, { headers: { 'accept-language': 'fr' } });
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const body = (await res.json()) as { error: { code: string; details: Array<{ field: string; code: string; message: string }> } };
      assert.equal(body.error.code, 'validation_failed');
      assert.ok(
        body.error.details.some((d) => d.field === field && d.code === code),
        JSON.stringify(body.error.details),
      );
    });
  }

  it('is in the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get?: { operationId: string; responses: Record<string, unknown> } }>;
    };
    const op = doc.paths['/api/v1/exports/iati']?.get;
    assert.equal(op?.operationId, 'exportIati');
    assert.ok(op?.responses['200'] && op.responses['400']);
  });
});

describe('IATI export beside an /api/v1/exports/{format} route', () => {
  it('keeps its fixed path when a parameter route for other formats is registered after it', async () => {
    const { OpenAPIHono } = await import('@hono/zod-openapi');
    const { registerIatiExport } = await import('../../src/http/api/iati-export.routes');
    const api = new OpenAPIHono<AppEnv>();
    api.use('*', async (c, next) => {
      c.set('deps', t.deps);
      c.set('actor', null);
      c.set('siteIdentity', { settings: { siteName: 'Register' } } as AppEnv['Variables']['siteIdentity']);
      await next();
    });
    registerIatiExport(api);
    api.get('/api/v1/exports/:format', (c) => c.text(`other ${c.req.param('format')}`));
    const iati = await api.request('/api/v1/exports/iati?actionLine=c5');
    assert.equal(iati.status, 200);
    assert.match(await iati.text(), /^<\?xml[^]*<iati-activities version="2.03"/);
    assert.equal(await (await api.request('/api/v1/exports/csv')).text(), 'other csv');
  });
});

describe('IATI export over the in-process index, as visitors are served', () => {
  let ti: TestDb;
  before(async () => {
    ti = await createTestDb({ search: 'index' });
    const report = await importEntries(ti.deps, [
      activityLine({ externalId: 'ix-1', actionLines: ['c2'], translations: { en: text('Rural broadband towers') } }),
      activityLine({ externalId: 'ix-2', actionLines: ['c2', 'c4'], translations: { en: text('Broadband skills') } }),
      activityLine({ externalId: 'ix-3', actionLines: ['c9'], translations: { en: text('Community radio') } }),
      activityLine({ externalId: 'ix-p', kind: 'publication', actionLines: ['c2'], publication: { year: 2024, authors: [] } }),
    ]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    const deadline = Date.now() + 10_000;
    while ((await ti.deps.search.search({ text: '', filters: {}, sort: 'newest', page: 1, pageSize: 1, locale: 'en' })).total < 4) {
      assert.ok(Date.now() < deadline, 'the index caught up');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  after(async () => ti.close());

  it('exports activities only, each once, the same as the API finds, and the response cache keeps none of it', async () => {
    for (const query of ['', 'actionLine=c2', 'q=broadband&sort=title']) {
      const api = (await (await ti.app.request(`/api/v1/activities?${query}`)).json()) as { meta: { total: number } };
      const res = await ti.app.request(`/api/v1/exports/iati?${query}`);
      assert.equal(res.status, 200);
      const xml = await res.text();
      assert.equal(activities(xml), api.meta.total, query);
      assert.equal(res.headers.get('etag'), null, 'not read whole into the response cache');
    }
    const titles = [
      ...(await (await ti.app.request('/api/v1/exports/iati?q=broadband&sort=title')).text()).matchAll(/<title><narrative xml:lang="en">([^<]+)/g),
    ].map((m) => m[1]);
    assert.deepEqual(titles, ['Broadband skills', 'Rural broadband towers']);
  });
});

describe('entries.iati_identifier', () => {
  it('is unique when set, and many entries may have none', async () => {
    const [a, b] = [ids.get('iati-multi')!, ids.get('iati-hostile')!];
    await assert.rejects(t.handle.db.updateTable('entries').set({ iatiIdentifier: 'GB-GOV-1-300123' }).where('id', '=', a).execute());
    const none = await t.handle.db.selectFrom('entries').select('id').where('iatiIdentifier', 'is', null).where('id', 'in', [a, b]).execute();
    assert.equal(none.length, 2);
  });

  it('is brought by an idempotent migration, so the importer’s copy of it cannot clash', async () => {
    const { up } = await import('../../src/db/migrations/20261203140500-iati-identifier');
    await up(t.handle.db as never);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.columns where table_name = 'entries' and column_name = 'iati_identifier'`.execute(t.handle.db);
    assert.equal(rows[0]?.n, 1);
  });
});
