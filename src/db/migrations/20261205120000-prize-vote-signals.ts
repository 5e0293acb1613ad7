import { sql, type Kysely } from 'kysely';

/**
 * What the prize votes' fraud signals read, recorded at vote time: the client's network (its address
 * cut to /24 for IPv4, /64 for IPv6, so bursts from one network group without parsing addresses in SQL)
 * and when the voter's session began (sign-in, measured by the server). An exclusion says when it was
 * made; who and why are already on the row, and every exclusion and reinstatement goes to the audit log.
 * Each contest gets a random key for its voters' pseudonyms in the audit export (unlinkable across
 * contests; SECRET_KEY, when set, is mixed in so a copy of the database alone does not name voters).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('prize_votes')
    .addColumn('network', 'text')
    .addColumn('session_started_at', 'timestamptz')
    .addColumn('excluded_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('prize_contests')
    .addColumn('voter_key', 'text', (c) => c.notNull().defaultTo(sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`))
    .execute();
  await db.schema.createIndex('prize_votes_contest_cast_idx').on('prize_votes').columns(['contest_id', 'cast_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('prize_votes_contest_cast_idx').execute();
  await db.schema.alterTable('prize_contests').dropColumn('voter_key').execute();
  await db.schema.alterTable('prize_votes').dropColumn('network').dropColumn('session_started_at').dropColumn('excluded_at').execute();
}
