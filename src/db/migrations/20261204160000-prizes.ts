import { sql, type Kysely } from 'kysely';

/**
 * The WSIS Prizes: a contest per year (its phases as instants, its zone for reading them, its categories,
 * settings and questionnaire rules as data), nominations of projects by organisations, and votes. A vote is
 * one row per (contest, category, voter): the primary key is what makes concurrent double votes count
 * once (insert … on conflict), never a check before the insert. Eligibility's "each organisation one project
 * per category" and "a project not twice" are partial unique indexes over the nominations still in play.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('prize_contests')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('titles', 'jsonb', (c) => c.notNull())
    .addColumn('rules', 'jsonb', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('phases', 'jsonb', (c) => c.notNull())
    .addColumn('categories', 'jsonb', (c) => c.notNull())
    .addColumn('votes_changeable', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('all_categories_required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('questionnaire', 'jsonb', (c) => c.notNull())
    .addColumn('is_demo', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('prize_nominations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('contest_id', 'integer', (c) => c.notNull().references('prize_contests.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('entry_id', 'integer', (c) => c.references('entries.id'))
    .addColumn('project_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('submitted')
        .check(sql`status in ('submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn')`),
    )
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('field_comments', 'jsonb')
    .addColumn('award', 'text', (c) => c.check(sql`award in ('winner', 'champion')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .execute();
  const inPlay = sql<boolean>`status not in ('rejected', 'withdrawn')`;
  await db.schema
    .createIndex('prize_nominations_org_category_key')
    .on('prize_nominations')
    .columns(['contest_id', 'organisation_id', 'category'])
    .unique()
    .where(inPlay)
    .execute();
  await db.schema.createIndex('prize_nominations_project_key').on('prize_nominations').columns(['contest_id', 'project_key']).unique().where(inPlay).execute();
  await db.schema.createIndex('prize_nominations_contest_idx').on('prize_nominations').columns(['contest_id', 'category', 'status']).execute();

  await db.schema
    .createTable('prize_votes')
    .addColumn('contest_id', 'integer', (c) => c.notNull().references('prize_contests.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('prize_nominations.id'))
    .addColumn('cast_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('address', 'text')
    .addColumn('viewed_at', 'timestamptz')
    .addColumn('excluded_reason', 'text')
    .addColumn('excluded_by', 'integer', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('prize_votes_pkey', ['contest_id', 'category', 'user_id'])
    .execute();
  await db.schema.createIndex('prize_votes_nomination_idx').on('prize_votes').column('nomination_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('prize_votes').execute();
  await db.schema.dropTable('prize_nominations').execute();
  await db.schema.dropTable('prize_contests').execute();
}
