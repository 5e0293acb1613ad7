import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine } from '../support/factories';
import { TestClient } from '../support/client';
import { completeDraft, organisation, person, PASSWORD } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/** What a piece of a page shows as text (tags dropped, a few entities decoded). */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** The words each locale uses for the two schemes, as the tests expect them (not read from the catalogs). */
const WORDS = {
  en: { m49: 'UN M49 regions', itu: 'ITU regions', africaM49: 'Africa (UN M49)', africaItu: 'Africa (ITU)', africa: 'Africa', eastern: 'Eastern Africa' },
  fr: {
    m49: 'Régions M49 de l’ONU',
    itu: 'Régions de l’UIT',
    africaM49: 'Afrique (M49 de l’ONU)',
    africaItu: 'Afrique (UIT)',
    africa: 'Afrique',
    eastern: 'Afrique orientale',
  },
} as const;

/** The fieldset of one scheme's group in a page (search facets, the questionnaire). */
const group = (page: string, cls: string) => new RegExp(`<fieldset class="${cls}">(.*?)</fieldset>`, 's').exec(page)?.[1] ?? '';

describe('UN M49 and ITU regions are told apart; the audit log reads as labels', () => {
  let t: TestDb;
  let entryId: number;

  before(async () => {
    t = await createTestDb({ search: 'index' });
    const report = await importEntries(t.deps, [
      activityLine({ externalId: 'regions-1', countries: ['KE'], regions: ['002', 'itu-africa', '150', 'itu-europe'] }),
    ]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    await t.index!.refresh();
    entryId = (await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'regions-1').executeTakeFirstOrThrow()).id;
  });
  after(() => t.close());

  const page = async (path: string, client?: TestClient) => {
    const r = client ? await client.get(path) : await t.app.request(path);
    const text = client ? (r as { text: string }).text : await (r as Response).text();
    assert.equal(r.status, 200, `${path}: ${text.slice(0, 300)}`);
    return text;
  };

  it('groups regions under their scheme where listed together, and qualifies a region shown alone', async () => {
    for (const [locale, w] of Object.entries(WORDS)) {
      // Search facets: each scheme in a fieldset of its own, its values unqualified.
      const search = await page(`/${locale}/search`);
      const m49 = group(search, 'facet-scheme facet-scheme-m49');
      const itu = group(search, 'facet-scheme facet-scheme-itu');
      assert.ok(textOf(m49).includes(w.m49) && textOf(itu).includes(w.itu), `${locale}: both headings in the region facet`);
      assert.match(m49, /value="002"/);
      assert.doesNotMatch(m49, /value="itu-/, `${locale}: no ITU region among the M49 ones`);
      assert.match(itu, /value="itu-africa"/);
      assert.doesNotMatch(itu, /value="002"/);
      assert.ok(textOf(itu).includes(` ${w.africa} `) && !textOf(itu).includes(w.africaItu), `${locale}: unqualified inside its group`);

      // A chosen region's chip stands alone: qualified.
      const filtered = textOf(await page(`/${locale}/search?region=itu-africa`));
      assert.ok(filtered.includes(w.africaItu), `${locale}: the chip says “${w.africaItu}”`);

      // The entry's tags.
      const entry = textOf(await page(`/${locale}/activities/${entryId}`));
      for (const label of [w.africaM49, w.africaItu]) assert.ok(entry.includes(label), `${locale}: entry tag “${label}”`);

      // Home: the ways in by region, under two headings.
      const home = await page(`/${locale}/`);
      assert.match(home, new RegExp(`<h3 id="region-m49">${w.m49}</h3>`));
      assert.match(home, new RegExp(`<h3 id="region-itu">${w.itu}</h3>`));

      // A country profile names its regions, each scheme under its heading.
      const country = await page(`/${locale}/countries/KE`);
      const regions = /<dl class="country-regions">(.*?)<\/dl>/s.exec(country)?.[1] ?? '';
      assert.match(
        regions,
        new RegExp(`<dt>${w.m49}</dt><dd>.*${w.eastern}.*</dd><dt>${w.itu}</dt><dd><a href="/${locale}/search\\?region=itu-africa">${w.africa}</a></dd>`, 's'),
      );
    }
  });

  it('the questionnaire groups its region picker and the review page qualifies each region', async () => {
    const orgId = await organisation(t, 'Regions Lab');
    const author = await person(t, { organisationId: orgId });
    const contributor = new TestClient(t.app);
    await contributor.signIn(author.email, PASSWORD);
    const curatorPerson = await person(t, { role: 'curator' });
    const curator = new TestClient(t.app);
    await curator.signIn(curatorPerson.email, PASSWORD);
    const { id } = await t.handle.db
      .insertInto('submissions')
      .values({
        organisationId: orgId,
        createdBy: author.userId,
        status: 'submitted',
        data: JSON.stringify({ ...completeDraft('Regional exchange'), regions: ['002', 'itu-africa'] }),
        language: 'en',
        entryId: null,
        callId: null,
        submittedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const draft = await contributor.post('/en/contribute/submissions', { organisationId: String(orgId), kind: 'activity' });
    assert.equal(draft.status, 303, draft.text.slice(0, 300));
    const base = /\/contribute\/submissions\/\d+/.exec(draft.location!)![0];
    for (const [locale, w] of Object.entries(WORDS)) {
      const where = await page(`/${locale}${base}/where`, contributor);
      const m49 = group(where, 'checkbox-subgroup');
      assert.ok(textOf(m49).includes(w.m49), `${locale}: the M49 group first, under its heading`);
      assert.match(m49, /value="002"/);
      assert.doesNotMatch(m49, /value="itu-/);
      assert.ok(textOf(where).includes(w.itu), `${locale}: the ITU group's heading`);

      const review = textOf(await page(`/${locale}/review/${id}`, curator));
      for (const label of [w.africaM49, w.africaItu]) assert.ok(review.includes(label), `${locale}: review shows “${label}”`);
    }
  });

  it('the audit log names actions, fields and values in the admin’s language, without JSON or keys', async () => {
    const admin = await person(t, { role: 'admin' });
    const client = new TestClient(t.app);
    await client.signIn(admin.email, PASSWORD);
    const member = await person(t, { name: 'Amina Wanjiru' });
    await client.get('/en/admin/users');
    let r = await client.post(`/en/admin/users/${member.userId}`, { role: 'curator', status: 'active' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    await client.get('/en/admin/settings');
    r = await client.post('/en/admin/settings', {
      registration: 'open',
      submissions: 'always',
      confirmAfterDays: '365',
      siteName: '',
      primaryColour: '',
      accentColour: '',
      logoPath: '',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const expected = {
      en: ['Account changed', 'Amina Wanjiru', 'Role', 'Contributor → Curator', 'Site settings changed', 'New accounts', 'Signed in', 'Network address'],
      fr: [
        'Compte modifié',
        'Amina Wanjiru',
        'Rôle',
        'Contributeur → Modérateur',
        'Paramètres du site modifiés',
        'Nouveaux comptes',
        'Connexion réussie',
        'Adresse réseau',
      ],
    };
    for (const [locale, labels] of Object.entries(expected)) {
      const audit = await page(`/${locale}/admin/audit`, client);
      const table = /<table class="audit-log">.*<\/table>/s.exec(audit)?.[0] ?? '';
      const text = textOf(table);
      for (const label of labels) assert.ok(text.includes(label), `${locale}: “${label}” in the audit log`);
      for (const raw of ['{', '&quot;', '"role"', 'user.update', 'sign_in.', 'settings.update', 'registration', 'curator<', 'secondFactor'])
        assert.ok(!table.includes(raw), `${locale}: no raw “${raw}” in the audit log`);
    }
  });
});
