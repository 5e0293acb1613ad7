import type { Tx } from '../../db/connection';
import { CRITERIA, type Award } from './jury';
import { insertJudgedContest } from './jury.repository';

/**
 * Last year's announced demo contest, judged: the demo account sat on its jury, declared no conflict and
 * scored each awarded project, and the awards were confirmed (rows of `prize_awards`, which the public
 * winners page reads).
 */
export async function loadJuryDemo(
  trx: Tx,
  contestId: number,
  jurorId: number,
  awarded: ReadonlyArray<{ nominationId: number; category: string; award: Award }>,
) {
  if (awarded.length === 0) return;
  await insertJudgedContest(trx, {
    contestId,
    jurorId,
    awards: awarded,
    // The winner scored highest; the champions a little lower, varied per criterion.
    sheets: awarded.map((a, i) => ({
      nominationId: a.nominationId,
      scores: Object.fromEntries(CRITERIA.map((c, j) => [c, a.award === 'winner' ? 9 : 6 + ((i + j) % 3)])),
    })),
  });
}
