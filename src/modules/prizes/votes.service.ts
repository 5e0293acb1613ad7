import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { networkOf } from './fraud';
import { topFive, type Ranked } from './prizes';
import { Batcher } from '../../lib/batcher';
import { castVotes, findContestByYear, listNominations, tallyVotes, votesOf, type VoteToCast } from './prizes.repository';
import { toContest, type Contest } from './prizes.service';
import type { VoteInput } from './prizes.schemas';

/**
 * The votes that arrive together are cast in one statement (group commit): on the embedded database a
 * query costs about as much as all the HTTP work of a vote, so a wave of votes pays for one. A voter's
 * second vote in a category waits for the next statement (castVotes answers NEXT_BATCH for it), which keeps
 * the (contest, category, voter) key's outcome the same as one at a time. One batcher per database.
 */
const batchers = new WeakMap<Db, Batcher<VoteToCast, string | null>>();
function castBatched(db: Db, v: VoteToCast): Promise<string | null> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new Batcher((votes) => castVotes(db, votes));
    batchers.set(db, batcher);
  }
  return batcher.submit(v);
}

/**
 * Casts a vote: a signed-in, verified account, during the voting phase, for an accepted nomination of
 * the contest. One statement (shared with the votes cast at the same moment) checks the phase and the
 * nomination and writes it; the (contest, category, voter) key makes concurrent doubles count once. Returns the category when it counted, null when an
 * earlier vote stands; why nothing was written otherwise is found out only then.
 */
export async function vote(
  db: Db,
  actor: Actor | null,
  year: number,
  input: VoteInput,
  meta: { address: string | null; sessionId?: string | null },
  now: Date = new Date(),
): Promise<string | null> {
  authorize(actor, 'prize.vote');
  const viewedAt = input.viewedAt && input.viewedAt <= now.getTime() ? new Date(input.viewedAt) : null;
  const category = await castBatched(db, {
    year,
    userId: actor.userId,
    nominationId: input.nominationId,
    address: meta.address,
    viewedAt,
    now,
    network: networkOf(meta.address),
    sessionId: meta.sessionId ?? null,
  });
  if (category !== null) return category;
  // Nothing written: the contest is not in its voting phase, the nomination is not one to vote for here,
  // or the voter's first vote stands.
  const row = await findContestByYear(db, year);
  if (!row) throw new AppError('not_found');
  const contest = toContest(row, now);
  if (contest.phase !== 'voting') {
    const code = contest.phase === 'selection' || contest.phase === 'announcement' ? 'prize_voting_closed' : 'prize_voting_not_open';
    throw new AppError('invalid_transition', [{ field: 'phase', code }]);
  }
  const nominations = await listNominations(db, contest.id, { statuses: ['accepted'] });
  if (!nominations.some((n) => n.id === input.nominationId)) throw new AppError('not_found');
  return null;
}

/** The actor's votes in the contest, by category. */
export async function myVotes(db: Db, actor: Actor | null, contest: Contest): Promise<Map<string, number>> {
  return actor ? votesOf(db, contest.id, actor.userId) : new Map();
}

/** The top five per category, once voting has closed (hidden before: not_found, as if none existed). */
export async function results(db: Db, contest: Contest): Promise<Map<string, Ranked[]>> {
  if (contest.phase !== 'selection' && contest.phase !== 'announcement') throw new AppError('not_found');
  return topFive(await tallyVotes(db, contest.id, contest.allCategoriesRequired ? contest.categories.length : null));
}
