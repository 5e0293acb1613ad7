import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activityLine } from '../../../test/support/factories';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { loadEntries } from './entries.repository';
import { searchEntries } from './entries.service';
import { importEntries } from '../submissions/jsonl.import';
import { detailsIf } from './entry';
import { entrySearchSchema } from './entry.schemas';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(async () => t.close());

const search = (query: Record<string, unknown>, locale: 'en' | 'fr' | 'ar' = 'en') => searchEntries(t.deps, entrySearchSchema.parse(query), locale);

describe('importEntries', () => {
  it('reports each bad line with its number and field, and writes the good ones', async () => {
    const lines = [
      activityLine({ externalId: 'imp-1' }),
      '{ not json',
      activityLine({ externalId: 'imp-3', countries: ['ZZ'] }),
      activityLine({ externalId: 'imp-4', activityType: 'spaceship' }),
      '',
      activityLine({ externalId: 'imp-6', originalLanguage: 'fr' }),
      activityLine({ externalId: 'imp-1' }),
      activityLine({ externalId: 'imp-8', startDate: '2020-05-01', endDate: '2019-01-01' }),
    ];
    const report = await importEntries(t.deps, lines);
    assert.equal(report.created, 1);
    assert.equal(report.failed, 6);
    assert.deepEqual(
      report.errors.map((e) => [e.line, e.details[0]?.field, e.details[0]?.code]),
      [
        [2, '', 'invalid_json'],
        [3, 'countries.0', 'unknown_value'],
        [4, 'activityType', 'invalid_value'],
        [6, 'translations.fr', 'original_language_missing'],
        [7, 'externalId', 'duplicate_in_file'],
        [8, 'endDate', 'end_before_start'],
      ],
    );
  });

  it('updates the activity with the same externalId instead of adding another', async () => {
    const first = await importEntries(t.deps, [activityLine({ externalId: 'same-1' })]);
    assert.equal(first.created, 1);
    const title = 'Renamed programme for mobile health clinics';
    const second = await importEntries(t.deps, [
      activityLine({ externalId: 'same-1', translations: { en: { title, summary: 'New summary.', description: '' } }, countries: ['GH'] }),
    ]);
    assert.deepEqual([second.created, second.updated, second.failed], [0, 1, 0]);
    const rows = await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'same-1').execute();
    assert.equal(rows.length, 1);
    const [activity] = await loadEntries(t.deps.db, [rows[0]!.id]);
    assert.equal(activity?.translations.en?.title, title);
    assert.deepEqual(activity?.countries, ['GH']);
    const found = await search({ q: 'mobile health clinics' });
    assert.ok(found.activities.some((a) => a.externalId === 'same-1'));
    const old = await search({ q: 'cooperatives', country: ['GH'] });
    assert.ok(!old.activities.some((a) => a.externalId === 'same-1'), 'old text is no longer indexed');
  });

  it('records each imported entry as revision 1 with source "import", and a changed re-import as the next', async () => {
    const revisions = async (externalId: string) => {
      const { id } = await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', externalId).executeTakeFirstOrThrow();
      return t.deps.db
        .selectFrom('revisions')
        .select(['number', 'source', 'changedFields', 'data'])
        .where('entity', '=', 'entry')
        .where('entityId', '=', id)
        .orderBy('number')
        .execute();
    };
    await importEntries(t.deps, [activityLine({ externalId: 'rev-1' }), activityLine({ externalId: 'rev-2', countries: ['KE'] })]);
    const [first, ...none] = await revisions('rev-1');
    assert.deepEqual(none, []);
    assert.equal(first?.number, 1);
    assert.equal(first?.source, 'import');
    assert.ok(first?.changedFields.includes('translations.en.title'), 'a first revision lists what it sets');
    assert.deepEqual(
      (await revisions('rev-2')).map((r) => [r.number, r.source, (r.data as { countries: string[] }).countries]),
      [[1, 'import', ['KE']]],
    );

    // The same line again changes nothing worth a revision; a changed one is the next revision.
    await importEntries(t.deps, [activityLine({ externalId: 'rev-2', countries: ['KE'] })]);
    assert.equal((await revisions('rev-2')).length, 1);
    await importEntries(t.deps, [activityLine({ externalId: 'rev-2', countries: ['GH'] })]);
    assert.deepEqual(
      (await revisions('rev-2')).map((r) => [r.number, r.source, r.number === 1 ? [] : r.changedFields]),
      [
        [1, 'import', []],
        [2, 'import', ['countries']],
      ],
    );
  });

  it('writes nothing of a batch whose transaction fails', async () => {
    const before = await t.deps.db
      .selectFrom('entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // An organisation name over the database's own limits cannot happen through the schema, so break the
    // batch with a tag that passes validation but violates the foreign key: a vocabulary changed under us.
    const lines = [activityLine({ externalId: 'tx-1' }), activityLine({ externalId: 'tx-2' })];
    const taxonomy = t.deps.taxonomy;
    const lying = Object.create(taxonomy) as typeof taxonomy;
    lying.has = () => true;
    await assert.rejects(importEntries({ db: t.deps.db, taxonomy: lying }, [...lines, activityLine({ externalId: 'tx-3', countries: ['QQ'] })]));
    const afterCount = await t.deps.db
      .selectFrom('entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});

describe('searchEntries (SQL path)', () => {
  before(async () => {
    const report = await importEntries(t.deps, [
      activityLine({
        externalId: 's-fr',
        originalLanguage: 'fr',
        translations: { fr: { title: 'Écoles connectées au Sénégal', summary: 'Des écoles rurales reçoivent une connexion satellitaire.', description: '' } },
        countries: ['SN'],
        actionLines: ['c2', 'c7-e-learning'],
        sdgs: ['4', '4.a'],
        organisations: [{ name: 'Réseau Écoles', role: 'lead', stakeholderType: 'government' }],
        startDate: '2018-02-01',
      }),
      activityLine({
        externalId: 's-en',
        translations: { en: { title: 'Connected schools in Kenya', summary: 'Rural schools get satellite broadband and teacher training.', description: '' } },
        countries: ['KE'],
        actionLines: ['c2', 'c4'],
        sdgs: ['4'],
        organisations: [{ name: 'Schools Online', role: 'lead', stakeholderType: 'private-sector' }],
        startDate: '2021-02-01',
      }),
      activityLine({
        externalId: 's-ar',
        originalLanguage: 'ar',
        translations: { ar: { title: 'المدارس الرقمية في الأردن', summary: 'تزويد المدارس الريفية بالإنترنت وتدريب المعلمين.', description: '' } },
        countries: ['JO'],
        actionLines: ['c7-e-learning'],
        sdgs: ['4'],
        organisations: [{ name: 'شبكة المدارس', role: 'lead', stakeholderType: 'civil-society' }],
        startDate: '2019-02-01',
      }),
      activityLine({
        externalId: 's-zh',
        originalLanguage: 'zh',
        translations: { zh: { title: '农村电子商务服务站建设', summary: '在偏远乡村建设电子商务服务站，帮助农民网上销售农产品。', description: '' } },
        countries: ['CN'],
        actionLines: ['c7-e-business'],
        sdgs: ['8', '2'],
        organisations: [{ name: '乡村数字合作社', role: 'lead', stakeholderType: 'private-sector' }],
        startDate: '2022-02-01',
      }),
      activityLine({
        externalId: 's-draft',
        state: 'draft',
        translations: { en: { title: 'Secret draft about schools', summary: 'Not public.', description: '' } },
      }),
    ]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
  });

  it('finds inflected forms in several languages with one query', async () => {
    const ids = (await search({ q: 'school' })).activities.map((a) => a.externalId);
    assert.ok(ids.includes('s-en'));
    const fr = (await search({ q: 'ecole' })).activities.map((a) => a.externalId);
    assert.ok(fr.includes('s-fr'), 'école without its accent finds écoles');
    // Without the article and with diacritics, the Arabic query finds «المدارس».
    const ar = (await search({ q: 'مَدَارِس' })).activities.map((a) => a.externalId);
    assert.deepEqual(ar, ['s-ar']);
  });

  it('finds a Chinese word inside a longer run of characters', async () => {
    const ids = (await search({ q: '电子商务' })).activities.map((a) => a.externalId);
    assert.deepEqual(ids, ['s-zh']);
    const two = (await search({ q: '农民' })).activities.map((a) => a.externalId);
    assert.deepEqual(two, ['s-zh']);
  });

  it('never returns unpublished activities', async () => {
    const ids = (await search({ q: 'secret draft' })).activities.map((a) => a.externalId);
    assert.deepEqual(ids, []);
  });

  it('supports phrases and exclusions', async () => {
    const phrase = (await search({ q: '"connected schools"' })).activities.map((a) => a.externalId);
    assert.ok(phrase.includes('s-en'));
    const reversed = (await search({ q: '"schools connected"' })).activities.map((a) => a.externalId);
    assert.ok(!reversed.includes('s-en'));
    const excluded = (await search({ q: 'rural -kenya' })).activities.map((a) => a.externalId);
    assert.ok(!excluded.includes('s-en') && excluded.includes('s-fr'));
  });

  it('finds entries by vocabulary labels in another language', async () => {
    // "éducation de qualité" is SDG 4's French name; the Kenyan entry is written in English only.
    const ids = (await search({ q: 'éducation qualité', country: ['KE'] })).activities.map((a) => a.externalId);
    assert.deepEqual(ids, ['s-en']);
  });

  it('counts facets disjunctively and the counts match the filtered results', async () => {
    const base = await search({ sdg: ['4'], pageSize: 100 });
    const filtered = await search({ sdg: ['4'], stakeholder: ['government', 'private-sector'], pageSize: 100 });
    // Own facet: selecting values does not change the stakeholder counts.
    assert.deepEqual(filtered.facets.stakeholder, base.facets.stakeholder);
    // Other facets: counts describe exactly the filtered result set.
    for (const { value, count } of filtered.facets.country) {
      const n = filtered.activities.filter((a) => a.countries.includes(value)).length;
      assert.equal(count, n, `country ${value}`);
    }
    assert.equal(filtered.total, filtered.activities.length);
    const stakeholders = filtered.activities.map((a) => a.organisations.find((o) => o.role === 'lead')?.stakeholderType);
    assert.ok(stakeholders.every((s) => s === 'government' || s === 'private-sector'));
    // C7 sub-lines count towards C7; countries towards their regions.
    const c7 = filtered.facets.actionLine.find((f) => f.value === 'c7')?.count ?? 0;
    assert.equal(c7, filtered.activities.filter((a) => a.actionLines.some((l) => l.startsWith('c7-'))).length);
    const africa = await search({ region: ['002'], pageSize: 100 });
    assert.ok(africa.activities.every((a) => a.countries.some((c) => ['SN', 'KE'].includes(c)) || a.countries.length === 0 || a.countries.includes('GH')));
    assert.ok(africa.activities.some((a) => a.externalId === 's-fr') && !africa.activities.some((a) => a.externalId === 's-zh'));
  });

  it('sorts by title in the reader’s language and by newest start date', async () => {
    const byTitle = await search({ sort: 'title', pageSize: 100, q: 'schools' });
    const titles = byTitle.activities.map((a) => (a.translations.en ?? Object.values(a.translations)[0])!.title.toLowerCase());
    assert.deepEqual(titles, [...titles].sort());
    const newest = await search({ sort: 'newest', pageSize: 100 });
    const dates = newest.activities.map((a) => detailsIf(a, 'activity')?.startDate ?? '');
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('pages through results without overlap', async () => {
    const all = await search({ pageSize: 100, sort: 'newest' });
    const first = await search({ pageSize: 2, page: 1, sort: 'newest' });
    const second = await search({ pageSize: 2, page: 2, sort: 'newest' });
    assert.deepEqual(
      [...first.activities, ...second.activities].map((a) => a.id),
      all.activities.slice(0, 4).map((a) => a.id),
    );
    assert.equal(first.total, all.total);
  });
});
