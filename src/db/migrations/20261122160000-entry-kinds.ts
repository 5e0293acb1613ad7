import { sql, type Kysely } from 'kysely';

/**
 * Every public thing is an entry of one kind: activities, actors, publications, events and stories share
 * one table (translations, tags, organisations, links, facets, revisions, submissions and the search
 * index come with it); what only one kind has lives in `details`, and what is queried by range (event
 * times) gets columns. Publication files live in the database so that every app instance serves them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .alterTable('activities')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('activity').check(sql`kind in ('activity', 'actor', 'publication', 'event', 'story')`))
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('starts_at', 'timestamptz')
    .addColumn('ends_at', 'timestamptz')
    .addColumn('time_zone', 'text')
    .execute();
  await db.schema.createIndex('activities_kind_state_idx').on('activities').columns(['kind', 'state']).execute();
  await db.schema.createIndex('activities_starts_at_idx').on('activities').column('starts_at').where(sql.ref('starts_at'), 'is not', null).execute();

  // A plain organisation name on an entry can point at the actor profile it names.
  await db.schema.alterTable('activity_organisations').addColumn('actor_id', 'integer', (c) => c.references('activities.id')).execute();
  await db.schema.createIndex('activity_organisations_actor_idx').on('activity_organisations').column('actor_id').execute();

  await db.schema
    .createTable('entry_files')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Set once the entry is published; until then the file belongs to its submission only.
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id'))
    .addColumn('submission_id', 'integer', (c) => c.references('submissions.id'))
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('file_kind', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addColumn('downloads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('entry_files_activity_idx').on('entry_files').column('activity_id').execute();
  await db.schema.createIndex('entry_files_submission_idx').on('entry_files').column('submission_id').execute();

  await db.schema
    .createTable('entry_ratings')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('rating', 'smallint', (c) => c.notNull().check(sql`rating between 1 and 5`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('entry_ratings_pk', ['activity_id', 'user_id'])
    .execute();

  // Every existing entry is an activity: the kind facet must say so for the search index.
  await sql`insert into activity_facets (activity_id, facet, value) select id, 'kind', 'activity' from activities`.execute(db);
  await sql`insert into search_changes (entity, entity_id) select 'activity', id from activities where state = 'published'`.execute(db);

  // Until 2 December 2026 the digital-policy-issue vocabulary was loaded here from its data file as it was
  // at run time; vocabulary data is synced at boot by syncVocabularies (db/vocabulary-sync.ts) since then.
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from vocabulary_terms where vocabulary = 'digital-policy-issue'`.execute(db);
  await sql`delete from vocabularies where name = 'digital-policy-issue'`.execute(db);
  await sql`delete from activity_facets where facet = 'kind'`.execute(db);
  await db.schema.dropTable('entry_ratings').execute();
  await db.schema.dropTable('entry_files').execute();
  await db.schema.alterTable('activity_organisations').dropColumn('actor_id').execute();
  await db.schema.alterTable('activities').dropColumn('kind').dropColumn('details').dropColumn('starts_at').dropColumn('ends_at').dropColumn('time_zone').execute();
}
