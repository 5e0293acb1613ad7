import type { Db, Tx } from '../../db/connection';
import { AppError, type ErrorDetail } from '../../lib/errors';
import { zonedToUtc } from '../../lib/time-zones';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import {
  clashingNomination,
  findContestById,
  findContestByYear,
  findNomination,
  insertContest,
  insertNomination,
  listContestRows,
  listNominations,
  lockedCategoriesInUse,
  type ContestSettings,
  publishedActivitiesOf,
  publishedEntryOf,
  updateContest,
  updateNomination,
  wonBefore,
} from './prizes.repository';
import {
  ANSWER_FIELDS,
  answerProblems,
  PHASES,
  phaseAt,
  phaseOrderProblems,
  projectKey,
  questionnaireRulesSchema,
  type AnswerField,
  type NominationStatus,
  type Phase,
  type PhaseNow,
} from './prizes';
import type { ContestInput, NominationInput, ScreeningInput } from './prizes.schemas';

const dropEmpty = (l: Record<string, string | undefined>) => JSON.stringify(Object.fromEntries(Object.entries(l).filter(([, v]) => v)));

/** A contest as the rest of the app reads it: phases as instants, the phase now. */
export interface Contest {
  id: number;
  year: number;
  titles: Record<string, string>;
  rules: Record<string, string>;
  timeZone: string;
  phases: Record<Phase, Date>;
  categories: string[];
  votesChangeable: boolean;
  allCategoriesRequired: boolean;
  questionnaire: ReturnType<typeof questionnaireRulesSchema.parse>;
  phase: PhaseNow;
}

export function toContest(row: NonNullable<Awaited<ReturnType<typeof findContestByYear>>>, now: Date): Contest {
  const phases = Object.fromEntries(PHASES.map((p) => [p, new Date(row.phases[p] ?? 0)])) as Record<Phase, Date>;
  return {
    id: row.id,
    year: row.year,
    titles: row.titles as Record<string, string>,
    rules: row.rules as Record<string, string>,
    timeZone: row.timeZone,
    phases,
    categories: row.categories,
    votesChangeable: row.votesChangeable,
    allCategoriesRequired: row.allCategoriesRequired,
    questionnaire: questionnaireRulesSchema.parse(row.questionnaire),
    phase: phaseAt(phases, now),
  };
}

/** Creates a contest; its phases are read as wall-clock times in its zone. */
export async function createContest(db: Db, actor: Actor | null, input: ContestInput, opts: { isDemo?: boolean } = {}): Promise<number> {
  authorize(actor, 'prize.manage');
  return insertContestChecked(db, actor.userId, input, opts);
}

/**
 * A contest's settings as stored, from the form's input: phases read as wall-clock times in its zone and
 * checked to follow one another (422 naming the phase that does not).
 */
function contestSettings(input: ContestInput): ContestSettings {
  const phases = Object.fromEntries(PHASES.map((p) => [p, zonedToUtc(input.phases[p], input.timeZone)])) as Record<Phase, Date>;
  const problems = phaseOrderProblems(phases);
  if (problems.length) throw new AppError('validation_failed', problems);
  return {
    titles: dropEmpty(input.titles),
    rules: dropEmpty(input.rules),
    timeZone: input.timeZone,
    phases: JSON.stringify(Object.fromEntries(PHASES.map((p) => [p, phases[p].toISOString()]))),
    categories: JSON.stringify(input.categories),
    votesChangeable: input.votesChangeable,
    allCategoriesRequired: input.allCategoriesRequired,
    questionnaire: JSON.stringify(input.questionnaire),
  };
}

/**
 * A curator corrects a contest's settings: titles, rules, zone, phases, categories, voting settings and the
 * questionnaire (its year stays). A category that already holds nominations cannot be taken away.
 */
export async function updateContestChecked(db: Db, actor: Actor | null, year: number, input: ContestInput, now: Date = new Date()): Promise<void> {
  authorize(actor, 'prize.manage');
  const contest = await getContest(db, year, now);
  const settings = contestSettings(input);
  await db.transaction().execute(async (trx) => {
    const inUse = (await lockedCategoriesInUse(trx, contest.id)).filter((c) => !input.categories.includes(c));
    if (inUse.length) throw new AppError('validation_failed', [{ field: 'categories', code: 'prize_category_in_use', params: { count: inUse.length } }]);
    await updateContest(trx, contest.id, settings);
    await audit(trx, { actorId: actor.userId, action: 'prize.contest_update', entity: 'prize_contest', entityId: contest.id, details: { year } });
  });
}

