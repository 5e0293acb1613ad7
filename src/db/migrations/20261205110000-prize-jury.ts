import { sql, type Kysely } from 'kysely';

/**
 * The WSIS Prizes' selection: jurors are assigned per contest (not a global role), declare a conflict of
 * interest or none for each top-five nomination before they may score it, and keep one score sheet per
 * nomination (its key is what makes a revision an upsert). The curators' confirmed awards are rows of
 * their own: one winner per category is a partial unique index, a nomination is awarded once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('prize_contest_jurors')
    .addColumn('contest_id', 'integer', (c) => c.notNull().references('prize_contests.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_by', 'integer', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('prize_contest_jurors_pkey', ['contest_id', 'user_id'])
    .execute();
  await db.schema.createIndex('prize_contest_jurors_user_idx').on('prize_contest_jurors').column('user_id').execute();

  await db.schema
    .createTable('prize_jury_declarations')
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('prize_nominations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('has_conflict', 'boolean', (c) => c.notNull())
    .addColumn('declared_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('prize_jury_declarations_pkey', ['nomination_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('prize_jury_scores')
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('prize_nominations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('prize_jury_scores_pkey', ['nomination_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('prize_awards')
    .addColumn('contest_id', 'integer', (c) => c.notNull().references('prize_contests.id').onDelete('cascade'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('nomination_id', 'integer', (c) => c.notNull().references('prize_nominations.id').onDelete('cascade'))
    .addColumn('award', 'text', (c) => c.notNull().check(sql`award in ('winner', 'champion')`))
    .addColumn('confirmed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('confirmed_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('prize_awards_pkey', ['nomination_id'])
    .execute();
  await db.schema
    .createIndex('prize_awards_one_winner')
    .on('prize_awards')
    .columns(['contest_id', 'category'])
    .unique()
    .where(sql<boolean>`award = 'winner'`)
    .execute();
  await db.schema.createIndex('prize_awards_contest_idx').on('prize_awards').columns(['contest_id', 'category']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('prize_awards').execute();
  await db.schema.dropTable('prize_jury_scores').execute();
  await db.schema.dropTable('prize_jury_declarations').execute();
  await db.schema.dropTable('prize_contest_jurors').execute();
}
