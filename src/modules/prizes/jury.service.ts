import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { queueMail } from '../mail/mail.service';
import { inLocale } from '../../i18n/i18n';
import { isLocale, type Locale } from '../../i18n/locales';
import { awardProblems, juryAverage, juryCanScore, juryCanSee, type Award, type JuryAverage, type ScoreSheet } from './jury';
import {
  allSheets,
  conflictCounts,
  declarationOf,
  deleteJuror,
  deleteScores,
  insertJuror,
  jurorIds,
  jurorSheets,
  listAwards,
  listJurors,
  replaceAwards,
  upsertDeclaration,
  upsertScores,
  userByEmail,
} from './jury.repository';
import type { Ranked } from './prizes';
import { listNominations } from './prizes.repository';
import { getContest, type Contest } from './prizes.service';
import { results } from './votes.service';

type Nomination = Awaited<ReturnType<typeof listNominations>>[number];

/** A top-five place: the ranking and the nomination it is. */
export interface TopFivePlace extends Ranked {
  nomination: Nomination;
}

/** The contest and the actor, refused unless the actor is one of its jurors (policy.ts 'prize.judge'). */
async function asJuror(db: Db, actor: Actor | null, year: number, now: Date): Promise<{ contest: Contest; actor: Actor }> {
  const contest = await getContest(db, year, now);
  authorize(actor, 'prize.judge', { jurors: await jurorIds(db, contest.id) });
  return { contest, actor };
}

/** Refused before voting has closed (the top five does not exist yet). */
function requireSeen(contest: Contest) {
  if (!juryCanSee(contest.phase)) throw new AppError('invalid_transition', [{ field: 'phase', code: 'prize_jury_not_open' }]);
}

/** Refused outside the selection phase: before it nothing is ranked, after it the jury's work is final. */
function requireScoring(contest: Contest) {
  if (!juryCanScore(contest.phase))
    throw new AppError('invalid_transition', [{ field: 'phase', code: juryCanSee(contest.phase) ? 'prize_jury_closed' : 'prize_jury_not_open' }]);
}

/** Each category's top five (ties at the fifth place kept), with the nominations they are. */
async function topFiveOf(db: Db, contest: Contest): Promise<Map<string, TopFivePlace[]>> {
  const ranked = await results(db, contest);
  const nominations = new Map((await listNominations(db, contest.id, { statuses: ['accepted'] })).map((n) => [n.id, n]));
  const out = new Map<string, TopFivePlace[]>();
  for (const category of contest.categories) {
    const places = (ranked.get(category) ?? []).flatMap((r) => {
      const nomination = nominations.get(r.nominationId);
      return nomination ? [{ ...r, nomination }] : [];
    });
    out.set(category, places);
  }
  return out;
}

/** The nomination, refused (not found) unless it is in its category's top five of this contest. */
async function topFiveNomination(db: Db, contest: Contest, nominationId: number): Promise<TopFivePlace> {
  for (const places of (await topFiveOf(db, contest)).values()) {
    const p = places.find((x) => x.nominationId === nominationId);
    if (p) return p;
  }
  throw new AppError('not_found');
}

/** Whether the actor is one of the contest's jurors (the contest page links them to their page). */
export async function isJurorOf(db: Db, actor: Actor | null, contestId: number): Promise<boolean> {
  return actor !== null && can(actor, 'prize.judge', { jurors: await jurorIds(db, contestId) });
}

/**
 * A curator assigns an existing account, named by its address, as a juror of the contest; the juror is
 * mailed in their language, with the link to their page (the mail commits with the assignment).
 */
export async function assignJuror(
  db: Db,
  actor: Actor | null,
  year: number,
  email: string,
  site: { siteName: string; baseUrl: string },
  now: Date = new Date(),
): Promise<void> {
  authorize(actor, 'prize.manage');
  const contest = await getContest(db, year, now);
  if (contest.phase === 'announcement') throw new AppError('invalid_transition', [{ field: 'phase', code: 'prize_jury_closed' }]);
  const juror = await userByEmail(db, email);
  if (juror === null) throw new AppError('validation_failed', [{ field: 'email', code: 'prize_juror_unknown' }]);
  await db.transaction().execute(async (trx) => {
    if (!(await insertJuror(trx, { contestId: contest.id, userId: juror.id, assignedBy: actor.userId })))
      throw new AppError('conflict', [{ field: 'email', code: 'prize_juror_already' }]);
    await audit(trx, { actorId: actor.userId, action: 'prize.juror_assign', entity: 'prize_contest', entityId: contest.id, details: { userId: juror.id } });
    const locale: Locale = isLocale(juror.locale) ? juror.locale : 'en';
    await queueMail(trx, {
      to: juror.email,
      locale,
      template: 'prize_juror_assigned',
      values: { site: site.siteName, name: juror.displayName, title: inLocale(contest.titles, locale), link: `${site.baseUrl}/${locale}/prizes/${year}/jury` },
    });
  });
}

/** A curator removes a juror; their score sheets stop counting (averages read the current jurors only). */
export async function removeJuror(db: Db, actor: Actor | null, year: number, userId: number, now: Date = new Date()): Promise<void> {
  authorize(actor, 'prize.manage');
  const contest = await getContest(db, year, now);
  if (contest.phase === 'announcement') throw new AppError('invalid_transition', [{ field: 'phase', code: 'prize_jury_closed' }]);
  await db.transaction().execute(async (trx) => {
    if (!(await deleteJuror(trx, contest.id, userId))) throw new AppError('not_found');
    await audit(trx, { actorId: actor.userId, action: 'prize.juror_remove', entity: 'prize_contest', entityId: contest.id, details: { userId } });
  });
}