/** The write behind `createContest` (the demo loader calls it without an actor). */
export async function insertContestChecked(db: Db, actorId: number | null, input: ContestInput, opts: { isDemo?: boolean } = {}): Promise<number> {
  const settings = contestSettings(input);
  return db.transaction().execute(async (trx) => {
    const id = await insertContest(trx, {
      year: input.year,
      ...settings,
      createdBy: actorId,
      isDemo: opts.isDemo ?? false,
    });
    if (id === null) throw new AppError('conflict', [{ field: 'year', code: 'prize_year_taken' }]);
    await audit(trx, { actorId, action: 'prize.contest_create', entity: 'prize_contest', entityId: id, details: { year: input.year } });
    return id;
  });
}

export async function listContests(db: Db, now: Date = new Date()): Promise<Contest[]> {
  return (await listContestRows(db)).map((r) => toContest(r, now));
}

export async function getContest(db: Db, year: number, now: Date = new Date()): Promise<Contest> {
  const row = await findContestByYear(db, year);
  if (!row) throw new AppError('not_found');
  return toContest(row, now);
}

/** Refused unless the contest is in `phase` now (read in the contest's zone, which is how its dates were set). */
function requirePhase(contest: Contest, phase: Phase, field = 'phase') {
  if (contest.phase !== phase) throw new AppError('invalid_transition', [{ field, code: `prize_not_in_${phase}` }]);
}

/** Every eligibility problem of a nomination, as field errors (the unique indexes are the last word under a race). */
async function eligibility(db: Db | Tx, contest: Contest, input: NominationInput, key: string, exceptId?: number): Promise<ErrorDetail[]> {
  const out: ErrorDetail[] = [];
  if (!contest.categories.includes(input.category)) out.push({ field: 'category', code: 'prize_category_unknown' });
  if (input.projectStatus === 'early') out.push({ field: 'projectStatus', code: 'prize_project_not_ready' });
  out.push(...answerProblems(contest.questionnaire, input, input.language));
  const clashes = await clashingNomination(db, contest.id, {
    organisationId: input.organisationId,
    category: input.category,
    projectKey: key,
    ...(exceptId ? { exceptId } : {}),
  });
  for (const c of clashes) {
    if (c.projectKey === key)
      out.push({
        field: c.category === input.category ? 'title' : 'category',
        code: c.category === input.category ? 'prize_project_twice' : 'prize_project_other_category',
      });
    else out.push({ field: 'category', code: 'prize_organisation_category_taken' });
  }
  if (await wonBefore(db, key, contest.year)) out.push({ field: 'title', code: 'prize_past_winner' });
  return out;
}

/** The answers a nomination stores: the questionnaire's fields, the title, the language and the project's status. */
const answersOf = (input: NominationInput) =>
  JSON.stringify({
    title: input.title,
    language: input.language,
    projectStatus: input.projectStatus,
    ...Object.fromEntries(ANSWER_FIELDS.map((f) => [f, input[f]])),
  });

/** An organisation's member nominates a project during the submission phase. */
export async function nominate(db: Db, actor: Actor | null, year: number, input: NominationInput, now: Date = new Date()): Promise<number> {
  authorize(actor, 'prize.nominate', { organisationId: input.organisationId });
  const contest = await getContest(db, year, now);
  requirePhase(contest, 'submission');
  if (input.entryId !== null) {
    const entry = await publishedEntryOf(db, input.entryId, input.organisationId);
    if (!entry || entry.kind !== 'activity') throw new AppError('validation_failed', [{ field: 'entryId', code: 'prize_entry_not_yours' }]);
    if ((entry.details as { status?: string }).status === 'planned')
      throw new AppError('validation_failed', [{ field: 'projectStatus', code: 'prize_project_not_ready' }]);
  }
  const key = projectKey({ entryId: input.entryId, organisationId: input.organisationId, title: input.title });
  return db.transaction().execute(async (trx) => {
    const problems = await eligibility(trx, contest, input, key);
    if (problems.length) throw new AppError('validation_failed', problems);
    const id = await insertNomination(trx, {
      contestId: contest.id,
      category: input.category,
      organisationId: input.organisationId,
      entryId: input.entryId,
      projectKey: key,
      createdBy: actor.userId,
      answers: answersOf(input),
    });
    if (id === null) throw new AppError('conflict', [{ field: 'category', code: 'prize_organisation_category_taken' }]);
    await audit(trx, {
      actorId: actor.userId,
      action: 'prize.nominate',
      entity: 'prize_nomination',
      entityId: id,
      details: { year, category: input.category },
    });
    return id;
  });
}

