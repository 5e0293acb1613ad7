import type { Db } from '../../src/db/connection';
import { DAY_MS, HOUR_MS } from '../../src/lib/time-zones';
import { PHASES, type Phase } from '../../src/modules/prizes/prizes';
import { prizeContest, prizeNomination } from './prizes';

/**
 * A contest now in `at` with six accepted nominations in category c1 (each of its own organisation):
 * the first five get one vote each from `voters` (five accounts), the sixth none, so the top five is
 * the first five. `jurors` are assigned to it.
 */
export async function juryContest(db: Db, o: { at: Phase; createdBy: number; voters: number[]; jurors?: number[] }) {
  const contest = await prizeContest(db, o.at);
  const ids: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const { id: organisationId } = await db
      .insertInto('organisations')
      .values({ name: `Nominee ${crypto.randomUUID().slice(0, 8)}`, stakeholderType: 'civil-society', country: null, website: null, createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(
      await prizeNomination(db, {
        contestId: contest.id,
        organisationId,
        createdBy: o.createdBy,
        status: 'accepted',
        title: `Jury project ${i} ${crypto.randomUUID().slice(0, 6)}`,
      }),
    );
  }
  const top = ids.slice(0, 5);
  await db
    .insertInto('prizeVotes')
    .values(top.map((nominationId, i) => ({ contestId: contest.id, category: 'c1', userId: o.voters[i]!, nominationId })))
    .execute();
  if (o.jurors?.length)
    await db
      .insertInto('prizeContestJurors')
      .values(o.jurors.map((userId) => ({ contestId: contest.id, userId, assignedBy: null })))
      .execute();
  return { ...contest, top, outside: ids[5]! };
}

/** Moves a contest's phases (instants) so that it is now in `phase` (each phase a day long). */
export async function movePhase(db: Db, contestId: number, phase: Phase) {
  const now = Date.now();
  const index = PHASES.indexOf(phase);
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, new Date(now + (i - index) * DAY_MS - HOUR_MS).toISOString()]));
  await db
    .updateTable('prizeContests')
    .set({ phases: JSON.stringify(phases) })
    .where('id', '=', contestId)
    .execute();
}

/** A juror's declaration made directly. */
export async function declared(db: Db, nominationId: number, userId: number, hasConflict: boolean) {
  await db.insertInto('prizeJuryDeclarations').values({ nominationId, userId, hasConflict }).execute();
}
