import { sql, type Kysely } from 'kysely';

/** Vocabularies and activities with their translations, tags, organisations, links and derived facets. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vocabularies')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('vocabulary_terms')
    .addColumn('vocabulary', 'text', (c) => c.notNull().references('vocabularies.name'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('descriptions', 'jsonb')
    .addColumn('extra', 'jsonb')
    .addPrimaryKeyConstraint('vocabulary_terms_pk', ['vocabulary', 'code'])
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('draft', 'submitted', 'published', 'archived')`),
    )
    .addColumn('original_language', 'text', (c) => c.notNull())
    .addColumn('activity_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('start_date', 'date')
    .addColumn('end_date', 'date')
    .addColumn('contact', 'jsonb')
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_confirmed_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('search_vector', sql`tsvector`, (c) => c.notNull())
    // The analyser's terms in order, field by field: what the in-process index loads (fast to read).
    .addColumn('search_terms', 'text', (c) => c.notNull())
    .addCheckConstraint('activities_dates_ordered', sql`end_date is null or start_date is null or end_date >= start_date`)
    .execute();
  await sql`create index activities_search_idx on activities using gin (search_vector)`.execute(db);
  await db.schema.createIndex('activities_state_idx').on('activities').column('state').execute();

  await db.schema
    .createTable('activity_translations')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_translations_pk', ['activity_id', 'language'])
    .execute();

  await db.schema
    .createTable('activity_tags')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('vocabulary', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_tags_pk', ['activity_id', 'vocabulary', 'code'])
    .addForeignKeyConstraint('activity_tags_term_fk', ['vocabulary', 'code'], 'vocabulary_terms', ['vocabulary', 'code'])
    .execute();

  await db.schema
    .createTable('activity_organisations')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead', 'partner')`))
    .addColumn('stakeholder_type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_organisations_pk', ['activity_id', 'position'])
    .execute();

  await db.schema
    .createTable('activity_links')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addPrimaryKeyConstraint('activity_links_pk', ['activity_id', 'position'])
    .execute();

  await db.schema
    .createTable('activity_facets')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id'))
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('activity_facets_pk', ['activity_id', 'facet', 'value'])
    .execute();
  await db.schema.createIndex('activity_facets_value_idx').on('activity_facets').columns(['facet', 'value']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'activity_facets',
    'activity_links',
    'activity_organisations',
    'activity_tags',
    'activity_translations',
    'activities',
    'vocabulary_terms',
    'vocabularies',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
