import { sql, type Kysely } from 'kysely';

/**
 * Background work stored in the database, so any instance can run it: `jobs` is the queue (claimed with
 * SKIP LOCKED, held by a lease that a crashed instance lets expire), and `data_snapshots` lists the
 * whole-register snapshots the snapshot job wrote. A job's `unique_key` is unique over every row: a
 * schedule names each run by its period, so of several instances enqueuing the same period only one insert
 * succeeds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sql`state in ('queued', 'running', 'done', 'failed')`),
    )
    .addColumn('run_after', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(5)
        .check(sql`max_attempts between 1 and 100`),
    )
    .addColumn('lease_until', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('unique_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  // The claim reads queued jobs by due time and running ones by lease; finished ones are never scanned.
  await db.schema
    .createIndex('jobs_due_idx')
    .on('jobs')
    .columns(['state', 'run_after'])
    .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
    .execute();

  await db.schema
    .createTable('data_snapshots')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('file', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('formats', 'jsonb', (c) => c.notNull())
    .addColumn('job_id', 'bigint', (c) => c.references('jobs.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('data_snapshots').execute();
  await db.schema.dropTable('jobs').execute();
}
