import type { Db, Tx } from '../../db/connection';
import type { Labels } from '../../db/schema';
import { inLocale } from '../../i18n/i18n';
import { isLocale, type Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { queueMail } from '../mail/mail.service';
import { readChunks } from '../publications/files.repository';
import type { IncomingFile } from '../publications/receive-file';
import { storeCheckedUpload } from '../publications/stored-upload';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { utcToZoned, zonedToUtc } from '../../lib/time-zones';
import { acceptsStatements, boundsOf, isClosed, PHASES, withDeadline, type PhaseDates } from './consultations';
import {
  attachStatementFile,
  countApproved,
  decideStatement,
  findConsultation,
  findStatement,
  insertConsultation,
  insertExtension,
  insertQuestions,
  insertStatement,
  insertStatementFile,
  listConsultationRows,
  listExtensions,
  listQuestions,
  listStatements,
  lockConsultation,
  organisationForStatement,
  organisationsOf,
  participants,
  pendingStatements,
  setDeadline,
  setSummary,
  statementFiles,
  statementOfFile,
} from './consultations.repository';
import type { ConsultationInput, StatementInput, SynthesisFilter } from './consultations.schemas';

export const MAX_STATEMENT_FILES = 3;

const dropEmpty = (l: Record<string, string | undefined>) => JSON.stringify(Object.fromEntries(Object.entries(l).filter(([, v]) => v && v.trim())));

type Row = NonNullable<Awaited<ReturnType<typeof findConsultation>>>;

/** A consultation as pages and presenters read it (instants as dates, phases parsed). */
function shape(row: Row) {
  return {
    id: row.id,
    titles: row.titles as Labels,
    contexts: row.contexts as Labels,
    timeZone: row.timeZone,
    phases: row.phases as PhaseDates[],
    opensAt: new Date(row.opensAt),
    deadlineAt: new Date(row.deadlineAt),
  };
}
export type Consultation = ReturnType<typeof shape>;

/** Opens a consultation (curators): its texts, questions and phases, audited. */
export async function createConsultation(db: Db, actor: Actor | null, input: ConsultationInput): Promise<number> {
  authorize(actor, 'consultation.manage');
  const phases: PhaseDates[] = PHASES.map((phase) => ({ phase, ...input.phases[phase] }));
  const bounds = boundsOf(phases, input.timeZone);
  return db.transaction().execute(async (trx) => {
    const id = await insertConsultation(trx, {
      titles: dropEmpty(input.titles),
      contexts: dropEmpty(input.contexts),
      timeZone: input.timeZone,
      phases: JSON.stringify(phases),
      ...bounds,
      createdBy: actor.userId,
    });
    await insertQuestions(trx, id, input.questions.map(dropEmpty));
    await audit(trx, { actorId: actor.userId, action: 'consultation.open', entity: 'consultation', entityId: id, details: { timeZone: input.timeZone } });
    return id;
  });
}

/** Every consultation: open ones first (soonest deadline first), then closed ones (latest first). */
export async function listConsultations(db: Db, now: Date = new Date()) {
  const rows = (await listConsultationRows(db)).map((r) => ({ ...shape(r), published: Number(r.published) }));
  const open = rows.filter((r) => !isClosed(r, now)).sort((a, b) => a.deadlineAt.getTime() - b.deadlineAt.getTime());
  const closed = rows.filter((r) => isClosed(r, now));
  return { open, closed };
}

/** A consultation with its questions and deadline extensions; not_found when there is none. */
export async function getConsultation(db: Db, id: number) {
  const row = await findConsultation(db, id);
  if (!row) throw new AppError('not_found');
  const [questions, extensions] = await Promise.all([listQuestions(db, id), listExtensions(db, id)]);
  return {
    ...shape(row),
    questions: questions.map((q, i) => ({ id: q.id, number: i + 1, texts: q.texts as Labels, summaries: q.summaries })),
    extensions: extensions.map((e) => ({ oldDeadlineAt: new Date(e.oldDeadlineAt), newDeadlineAt: new Date(e.newDeadlineAt), at: new Date(e.createdAt) })),
  };
}
export type ConsultationView = Awaited<ReturnType<typeof getConsultation>>;

/** The organisations the actor may speak for (the statement form offers them). */
export async function speakingFor(db: Db, actor: Actor | null) {
  if (!actor) return [];
  return (await organisationsOf(db, actor.userId)).filter((o) => can(actor, 'statement.submit', { organisationId: o.id }));
}

/**
 * Sends a statement for moderation. The deadline is judged here, on the server's clock, against the
 * consultation's instant (derived from the wall clock in its zone), under the row's lock so an extension
 * or a close cannot interleave. Stakeholder type and region are the organisation's at this moment.
 */
export async function submitStatement(
  deps: { db: Db; taxonomy: Taxonomy },
  actor: Actor | null,
  consultationId: number,
  input: StatementInput,
): Promise<number> {
  authorize(actor, 'statement.submit', { organisationId: input.organisationId });
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockConsultation(trx, consultationId);
    if (!row) throw new AppError('not_found');
    const c = shape(row);
    const now = new Date();
    if (!acceptsStatements(c, now)) {
      throw new AppError('invalid_transition', [{ field: 'body', code: now < c.opensAt ? 'consultation_not_open' : 'consultation_closed' }]);
    }
    if (input.questionId !== null) {
      const questions = await listQuestions(trx, consultationId);
      if (!questions.some((q) => q.id === input.questionId)) throw new AppError('validation_failed', [{ field: 'questionId', code: 'invalid_value' }]);
    }
    const org = await organisationForStatement(trx, input.organisationId);
    if (!org) throw new AppError('not_found');
    const region = org.country ? (deps.taxonomy.regionsOfCountry(org.country).find((r) => r.startsWith('itu-')) ?? null) : null;
    const id = await insertStatement(trx, {
      consultationId,
      questionId: input.questionId,
      organisationId: org.id,
      authorId: actor.userId,
      stakeholderType: org.stakeholderType,
      region,
      language: input.language,
      body: input.body,
      visibility: input.visibility,
    });
    await audit(trx, { actorId: actor.userId, action: 'statement.submit', entity: 'statement', entityId: id, details: { consultationId } });
    return id;
  });
}

