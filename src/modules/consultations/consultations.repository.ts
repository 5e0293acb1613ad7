import type { Db, Tx } from '../../db/connection';
import type { Labels } from '../../db/schema';
import type { PhaseDates, Visibility } from './consultations';

export async function insertConsultation(
  trx: Tx,
  row: { titles: string; contexts: string; timeZone: string; phases: string; opensAt: Date; deadlineAt: Date; createdBy: number | null },
): Promise<number> {
  const { id } = await trx.insertInto('consultations').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function insertQuestions(trx: Tx, consultationId: number, questions: string[]): Promise<void> {
  if (!questions.length) return;
  await trx
    .insertInto('consultationQuestions')
    .values(questions.map((texts, position) => ({ consultationId, position, texts })))
    .execute();
}

const consultationColumns = ['id', 'titles', 'contexts', 'timeZone', 'phases', 'opensAt', 'deadlineAt', 'createdAt'] as const;

/** Every consultation, latest deadline first (the service puts the open ones first). */
export async function listConsultationRows(db: Db) {
  return db
    .selectFrom('consultations as c')
    .select(consultationColumns.map((k) => `c.${k}` as const))
    .select((eb) =>
      eb
        .selectFrom('consultationStatements as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.consultationId', '=', 'c.id')
        .where('s.status', '=', 'approved')
        .where('s.visibility', '=', 'public')
        .as('published'),
    )
    .orderBy('c.deadlineAt', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export async function findConsultation(db: Db | Tx, id: number) {
  return db.selectFrom('consultations').select(consultationColumns).where('id', '=', id).executeTakeFirst();
}

/** The consultation row locked for an extension or a statement, so the deadline read is the one that holds. */
export async function lockConsultation(trx: Tx, id: number) {
  return trx.selectFrom('consultations').select(consultationColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listQuestions(db: Db | Tx, consultationId: number) {
  return db
    .selectFrom('consultationQuestions')
    .select(['id', 'position', 'texts', 'summaries'])
    .where('consultationId', '=', consultationId)
    .orderBy('position')
    .execute();
}

export async function listExtensions(db: Db, consultationId: number) {
  return db
    .selectFrom('consultationExtensions')
    .select(['id', 'oldDeadlineAt', 'newDeadlineAt', 'createdAt'])
    .where('consultationId', '=', consultationId)
    .orderBy('id')
    .execute();
}

export async function setDeadline(trx: Tx, id: number, phases: PhaseDates[], deadlineAt: Date): Promise<void> {
  await trx
    .updateTable('consultations')
    .set({ phases: JSON.stringify(phases), deadlineAt })
    .where('id', '=', id)
    .execute();
}

export async function insertExtension(trx: Tx, row: { consultationId: number; oldDeadlineAt: Date; newDeadlineAt: Date; createdBy: number }): Promise<void> {
  await trx.insertInto('consultationExtensions').values(row).execute();
}

/** Everyone who sent a statement to the consultation (once each), with the language they read. */
export async function participants(trx: Tx, consultationId: number) {
  return trx
    .selectFrom('consultationStatements as s')
    .innerJoin('users as u', 'u.id', 's.authorId')
    .select(['u.email', 'u.locale', 'u.displayName'])
    .distinct()
    .where('s.consultationId', '=', consultationId)
    .where('u.status', '=', 'active')
    .orderBy('u.email')
    .execute();
}

export async function setSummary(db: Db | Tx, questionId: number, consultationId: number, summaries: Labels): Promise<boolean> {
  const r = await db
    .updateTable('consultationQuestions')
    .set({ summaries: JSON.stringify(summaries) })
    .where('id', '=', questionId)
    .where('consultationId', '=', consultationId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertStatement(
  trx: Tx,
  row: {
    consultationId: number;
    questionId: number | null;
    organisationId: number;
    authorId: number;
    stakeholderType: string;
    region: string | null;
    language: string;
    body: string;
    visibility: Visibility;
  },
): Promise<number> {
  const { id } = await trx.insertInto('consultationStatements').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

const statementColumns = [
  's.id',
  's.consultationId',
  's.questionId',
  's.organisationId',
  's.authorId',
  's.stakeholderType',
  's.region',
  's.language',
  's.body',
  's.visibility',
  's.status',
  's.reason',
  's.decidedAt',
  's.createdAt',
  'o.name as organisationName',
] as const;

export async function findStatement(db: Db | Tx, id: number) {
  return db
    .selectFrom('consultationStatements as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .select(statementColumns)
    .where('s.id', '=', id)
    .executeTakeFirst();
}

/** A consultation's statements: only approved public ones unless `all` (staff), filtered, oldest first. */
export async function listStatements(
  db: Db,
  consultationId: number,
  opts: { all: boolean; questionId?: number | null | undefined; stakeholderType?: string | undefined; region?: string | undefined },
) {
  let q = db
    .selectFrom('consultationStatements as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .select(statementColumns)
    .where('s.consultationId', '=', consultationId);
  if (!opts.all) q = q.where('s.status', '=', 'approved').where('s.visibility', '=', 'public');
  if (opts.questionId !== undefined) q = opts.questionId === null ? q.where('s.questionId', 'is', null) : q.where('s.questionId', '=', opts.questionId);
  if (opts.stakeholderType !== undefined) q = q.where('s.stakeholderType', '=', opts.stakeholderType);
  if (opts.region !== undefined) q = opts.region === '' ? q.where('s.region', 'is', null) : q.where('s.region', '=', opts.region);
  return q.orderBy('s.createdAt').orderBy('s.id').execute();
}

/** Approved statements (public and private: the synthesis counts every approved contribution) by stakeholder type and by region. */
export async function countApproved(db: Db, consultationId: number) {
  const base = db.selectFrom('consultationStatements').where('consultationId', '=', consultationId).where('status', '=', 'approved');
  const [byType, byRegion] = await Promise.all([
    base
      .select(['stakeholderType as key', (e) => e.fn.countAll<number>().as('n')])
      .groupBy('stakeholderType')
      .orderBy('stakeholderType')
      .execute(),
    base
      .select(['region as key', (e) => e.fn.countAll<number>().as('n')])
      .groupBy('region')
      .orderBy('region')
      .execute(),
  ]);
  return { byType, byRegion };
}

/** Statements waiting for a decision, oldest first, across consultations. */
export async function pendingStatements(db: Db) {
  return db
    .selectFrom('consultationStatements as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .innerJoin('consultations as c', 'c.id', 's.consultationId')
    .select([...statementColumns, 'c.titles as consultationTitles'])
    .where('s.status', '=', 'pending')
    .orderBy('s.createdAt')
    .orderBy('s.id')
    .limit(200)
    .execute();
}

/** Decides a pending statement; false when it was not pending (decided meanwhile). */
export async function decideStatement(trx: Tx, id: number, d: { status: 'approved' | 'rejected'; reason: string | null; decidedBy: number }): Promise<boolean> {
  const r = await trx
    .updateTable('consultationStatements')
    .set({ status: d.status, reason: d.reason, decidedBy: d.decidedBy, decidedAt: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertStatementFile(
  db: Db,
  row: { uploadedBy: number; name: string; mimeType: string; fileKind: string; size: number; sha256: string },
): Promise<number> {
  const { id } = await db
    .insertInto('entryFiles')
    .values({ ...row, submissionId: null, entryId: null, storedAt: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Lists a file on its statement and marks it stored, in the transaction that checked the statement again. */
export async function attachStatementFile(trx: Tx, statementId: number, fileId: number): Promise<void> {
  await trx.insertInto('consultationStatementFiles').values({ statementId, fileId }).execute();
  await trx.updateTable('entryFiles').set({ storedAt: new Date() }).where('id', '=', fileId).execute();
}

export async function statementFiles(db: Db | Tx, statementIds: number[]) {
  if (!statementIds.length) return [];
  return db
    .selectFrom('consultationStatementFiles as sf')
    .innerJoin('entryFiles as f', 'f.id', 'sf.fileId')
    .select(['sf.statementId', 'f.id', 'f.name', 'f.size', 'f.mimeType'])
    .where('sf.statementId', 'in', statementIds)
    .where('f.storedAt', 'is not', null)
    .orderBy('f.id')
    .execute();
}

/** The statement a stored file is listed on (null when it is on none). */
export async function statementOfFile(db: Db, fileId: number) {
  return db
    .selectFrom('consultationStatementFiles as sf')
    .innerJoin('entryFiles as f', 'f.id', 'sf.fileId')
    .select(['sf.statementId', 'f.id', 'f.name', 'f.mimeType', 'f.size', 'f.sha256'])
    .where('sf.fileId', '=', fileId)
    .where('f.storedAt', 'is not', null)
    .executeTakeFirst();
}

/** The organisation's stakeholder type and country, and whether the user is an active member of it. */
export async function organisationForStatement(db: Db | Tx, organisationId: number) {
  return db.selectFrom('organisations').select(['id', 'name', 'stakeholderType', 'country']).where('id', '=', organisationId).executeTakeFirst();
}

/** The organisations a user is an active member of (the statement form offers these). */
export async function organisationsOf(db: Db, userId: number) {
  return db
    .selectFrom('organisationMembers as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisationId')
    .select(['o.id', 'o.name'])
    .where('m.userId', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy('o.name')
    .execute();
}

/** A demo organisation of a given type and country, with the demo participant as its editor. */
export async function insertDemoOrganisation(db: Db, userId: number, org: { name: string; stakeholderType: string; country: string }): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('organisations')
      .values({ ...org, website: null, createdBy: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('organisationMembers').values({ organisationId: id, userId, role: 'editor', status: 'active' }).execute();
    return id;
  });
}

/** A demo statement already decided (the demo shows a synthesis at once). */
export async function insertDecidedStatement(
  trx: Tx,
  row: Parameters<typeof insertStatement>[1] & { status: 'approved' | 'rejected'; decidedAt: Date; createdAt: Date },
): Promise<void> {
  const { status, decidedAt, ...rest } = row;
  const { id } = await trx.insertInto('consultationStatements').values(rest).returning('id').executeTakeFirstOrThrow();
  await trx.updateTable('consultationStatements').set({ status, decidedAt }).where('id', '=', id).execute();
}