/** What a juror sees: each category's top five, with their own declarations and score sheets. */
export async function juryBoard(db: Db, actor: Actor | null, year: number, now: Date = new Date()) {
  const { contest, actor: juror } = await asJuror(db, actor, year, now);
  requireSeen(contest);
  const top = await topFiveOf(db, contest);
  const ids = [...top.values()].flat().map((p) => p.nominationId);
  const mine = await jurorSheets(db, juror.userId, ids);
  return { contest, top, declarations: mine.declarations, scores: mine.scores };
}

/**
 * A juror declares a conflict of interest about a top-five nomination, or none. A conflict is final and
 * removes any score sheet the juror had written for it.
 */
export async function declare(db: Db, actor: Actor | null, year: number, nominationId: number, hasConflict: boolean, now: Date = new Date()): Promise<void> {
  const { contest, actor: juror } = await asJuror(db, actor, year, now);
  requireScoring(contest);
  await topFiveNomination(db, contest, nominationId);
  await db.transaction().execute(async (trx) => {
    await upsertDeclaration(trx, { nominationId, userId: juror.userId, hasConflict });
    if (hasConflict) await deleteScores(trx, nominationId, juror.userId);
    await audit(trx, {
      actorId: juror.userId,
      action: hasConflict ? 'prize.jury_conflict' : 'prize.jury_no_conflict',
      entity: 'prize_nomination',
      entityId: nominationId,
    });
  });
}

/** A juror scores a top-five nomination they declared no conflict about; a later sheet replaces the earlier one. */
export async function scoreNomination(
  db: Db,
  actor: Actor | null,
  year: number,
  nominationId: number,
  sheet: ScoreSheet,
  now: Date = new Date(),
): Promise<void> {
  const { contest, actor: juror } = await asJuror(db, actor, year, now);
  requireScoring(contest);
  await topFiveNomination(db, contest, nominationId);
  await db.transaction().execute(async (trx) => {
    if (await upsertScores(trx, { nominationId, userId: juror.userId, scores: sheet })) return;
    // Nothing written: the declaration is missing, or it is a conflict.
    const declared = await declarationOf(trx, nominationId, juror.userId);
    throw new AppError('invalid_transition', [{ field: 'conflict', code: declared ? 'prize_conflict_declared' : 'prize_declare_first' }]);
  });
}

/** One category on the curators' selection page. */
export interface SelectionCategory {
  category: string;
  places: Array<TopFivePlace & { jury: JuryAverage; conflicts: number; award: Award | null }>;
}

/** What curators see during selection: the jurors, and each category's top five with the jury's averages and the awards so far. */
export async function selectionBoard(db: Db, actor: Actor | null, year: number, now: Date = new Date()) {
  authorize(actor, 'prize.manage');
  const contest = await getContest(db, year, now);
  const jurors = await listJurors(db, contest.id);
  if (!juryCanSee(contest.phase)) return { contest, jurors, categories: null };
  const top = await topFiveOf(db, contest);
  const ids = [...top.values()].flat().map((p) => p.nominationId);
  const [sheets, conflicts, awards] = await Promise.all([allSheets(db, contest.id, ids), conflictCounts(db, ids), listAwards(db, contest.id)]);
  const awardOf = new Map(awards.map((a) => [a.nominationId, a.award]));
  const categories: SelectionCategory[] = contest.categories.map((category) => ({
    category,
    places: (top.get(category) ?? []).map((p) => ({
      ...p,
      jury: juryAverage(sheets.get(p.nominationId) ?? []),
      conflicts: conflicts.get(p.nominationId) ?? 0,
      award: awardOf.get(p.nominationId) ?? null,
    })),
  }));
  return { contest, jurors, categories };
}

/**
 * A curator confirms a category's winner and champions during the selection phase: exactly one winner,
 * up to four champions, different nominations, all among the category's top five (checked here; the
 * unique indexes are the last word). Audited.
 */
export async function confirmAwards(
  db: Db,
  actor: Actor | null,
  year: number,
  category: string,
  picks: ReadonlyArray<{ nominationId: number; award: Award }>,
  now: Date = new Date(),
): Promise<void> {
  authorize(actor, 'prize.manage');
  const contest = await getContest(db, year, now);
  if (!contest.categories.includes(category)) throw new AppError('not_found');
  if (contest.phase !== 'selection')
    throw new AppError('invalid_transition', [{ field: 'phase', code: contest.phase === 'announcement' ? 'prize_awards_final' : 'prize_jury_not_open' }]);
  const top = (await topFiveOf(db, contest)).get(category) ?? [];
  const problems = awardProblems(
    top.map((p) => p.nominationId),
    picks,
  );
  if (problems.length) throw new AppError('validation_failed', problems);
  await db.transaction().execute(async (trx) => {
    await replaceAwards(trx, { contestId: contest.id, category, confirmedBy: actor.userId, picks });
    await audit(trx, {
      actorId: actor.userId,
      action: 'prize.confirm_awards',
      entity: 'prize_contest',
      entityId: contest.id,
      details: {
        category,
        winner: picks.find((p) => p.award === 'winner')?.nominationId,
        champions: picks.filter((p) => p.award === 'champion').map((p) => p.nominationId),
      },
    });
  });
}

/** The public winners and champions of a year, once its announcement phase has started (before: not found). */
export async function announcedAwards(db: Db, year: number, now: Date = new Date()) {
  const contest = await getContest(db, year, now);
  if (contest.phase !== 'announcement') throw new AppError('not_found');
  return { contest, awards: await listAwards(db, contest.id) };
}
