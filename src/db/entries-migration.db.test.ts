import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import { MIGRATIONS } from './migrate';
import { loadEntries } from '../modules/entries/entries.repository';
import { detailsIf } from '../modules/entries/entry';
import { createTestDb, type TestDb } from '../../test/support/test-db';

const PREVIOUS = '20261202140000-two-factor';

describe('migration 20261203100000-entries', () => {
  let t: TestDb;
  let migrator: Migrator;
  let db: Kysely<unknown>;
  before(async () => {
    t = await createTestDb();
    db = t.handle.db as unknown as Kysely<unknown>;
    migrator = new Migrator({
      db,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableName: 'stocktake_migrations',
      migrationLockTableName: 'stocktake_migrations_lock',
    });
  });
  after(() => t.close());

  it('carries a register made by the previous release over, with its data intact, and back down', async () => {
    assert.equal((await migrator.migrateTo(PREVIOUS)).error, undefined);
    // The previous release's shape: an activity with its own columns, an actor with details, children, a revision.
    const activity = (
      await sql<{
        id: number;
      }>`insert into activities (external_id, state, original_language, activity_type, status, scope, start_date, end_date, contact, search_vector, search_terms, published_at)
        values ('old-1', 'published', 'fr', 'training', 'ongoing', 'national', '2024-03-01', '2025-06-30', null, '', 'formation', now()) returning id`.execute(
        db,
      )
    ).rows[0]!.id;
    const actor = (
      await sql<{
        id: number;
      }>`insert into activities (kind, details, state, original_language, activity_type, status, scope, contact, search_vector, search_terms)
        values ('actor', '{"category":"Foundation"}'::jsonb, 'published', 'en', '', '', '', null, '', '') returning id`.execute(db)
    ).rows[0]!.id;
    await sql`insert into activity_translations (activity_id, language, title, summary, description) values (${activity}, 'fr', 'Formation au numérique', 'Résumé', 'Texte')`.execute(
      db,
    );
    await sql`insert into activity_translations (activity_id, language, title, summary, description) values (${actor}, 'en', 'Open Data Foundation', '', '')`.execute(
      db,
    );
    await sql`insert into activity_tags (activity_id, vocabulary, code) values (${activity}, 'country', 'KE'), (${activity}, 'sdg', '4')`.execute(db);
    await sql`insert into activity_organisations (activity_id, position, name, role, stakeholder_type, actor_id) values (${activity}, 1, 'Open Data Foundation', 'lead', 'civil-society', ${actor})`.execute(
      db,
    );
    await sql`insert into activity_links (activity_id, position, url, label) values (${activity}, 1, 'https://example.org/', 'Site')`.execute(db);
    await sql`insert into activity_facets (activity_id, facet, value) values (${activity}, 'type', 'training')`.execute(db);
    await sql`insert into revisions (entity, entity_id, number, data, changed_fields, source) values ('activity', ${activity}, 1, '{}'::jsonb, '[]'::jsonb, 'import')`.execute(
      db,
    );

    assert.equal((await migrator.migrateToLatest()).error, undefined);

    const [a, b] = await loadEntries(t.handle.db, [activity, actor]);
    assert.equal(a?.kind, 'activity');
    assert.deepEqual(a && detailsIf(a, 'activity'), { type: 'training', status: 'ongoing', scope: 'national', startDate: '2024-03-01', endDate: '2025-06-30' });
    assert.equal(a?.translations.fr?.title, 'Formation au numérique');
    assert.deepEqual([a?.countries, a?.sdgs], [['KE'], ['4']]);
    assert.deepEqual(a?.organisations, [{ name: 'Open Data Foundation', role: 'lead', stakeholderType: 'civil-society', actorId: actor }]);
    assert.deepEqual(a?.links, [{ url: 'https://example.org/', label: 'Site' }]);
    assert.equal(b?.kind, 'actor');
    assert.equal(b && detailsIf(b, 'actor')?.category, 'Foundation');
    assert.ok(b && !('activityType' in b) && !('activity' in b), 'the actor has no activity fields');
    const facets = await t.handle.db.selectFrom('entryFacets').select(['facet', 'value']).where('entryId', '=', activity).execute();
    assert.deepEqual(facets, [{ facet: 'type', value: 'training' }]);
    const revisions = await t.handle.db.selectFrom('revisions').select('entity').where('entityId', '=', activity).execute();
    assert.deepEqual(revisions, [{ entity: 'entry' }]);
    const changes = await t.handle.db.selectFrom('searchChanges').select('entity').distinct().execute();
    assert.deepEqual(changes, [{ entity: 'entry' }], 'the change log speaks of entries only');

    // The renamed trigger still feeds the change log.
    const before = Number((await sql<{ n: string }>`select count(*) as n from search_changes`.execute(db)).rows[0]!.n);
    await t.handle.db.updateTable('entries').set({ updatedAt: new Date() }).where('id', '=', activity).execute();
    const afterCount = Number((await sql<{ n: string }>`select count(*) as n from search_changes`.execute(db)).rows[0]!.n);
    assert.equal(afterCount, before + 1);

    // Down restores the previous columns and names, with the values.
    assert.equal((await migrator.migrateTo(PREVIOUS)).error, undefined);
    const old = (await sql<{ activityType: string }>`select activity_type from activities where id = ${activity}`.execute(db)).rows[0];
    assert.equal(old?.activityType, 'training');
    const oldEntity = (await sql<{ entity: string }>`select entity from revisions where entity_id = ${activity}`.execute(db)).rows[0];
    assert.equal(oldEntity?.entity, 'activity');
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    const [again] = await loadEntries(t.handle.db, [activity]);
    assert.equal(again && detailsIf(again, 'activity')?.endDate, '2025-06-30');
  });
});
