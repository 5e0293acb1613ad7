import { sql, type Kysely } from 'kysely';

// The chunk size when this migration landed; later code may write other sizes, since readers follow positions.
const CHUNK = 256 * 1024;

/**
 * A publication's file is stored as numbered chunks of at most 256 KiB rather than one bytea: each chunk
 * is written and read by a statement of its own, so on the single-session embedded database other
 * requests run between them, and no statement ever holds a whole file. Existing files are split into
 * chunks here, byte for byte. `stored_at` stays null while an upload's chunks are being written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('entry_file_chunks')
    .addColumn('file_id', 'integer', (c) => c.notNull().references('entry_files.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('entry_file_chunks_pk', ['file_id', 'position'])
    .execute();
  await db.schema.alterTable('entry_files').addColumn('stored_at', 'timestamptz', (c) => c.defaultTo(sql`now()`)).execute();
  await sql`update entry_files set stored_at = created_at`.execute(db);
  await sql`insert into entry_file_chunks (file_id, position, bytes)
    select f.id, g.n, substring(f.bytes from g.n * ${sql.lit(CHUNK)} + 1 for ${sql.lit(CHUNK)})
    from entry_files f cross join lateral generate_series(0, greatest((octet_length(f.bytes) - 1) / ${sql.lit(CHUNK)}, 0)) as g(n)`.execute(db);
  await db.schema.alterTable('entry_files').dropColumn('bytes').execute();
  await db.schema.createIndex('entry_files_unstored_idx').on('entry_files').column('created_at').where(sql.ref('stored_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('entry_files').addColumn('bytes', 'bytea').execute();
  await sql`update entry_files f set bytes = coalesce((select string_agg(c.bytes, ''::bytea order by c.position) from entry_file_chunks c where c.file_id = f.id), ''::bytea)`.execute(db);
  await sql`alter table entry_files alter column bytes set not null`.execute(db);
  await db.schema.dropIndex('entry_files_unstored_idx').execute();
  await db.schema.alterTable('entry_files').dropColumn('stored_at').execute();
  await db.schema.dropTable('entry_file_chunks').execute();
}
