import { sql, type Kysely } from 'kysely';

/**
 * A change log that every app instance reads to keep its in-process search index current. A trigger
 * writes it in the same transaction as the change, so no write path can forget it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('search_changes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create function stocktake_log_activity_change() returns trigger language plpgsql as $$
    begin
      insert into search_changes (entity, entity_id) values ('activity', new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger activities_search_change after insert or update on activities
    for each row execute function stocktake_log_activity_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger activities_search_change on activities`.execute(db);
  await sql`drop function stocktake_log_activity_change()`.execute(db);
  await db.schema.dropTable('search_changes').execute();
}
