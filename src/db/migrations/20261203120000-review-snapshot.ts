import type { Kysely } from 'kysely';

/**
 * A curator's message keeps the submission as the curator saw it when deciding, so that after a
 * resubmission the review page shows what changed since that review, field by field.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('review_messages').addColumn('data', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('review_messages').dropColumn('data').execute();
}
