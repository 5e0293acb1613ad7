import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createEmptyDb } from '../../test/support/test-db';
import type { DbHandle } from './connection';
import { migrateToLatest } from './migrate';
import { loadVocabularyFiles, type LoadedVocabulary } from './vocabulary-files';
import { syncVocabularies } from './vocabulary-sync';

/** Every stored term as text, in a fixed order: what "changes nothing" compares. */
async function dump(handle: DbHandle) {
  const terms = await sql<{ row: string }>`select concat_ws('|', vocabulary, code, parent_code, position, labels::text, descriptions::text, extra::text) as row
    from vocabulary_terms order by vocabulary, code`.execute(handle.db);
  const vocabularies = await sql<{
    row: string;
  }>`select concat_ws('|', name, version, content_hash, updated_at::text) as row from vocabularies order by name`.execute(handle.db);
  return { terms: terms.rows.map((r) => r.row), vocabularies: vocabularies.rows.map((r) => r.row) };
}

async function counts(handle: DbHandle): Promise<Record<string, number>> {
  const rows = await handle.db
    .selectFrom('vocabularyTerms')
    .select(['vocabulary', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('vocabulary')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.vocabulary, Number(r.n)]));
}

// A database of its own rather than the test template: this is how the template itself is made.
describe('vocabularies synced at boot, not by migrations', () => {
  let handle: DbHandle;
  const data = loadVocabularyFiles();
  before(async () => {
    handle = await createEmptyDb();
  });
  after(() => handle.close());

  it('leaves a new database without vocabulary data after the migrations alone', async () => {
    await migrateToLatest(handle.db);
    assert.deepEqual(await counts(handle), {});
  });

  it('then writes every vocabulary, each term where the migrations used to put it', async () => {
    assert.deepEqual((await syncVocabularies(handle.db)).sort(), data.map((v) => v.name).sort());
    // The counts the vocabulary migrations gave before the sync replaced them.
    const stored = await counts(handle);
    assert.deepEqual(
      { ...stored, country: undefined },
      {
        'action-line': 19,
        'activity-status': 3,
        'activity-type': 8,
        'digital-policy-issue': 54,
        region: 36,
        scope: 4,
        sdg: 186,
        'stakeholder-type': 7,
        'target-group': 12,
        country: undefined,
      },
    );
    assert.ok(stored.country! >= 249, 'every ISO 3166 country');
    const term = (vocabulary: string, code: string) =>
      handle.db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', vocabulary).where('code', '=', code).executeTakeFirstOrThrow();
    const kenya = await term('country', 'KE');
    assert.deepEqual(kenya.labels, { ar: 'كينيا', en: 'Kenya', es: 'Kenia', fr: 'Kenya', ru: 'Кения', zh: '肯尼亚' });
    assert.deepEqual(kenya.extra, { itu: 'itu-africa', m49: '014', alpha3: 'KEN', numeric: '404' });
    const target = await term('sdg', '3.8');
    assert.equal(target.parentCode, '3');
    assert.equal(target.position, 26);
    assert.match(target.labels.en ?? '', /^Achieve universal health coverage/);
    assert.equal((await term('digital-policy-issue', 'cybersecurity')).labels.fr, 'Cybersécurité');
    // Every term as the data has it, numbered from 1 in the data's order.
    for (const v of data) {
      const rows = await handle.db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', v.name).orderBy('position').execute();
      assert.deepEqual(
        rows.map((r) => [r.code, r.parentCode, r.position, r.labels, r.descriptions, r.extra]),
        v.terms.map((t, i) => [t.code, t.parent, i + 1, t.labels, t.descriptions, t.extra]),
        v.name,
      );
    }
    const versions = await handle.db.selectFrom('vocabularies').select(['name', 'version']).execute();
    assert.deepEqual(new Map(versions.map((r) => [r.name, r.version])), new Map(data.map((v) => [v.name, v.version])));
  });

  it('changes nothing when run again on the same data', async () => {
    const before = await dump(handle);
    assert.deepEqual(await syncVocabularies(handle.db), []);
    assert.deepEqual(await dump(handle), before);
  });

  it('writes only a vocabulary whose data changed: labels, order, a new term; a term gone from the data stays', async () => {
    const sdg = data.find((v) => v.name === 'sdg')!;
    const [first, second, ...rest] = sdg.terms;
    const changed: LoadedVocabulary = {
      ...sdg,
      version: sdg.version + 1,
      terms: [
        { ...second!, labels: { ...second!.labels, en: 'A renamed second term' } },
        ...rest,
        { code: '18', parent: null, labels: { en: 'A new goal' }, descriptions: null, extra: { note: 'x' } },
      ],
    };
    const before = await dump(handle);
    const others = (d: typeof before) => ({
      terms: d.terms.filter((t) => !t.startsWith('sdg|')),
      vocabularies: d.vocabularies.filter((v) => !v.startsWith('sdg|')),
    });
    assert.deepEqual(
      await syncVocabularies(
        handle.db,
        data.map((v) => (v.name === 'sdg' ? changed : v)),
      ),
      ['sdg'],
    );
    const after = await dump(handle);
    assert.deepEqual(others(after), others(before), 'the other vocabularies are untouched');
    const rows = await handle.db.selectFrom('vocabularyTerms').selectAll().where('vocabulary', '=', 'sdg').execute();
    const byCode = new Map(rows.map((r) => [r.code, r]));
    assert.equal(byCode.get(second!.code)?.labels.en, 'A renamed second term');
    assert.equal(byCode.get(second!.code)?.position, 1);
    assert.deepEqual(byCode.get('18')?.extra, { note: 'x' });
    assert.equal(byCode.get('18')?.position, changed.terms.length);
    assert.ok(byCode.has(first!.code), 'a term entries may be tagged with is never deleted');
    const version = await handle.db.selectFrom('vocabularies').select('version').where('name', '=', 'sdg').executeTakeFirstOrThrow();
    assert.equal(version.version, sdg.version + 1);
    // Back to the project's data.
    assert.deepEqual(await syncVocabularies(handle.db, data), ['sdg']);
    assert.equal(
      (
        await handle.db
          .selectFrom('vocabularyTerms')
          .select('labels')
          .where('vocabulary', '=', 'sdg')
          .where('code', '=', second!.code)
          .executeTakeFirstOrThrow()
      ).labels.en,
      second!.labels.en,
    );
  });

  it('brings a database loaded by the old vocabulary migrations (no stored hash) up to the data once', async () => {
    await sql`update vocabularies set content_hash = null`.execute(handle.db);
    await sql`update vocabulary_terms set labels = '{"en": "stale"}'::jsonb where vocabulary = 'scope' and code = 'local'`.execute(handle.db);
    assert.deepEqual((await syncVocabularies(handle.db)).sort(), data.map((v) => v.name).sort());
    const local = await handle.db
      .selectFrom('vocabularyTerms')
      .select('labels')
      .where('vocabulary', '=', 'scope')
      .where('code', '=', 'local')
      .executeTakeFirstOrThrow();
    assert.deepEqual(local.labels, data.find((v) => v.name === 'scope')!.terms.find((t) => t.code === 'local')!.labels);
    assert.deepEqual(await syncVocabularies(handle.db), []);
  });
});
