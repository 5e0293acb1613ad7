import { sql, type Kysely } from 'kysely';

/**
 * Open consultations: a consultation (title and context per language, an IANA zone, its six phases as
 * wall-clock readings in that zone and the instants derived from them), its questions, the statements
 * stakeholders send (attributed to an organisation, whose stakeholder type and region are copied at the
 * time of sending so the synthesis counts what was true then), their attachments (stored as entry files,
 * listed here), and each deadline extension (old and new instant, announced on the page).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = sql`now()`;
  await db.schema
    .createTable('consultations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('titles', 'jsonb', (c) => c.notNull())
    .addColumn('contexts', 'jsonb', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('phases', 'jsonb', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deadline_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createTable('consultation_questions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('texts', 'jsonb', (c) => c.notNull())
    .addColumn('summaries', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addUniqueConstraint('consultation_questions_position_uq', ['consultation_id', 'position'])
    .execute();
  await db.schema
    .createTable('consultation_statements')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('question_id', 'integer', (c) => c.references('consultation_questions.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('stakeholder_type', 'text', (c) => c.notNull())
    .addColumn('region', 'text')
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('visibility', 'text', (c) => c.notNull().check(sql`visibility in ('public', 'private')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'rejected')`),
    )
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('consultation_statements_consultation_idx').on('consultation_statements').columns(['consultation_id', 'status']).execute();
  await db.schema
    .createIndex('consultation_statements_pending_idx')
    .on('consultation_statements')
    .column('created_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createTable('consultation_statement_files')
    .addColumn('statement_id', 'integer', (c) => c.notNull().references('consultation_statements.id').onDelete('cascade'))
    .addColumn('file_id', 'integer', (c) => c.notNull().references('entry_files.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('consultation_statement_files_pk', ['statement_id', 'file_id'])
    .execute();
  await db.schema
    .createTable('consultation_extensions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('old_deadline_at', 'timestamptz', (c) => c.notNull())
    .addColumn('new_deadline_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['consultation_extensions', 'consultation_statement_files', 'consultation_statements', 'consultation_questions', 'consultations'])
    await db.schema.dropTable(table).execute();
}
