import { sql, type Kysely } from 'kysely';

/**
 * The yearly Stocktaking report: `reports` holds what a curator set (titles and introductions per
 * language, the period, the search its entries come from, the languages, highlighted entries per
 * action line); `report_versions` every generation of one report in one language, numbered 1, 2, 3…
 * per report and language, with the progress the job records and the files it wrote.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('reports')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('titles', 'jsonb', (c) => c.notNull())
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('languages', 'jsonb', (c) => c.notNull())
    .addColumn('introductions', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('highlights', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('published', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('reports_period_check', sql`period_to >= period_from`)
    .execute();

  await db.schema
    .createTable('report_versions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'running', 'done', 'failed')`),
    )
    .addColumn('progress', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`progress between 0 and 100`),
    )
    .addColumn('step', 'text')
    .addColumn('job_id', 'bigint', (c) => c.references('jobs.id').onDelete('set null'))
    .addColumn('html_file', 'text', (c) => c.unique())
    .addColumn('pdf_file', 'text', (c) => c.unique())
    .addColumn('pdf_missing', 'text')
    .addColumn('entries', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('finished_at', 'timestamptz')
    .addUniqueConstraint('report_versions_number_unique', ['report_id', 'language', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_versions').execute();
  await db.schema.dropTable('reports').execute();
}