type StatementRow = NonNullable<Awaited<ReturnType<typeof findStatement>>>;

/** Whether the actor may read a statement: approved public ones are anyone's, others their author's and the staff's. */
function mayRead(actor: Actor | null, s: Pick<StatementRow, 'status' | 'visibility' | 'authorId'>): boolean {
  if (s.status === 'approved' && s.visibility === 'public') return true;
  return can(actor, 'consultation.read_all') || (actor !== null && actor.userId === s.authorId);
}

/** One statement with its files, for whoever may read it (anyone else: not_found, as for a missing one). */
export async function readStatement(db: Db, actor: Actor | null, consultationId: number, statementId: number) {
  const s = await findStatement(db, statementId);
  if (!s || s.consultationId !== consultationId || !mayRead(actor, s)) throw new AppError('not_found');
  const files = await statementFiles(db, [s.id]);
  return { ...s, createdAt: new Date(s.createdAt), files };
}

/** Whether the actor may still add a file to the statement (its author, while pending and before the deadline). */
export function mayAttach(
  actor: Actor | null,
  s: { authorId: number; organisationId: number; status: string; files: unknown[] },
  c: Consultation,
  now = new Date(),
) {
  return (
    can(actor, 'statement.attach', { organisationId: s.organisationId, createdBy: s.authorId }) &&
    s.status === 'pending' &&
    acceptsStatements(c, now) &&
    s.files.length < MAX_STATEMENT_FILES
  );
}

/**
 * Adds a file to the actor's own pending statement: the bytes are judged by content (`file-check.ts`)
 * and stored in chunks as a publication's are; the file joins the statement only once whole.
 */
export async function attachFile(db: Db, actor: Actor | null, consultationId: number, statementId: number, file: IncomingFile | null): Promise<number> {
  const check = async (trx: Db | Tx) => {
    const s = await findStatement(trx, statementId);
    if (!s || s.consultationId !== consultationId || !mayRead(actor, s)) throw new AppError('not_found');
    const c = await findConsultation(trx, consultationId);
    const files = await statementFiles(trx, [statementId]);
    authorize(actor, 'statement.attach', { organisationId: s.organisationId, createdBy: s.authorId });
    if (!mayAttach(actor, { ...s, files }, shape(c!))) {
      if (files.length >= MAX_STATEMENT_FILES)
        throw new AppError('validation_failed', [{ field: 'file', code: 'file_too_many', params: { max: MAX_STATEMENT_FILES } }]);
      throw new AppError('invalid_transition', [{ field: 'file', code: 'consultation_closed' }]);
    }
  };
  await check(db);
  return storeCheckedUpload(
    db,
    file,
    (checked) => insertStatementFile(db, { ...checked, uploadedBy: actor!.userId }),
    async (trx, id) => {
      await check(trx);
      await attachStatementFile(trx, statementId, id);
    },
  );
}

/** A statement's file for download, to whoever may read the statement. */
export async function statementFile(db: Db, actor: Actor | null, consultationId: number, statementId: number, fileId: number) {
  const f = await statementOfFile(db, fileId);
  if (!f || f.statementId !== statementId) throw new AppError('not_found');
  await readStatement(db, actor, consultationId, statementId);
  return { ...f, chunks: () => readChunks(db, fileId) };
}

/**
 * Moves the deadline for formal contributions later (curators): the old and new instants are kept and
 * shown on the page, and every participant gets a mail in their own language, through the outbox.
 */
