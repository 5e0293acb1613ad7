import { sql, type Kysely } from 'kysely';

/**
 * Every public thing is an entry: the tables take the name of what they hold (`entries`, `entry_*`,
 * `entry_id`), revisions, the change log and the audit log say `'entry'`, and what only activities have
 * (type, status, scope, dates) moves into their `details` like every other kind's own fields — no more
 * empty strings for the four kinds that have none.
 */

const CHILD_TABLES = ['translations', 'tags', 'organisations', 'links', 'facets'] as const;
/** Tables whose `activity_id` column points at an entry. */
const ID_COLUMNS = [
  'entry_translations',
  'entry_tags',
  'entry_organisations',
  'entry_links',
  'entry_facets',
  'submissions',
  'entry_files',
  'entry_ratings',
] as const;

/**
 * Renames the indexes (primary keys included) of the entry tables: a name that starts with the table's
 * old stem takes the new one; on the tables that only point at entries, `_activity_` becomes `_entry_`.
 */
async function renameIndexes(db: Kysely<unknown>, direction: 'up' | 'down'): Promise<void> {
  const [oldMain, newMain, oldStem, newStem] =
    direction === 'up' ? ['activities', 'entries', 'activity', 'entry'] : ['entries', 'activities', 'entry', 'activity'];
  const tables = new Set([oldMain, newMain, ...CHILD_TABLES.flatMap((t) => [`activity_${t}`, `entry_${t}`])]);
  const { rows } = await sql<{
    name: string;
    table: string;
  }>`select indexname as name, tablename as table from pg_indexes where schemaname = current_schema()`.execute(db);
  for (const { name, table } of rows) {
    let next = name;
    if (tables.has(table)) {
      if (name.startsWith(`${oldMain}_`)) next = newMain + name.slice(oldMain.length);
      else if (name.startsWith(`${oldStem}_`)) next = newStem + name.slice(oldStem.length);
    } else if (table === 'submissions' || table === 'entry_files') {
      next = name.replace(`_${oldStem}_`, `_${newStem}_`);
    }
    if (next !== name) await sql`alter index ${sql.id(name)} rename to ${sql.id(next)}`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table activities rename to entries`.execute(db);
  for (const t of CHILD_TABLES) await sql`alter table ${sql.id(`activity_${t}`)} rename to ${sql.id(`entry_${t}`)}`.execute(db);
  for (const t of ID_COLUMNS) await sql`alter table ${sql.id(t)} rename column activity_id to entry_id`.execute(db);
  await renameIndexes(db, 'up');
  await sql`alter table entry_tags rename constraint activity_tags_term_fk to entry_tags_term_fk`.execute(db);
  await sql`alter table entries rename constraint activities_dates_ordered to entries_activity_dates_ordered`.execute(db);

  await sql`update entries set details = jsonb_build_object(
      'type', activity_type, 'status', status, 'scope', scope,
      'startDate', to_char(start_date, 'YYYY-MM-DD'), 'endDate', to_char(end_date, 'YYYY-MM-DD'))
    where kind = 'activity'`.execute(db);
  await sql`alter table entries drop constraint entries_activity_dates_ordered`.execute(db);
  await sql`alter table entries drop column activity_type, drop column status, drop column scope, drop column start_date, drop column end_date`.execute(db);

  for (const table of ['revisions', 'search_changes', 'audit_log'] as const) {
    await sql`update ${sql.id(table)} set entity = 'entry' where entity = 'activity'`.execute(db);
  }

  await sql`drop trigger activities_search_change on entries`.execute(db);
  await sql`drop function stocktake_log_activity_change()`.execute(db);
  await sql`create function stocktake_log_entry_change() returns trigger language plpgsql as $$
    begin
      insert into search_changes (entity, entity_id) values ('entry', new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger entries_search_change after insert or update on entries
    for each row execute function stocktake_log_entry_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger entries_search_change on entries`.execute(db);
  await sql`drop function stocktake_log_entry_change()`.execute(db);
  await sql`create function stocktake_log_activity_change() returns trigger language plpgsql as $$
    begin
      insert into search_changes (entity, entity_id) values ('activity', new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger activities_search_change after insert or update on entries
    for each row execute function stocktake_log_activity_change()`.execute(db);
  for (const table of ['revisions', 'search_changes', 'audit_log'] as const) {
    await sql`update ${sql.id(table)} set entity = 'activity' where entity = 'entry'`.execute(db);
  }

  await sql`alter table entries add column activity_type text not null default '', add column status text not null default '',
    add column scope text not null default '', add column start_date date, add column end_date date`.execute(db);
  await sql`update entries set activity_type = coalesce(details ->> 'type', ''), status = coalesce(details ->> 'status', ''),
      scope = coalesce(details ->> 'scope', ''), start_date = (details ->> 'startDate')::date, end_date = (details ->> 'endDate')::date,
      details = '{}'::jsonb
    where kind = 'activity'`.execute(db);
  await sql`alter table entries alter column activity_type drop default, alter column status drop default, alter column scope drop default`.execute(db);
  await sql`alter table entries add constraint activities_dates_ordered check (end_date is null or start_date is null or end_date >= start_date)`.execute(db);

  await sql`alter table entry_tags rename constraint entry_tags_term_fk to activity_tags_term_fk`.execute(db);
  await renameIndexes(db, 'down');
  for (const t of ID_COLUMNS) await sql`alter table ${sql.id(t)} rename column entry_id to activity_id`.execute(db);
  for (const t of CHILD_TABLES) await sql`alter table ${sql.id(`entry_${t}`)} rename to ${sql.id(`activity_${t}`)}`.execute(db);
  await sql`alter table entries rename to activities`.execute(db);
}
