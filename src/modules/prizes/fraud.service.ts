import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { findSignals, pseudonym, voteKey, type ExclusionInput, type FraudThresholds, type Signal } from './fraud';
import { excludedCount, excludedVotes, markExcluded, markReinstated, votesForSignals, votesPage, voterKeyOf } from './fraud.repository';
import type { Contest } from './prizes.service';

/** How many votes one audit record names (the count is always whole). */
const AUDITED_VOTES = 500;

/** What a curator reads about a contest's votes: the signals, the excluded votes, the totals. Voters appear by pseudonym only. */
export async function voteSignals(db: Db, actor: Actor | null, secretKey: string | undefined, contest: Contest, th: FraudThresholds) {
  authorize(actor, 'prize.manage');
  const key = await voterKeyOf(db, contest.id);
  const name = (userId: number) => pseudonym(key, secretKey, userId);
  const votes = await votesForSignals(db, contest.id);
  const signals: Signal[] = findSignals(votes, contest.phases.voting, th, name);
  const excluded = (await excludedVotes(db, contest.id)).map(({ userId, ...v }) => ({
    ...v,
    key: voteKey({ category: v.category, userId }),
    voter: name(userId),
  }));
  return { signals, excluded, total: votes.length, excludedTotal: votes.filter((v) => v.excluded).length, name };
}

/**
 * Excludes votes from the count, with the curator's reason, in one transaction with its audit record.
 * Votes already excluded are left as they are; none changed is a conflict (nothing happens silently).
 */
export async function excludeVotes(db: Db, actor: Actor | null, secretKey: string | undefined, contest: Contest, input: ExclusionInput): Promise<number> {
  authorize(actor, 'prize.manage');
  const key = await voterKeyOf(db, contest.id);
  return db.transaction().execute(async (trx) => {
    const changed = await markExcluded(trx, contest.id, input.votes, input.reason, actor.userId);
    if (changed.length === 0) throw new AppError('conflict', [{ field: 'votes', code: 'prize_votes_unchanged' }]);
    await audit(trx, {
      actorId: actor.userId,
      action: 'prize_vote.exclude',
      entity: 'prize_contest',
      entityId: contest.id,
      details: {
        reason: input.reason,
        count: changed.length,
        votes: changed.slice(0, AUDITED_VOTES).map((k) => `${k.category} ${pseudonym(key, secretKey, k.userId)}`),
      },
    });
    return changed.length;
  });
}

/** Counts excluded votes again, with the curator's reason, audited like an exclusion (the reasons they had are kept in the record). */
export async function reinstateVotes(db: Db, actor: Actor | null, secretKey: string | undefined, contest: Contest, input: ExclusionInput): Promise<number> {
  authorize(actor, 'prize.manage');
  const key = await voterKeyOf(db, contest.id);
  return db.transaction().execute(async (trx) => {
    const changed = await markReinstated(trx, contest.id, input.votes);
    if (changed.length === 0) throw new AppError('conflict', [{ field: 'votes', code: 'prize_votes_unchanged' }]);
    await audit(trx, {
      actorId: actor.userId,
      action: 'prize_vote.reinstate',
      entity: 'prize_contest',
      entityId: contest.id,
      details: {
        reason: input.reason,
        count: changed.length,
        votes: changed.slice(0, AUDITED_VOTES).map((k) => `${k.category} ${pseudonym(key, secretKey, k.userId)}`),
        excludedFor: [...new Set(changed.map((k) => k.was ?? ''))].slice(0, 20),
      },
    });
    return changed.length;
  });
}

/** How many votes were excluded: public once the results are (the results page says it). */
export async function excludedVoteCount(db: Db, contest: Contest): Promise<number> {
  return excludedCount(db, contest.id);
}

export interface AuditVote {
  voter: string;
  category: string;
  nominationId: number;
  castAt: Date;
  network: string | null;
  excluded: boolean;
  reason: string | null;
}

/** Every vote of the contest for the audit export, page by page (never all in memory); voters by pseudonym. */
export async function* auditVotes(db: Db, actor: Actor | null, secretKey: string | undefined, contest: Contest, pageSize = 2000): AsyncGenerator<AuditVote[]> {
  authorize(actor, 'prize.manage');
  const key = await voterKeyOf(db, contest.id);
  let after: { category: string; userId: number } | null = null;
  for (;;) {
    const rows = await votesPage(db, contest.id, after, pageSize);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      voter: pseudonym(key, secretKey, r.userId),
      category: r.category,
      nominationId: r.nominationId,
      castAt: r.castAt,
      network: r.network,
      excluded: r.excludedReason !== null,
      reason: r.excludedReason,
    }));
    const last = rows[rows.length - 1]!;
    after = { category: last.category, userId: last.userId };
    if (rows.length < pageSize) return;
  }
}