export async function extendDeadline(
  db: Db,
  actor: Actor | null,
  id: number,
  deadline: string,
  site: { siteName: string; baseUrl: string },
): Promise<{ mails: number }> {
  authorize(actor, 'consultation.manage');
  return db.transaction().execute(async (trx) => {
    const row = await lockConsultation(trx, id);
    if (!row) throw new AppError('not_found');
    const c = shape(row);
    const next = zonedToUtc(deadline, c.timeZone);
    if (next.getTime() <= c.deadlineAt.getTime()) throw new AppError('validation_failed', [{ field: 'deadline', code: 'deadline_not_later' }]);
    const phases = withDeadline(c.phases, deadline);
    await setDeadline(trx, id, phases, next);
    await insertExtension(trx, { consultationId: id, oldDeadlineAt: c.deadlineAt, newDeadlineAt: next, createdBy: actor.userId });
    const people = await participants(trx, id);
    for (const p of people) {
      const locale: Locale = isLocale(p.locale) ? p.locale : 'en';
      const when = (d: Date) => {
        const z = utcToZoned(d, c.timeZone);
        return `${z.date} ${z.time} (${c.timeZone})`;
      };
      await queueMail(trx, {
        to: p.email,
        locale,
        template: 'consultation_extended',
        values: {
          site: site.siteName,
          name: p.displayName,
          title: inLocale(c.titles, locale),
          old: when(c.deadlineAt),
          new: when(next),
          link: `${site.baseUrl}/${locale}/consultations/${id}`,
        },
      });
    }
    await audit(trx, {
      actorId: actor.userId,
      action: 'consultation.extend',
      entity: 'consultation',
      entityId: id,
      details: { before: c.deadlineAt.toISOString(), after: next.toISOString(), mails: people.length },
    });
    return { mails: people.length };
  });
}

/** Sets the curators' summary of one question in one language (an empty text removes that language's). */
export async function saveSummary(db: Db, actor: Actor | null, id: number, questionId: number, locale: Locale, summary: string): Promise<void> {
  authorize(actor, 'consultation.manage');
  const c = await getConsultation(db, id);
  const q = c.questions.find((x) => x.id === questionId);
  if (!q) throw new AppError('validation_failed', [{ field: 'questionId', code: 'invalid_value' }]);
  const summaries: Labels = { ...q.summaries, [locale]: summary.trim() || undefined };
  await db.transaction().execute(async (trx) => {
    await setSummary(trx, questionId, id, JSON.parse(dropEmpty(summaries)) as Labels);
    await audit(trx, {
      actorId: actor.userId,
      action: 'consultation.summary',
      entity: 'consultation',
      entityId: id,
      details: { questionId, language: locale },
    });
  });
}

/** The statements waiting for moderation (curators). */
export async function moderationQueue(db: Db, actor: Actor | null) {
  authorize(actor, 'consultation.moderate');
  const rows = await pendingStatements(db);
  const files = await statementFiles(
    db,
    rows.map((s) => s.id),
  );
  return rows.map((s) => ({
    ...s,
    createdAt: new Date(s.createdAt),
    consultationTitles: s.consultationTitles as Labels,
    files: files.filter((f) => f.statementId === s.id),
  }));
}

/** Approves or rejects (with a reason) a pending statement, audited as every decision is. */
export async function moderateStatement(db: Db, actor: Actor | null, statementId: number, d: { decision: 'approve' | 'reject'; reason: string }) {
  authorize(actor, 'consultation.moderate');
  return db.transaction().execute(async (trx) => {
    const s = await findStatement(trx, statementId);
    if (!s) throw new AppError('not_found');
    const status = d.decision === 'approve' ? 'approved' : 'rejected';
    const done = await decideStatement(trx, statementId, { status, reason: d.decision === 'reject' ? d.reason : null, decidedBy: actor.userId });
    if (!done) throw new AppError('invalid_transition', [{ field: 'decision', code: 'not_pending' }]);
    await audit(trx, {
      actorId: actor.userId,
      action: `statement.${d.decision}`,
      entity: 'statement',
      entityId: statementId,
      details: d.decision === 'reject' ? { reason: d.reason } : {},
    });
    return { consultationId: s.consultationId };
  });
}

/** What the synthesis shows: counts of approved statements, the statements listed (public ones; staff: all), summaries. */
export async function synthesis(db: Db, actor: Actor | null, id: number, filter: SynthesisFilter) {
  const c = await getConsultation(db, id);
  const all = can(actor, 'consultation.read_all');
  const questionId = filter.question === 'whole' ? null : filter.question && /^\d+$/.test(filter.question) ? Number(filter.question) : undefined;
  const [counts, statements] = await Promise.all([
    countApproved(db, id),
    listStatements(db, id, { all, questionId, stakeholderType: filter.type || undefined, region: filter.region === 'none' ? '' : filter.region || undefined }),
  ]);
  const files = await statementFiles(
    db,
    statements.map((s) => s.id),
  );
  return {
    consultation: c,
    all,
    byType: counts.byType.map((r) => ({ key: r.key, n: Number(r.n) })),
    byRegion: counts.byRegion.map((r) => ({ key: r.key, n: Number(r.n) })),
    statements: statements.map((s) => ({ ...s, createdAt: new Date(s.createdAt), files: files.filter((f) => f.statementId === s.id) })),
  };
}
export type Synthesis = Awaited<ReturnType<typeof synthesis>>;
