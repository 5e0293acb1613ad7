import { sql, type Kysely } from 'kysely';

/**
 * Accounts, sessions, organisations, calls, submissions with their review thread, revisions, the audit
 * log, the mail outbox, throttling and site settings: everything the contribution loop keeps. All of it
 * lives in the database, so any app instance can serve any request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const id = (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    t.addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity());
  const now = sql`now()`;

  await id(db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contributor', 'curator', 'admin')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'active', 'suspended')`))
    .addColumn('email_verified_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('sessions')
    // The SHA-256 of the cookie's token: a stolen table does not yield usable cookies.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('verify', 'reset', 'email_change')`))
    .addColumn('new_email', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('throttle_hits')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('throttle_hits_key_idx').on('throttle_hits').columns(['key', 'at']).execute();

  await id(db.schema.createTable('organisations'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('stakeholder_type', 'text', (c) => c.notNull())
    .addColumn('country', 'text')
    .addColumn('website', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await sql`create unique index organisations_name_idx on organisations (lower(name))`.execute(db);

  await db.schema
    .createTable('organisation_members')
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('editor', 'member')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'active', 'declined')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'user_id'])
    .execute();

  await db.schema
    .alterTable('activities')
    .addColumn('owner_organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('merged_into', 'integer', (c) => c.references('activities.id'))
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('calls'))
    .addColumn('titles', 'jsonb', (c) => c.notNull())
    .addColumn('texts', 'jsonb', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('accepts', 'text', (c) => c.notNull().check(sql`accepts in ('new', 'updates', 'both')`))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addCheckConstraint('calls_dates_ordered', sql`closes_at > opens_at`)
    .execute();

  await id(db.schema.createTable('submissions'))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('activity'))
    .addColumn('activity_id', 'integer', (c) => c.references('activities.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('call_id', 'integer', (c) => c.references('calls.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('field_comments', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('submissions_status_idx').on('submissions').columns(['status', 'submitted_at']).execute();
  await db.schema.createIndex('submissions_activity_idx').on('submissions').column('activity_id').execute();

  await id(db.schema.createTable('review_messages'))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('field_comments', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await id(db.schema.createTable('revisions'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('changed_fields', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('author_id', 'integer', (c) => c.references('users.id'))
    .addColumn('approved_by', 'integer', (c) => c.references('users.id'))
    .addColumn('submission_id', 'integer', (c) => c.references('submissions.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('revisions_number_unique', ['entity', 'entity_id', 'number'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('mail_outbox_pending_idx').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['mail_outbox', 'audit_log', 'revisions', 'review_messages', 'submissions', 'calls', 'settings']) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('activities').dropColumn('merged_into').dropColumn('owner_organisation_id').execute();
  for (const t of ['organisation_members', 'organisations', 'throttle_hits', 'account_tokens', 'sessions', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}
