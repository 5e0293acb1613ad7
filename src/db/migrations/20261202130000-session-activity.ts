import { sql, type Kysely } from 'kysely';

/**
 * Sessions learn when they were last used (for the idle timeout), which browser opened them, and a
 * public handle (the list of one's sessions names a session by it, never by its key). Mails learn which
 * account token they carry, so their text can be purged once the token is spent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sessions')
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_agent', 'text')
    .addColumn('handle', 'text', (c) => c.notNull().defaultTo(sql`gen_random_uuid()::text`))
    .execute();
  await db.schema.createIndex('sessions_handle_idx').on('sessions').column('handle').unique().execute();

  await db.schema.alterTable('mail_outbox').addColumn('token_hash', 'text').addColumn('purged_at', 'timestamptz').execute();
  // Only mails whose secret is still in their text are ever looked up by token.
  await db.schema.createIndex('mail_outbox_token_idx').on('mail_outbox').column('token_hash').where(sql.ref('token_hash'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('mail_outbox_token_idx').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('token_hash').dropColumn('purged_at').execute();
  await db.schema.dropIndex('sessions_handle_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').dropColumn('user_agent').dropColumn('handle').execute();
}