/** A nomination its organisation's members and the curators may read; anyone else gets not_found. */
export async function getNomination(db: Db, actor: Actor | null, id: number) {
  const n = await findNomination(db, id);
  if (!n) throw new AppError('not_found');
  if (n.status !== 'accepted' && !can(actor, 'prize.manage') && !can(actor, 'prize.nominate', { organisationId: n.organisationId }))
    throw new AppError('not_found');
  return n;
}

/** The nominator answers a request for changes (still in the submission or screening phase). */
export async function reviseNomination(db: Db, actor: Actor | null, id: number, input: NominationInput, now: Date = new Date()): Promise<void> {
  const n = await getNomination(db, actor, id);
  authorize(actor, 'prize.nominate', { organisationId: n.organisationId });
  if (n.status !== 'changes_requested') throw new AppError('invalid_transition', [{ field: 'status', code: 'prize_not_changes_requested' }]);
  const row = await findContestById(db, n.contestId);
  if (!row) throw new AppError('not_found');
  const contest = toContest(row, now);
  if (contest.phase !== 'submission' && contest.phase !== 'screening')
    throw new AppError('invalid_transition', [{ field: 'phase', code: 'prize_not_in_screening' }]);
  const fixed = { ...input, organisationId: n.organisationId, entryId: n.entryId };
  const key = projectKey({ entryId: n.entryId, organisationId: n.organisationId, title: input.title });
  await db.transaction().execute(async (trx) => {
    const problems = await eligibility(trx, contest, fixed, key, id);
    if (problems.length) throw new AppError('validation_failed', problems);
    await updateNomination(trx, id, { status: 'submitted', answers: answersOf(fixed), projectKey: key, fieldComments: null });
    await audit(trx, { actorId: actor.userId, action: 'prize.revise', entity: 'prize_nomination', entityId: id });
  });
}

/** A curator screens a submitted nomination: accept, reject with a reason, or ask for changes per field. */
export async function screen(db: Db, actor: Actor | null, id: number, input: ScreeningInput): Promise<void> {
  authorize(actor, 'prize.manage');
  const n = await findNomination(db, id);
  if (!n) throw new AppError('not_found');
  if (n.status !== 'submitted') throw new AppError('invalid_transition', [{ field: 'status', code: 'prize_already_screened' }]);
  const status: NominationStatus = input.decision === 'accept' ? 'accepted' : input.decision === 'reject' ? 'rejected' : 'changes_requested';
  await db.transaction().execute(async (trx) => {
    await updateNomination(trx, id, {
      status,
      reason: input.decision === 'reject' ? input.reason : null,
      fieldComments: input.decision === 'request_changes' ? JSON.stringify(Object.fromEntries(Object.entries(input.comments).filter(([, v]) => v))) : null,
      decidedAt: new Date(),
      decidedBy: actor.userId,
    });
    await audit(trx, { actorId: actor.userId, action: `prize.${input.decision}`, entity: 'prize_nomination', entityId: id, details: { ...input } });
  });
}

/** The nominations of a contest: the screening queue and all (curators), or an organisation's own. */
export async function nominationsFor(db: Db, contestId: number, f: Parameters<typeof listNominations>[2]) {
  return listNominations(db, contestId, f);
}

/** The public nominated list: accepted nominations, shown once voting opens. */
export async function nominatedList(db: Db, contest: Contest, category?: string) {
  if (contest.phase === 'upcoming' || contest.phase === 'submission' || contest.phase === 'screening') return null;
  return listNominations(db, contest.id, { statuses: ['accepted'], ...(category ? { category } : {}) });
}

/** The published activities of the actor's organisations, to start a nomination from. */
export async function entriesToNominate(db: Db, actor: Actor) {
  const orgs = actor.memberships.filter((m) => can(actor, 'prize.nominate', { organisationId: m.organisationId })).map((m) => m.organisationId);
  return (await publishedActivitiesOf(db, orgs)).map((e) => ({ id: e.id, title: e.title }));
}

/** A nomination form filled from one of the actor's organisations' published activities (null when it is not one). */
export async function startingEntry(db: Db, actor: Actor, entryId: number): Promise<Record<string, string> | null> {
  for (const m of actor.memberships) {
    if (!can(actor, 'prize.nominate', { organisationId: m.organisationId })) continue;
    const e = await publishedEntryOf(db, entryId, m.organisationId);
    if (!e || e.kind !== 'activity') continue;
    const status = (e.details as { status?: string }).status;
    return {
      entryId: String(e.id),
      organisationId: String(m.organisationId),
      title: e.title,
      language: e.originalLanguage,
      description: e.description || e.summary,
      projectStatus: status === 'completed' ? 'completed' : status === 'ongoing' ? 'major_phase' : 'early',
    };
  }
  return null;
}

export type { AnswerField };
