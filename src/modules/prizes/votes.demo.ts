import type { Tx } from '../../db/connection';
import { DAY_MS } from '../../lib/time-zones';
import { insertUser, updateUser } from '../accounts/accounts.repository';
import { networkOf } from './fraud';
import { backdateDemoUser, insertDemoVotes } from './prizes.repository';

/** How many demo voters there are; each votes in most categories. */
const VOTERS = 48;
/** The share of the votes each of a category's five projects draws (in nomination order: last year's winner first). */
const WEIGHTS = [10, 8, 6, 4, 3] as const;

/**
 * Demo voters (accounts that cannot sign in: their password hash matches no password) and their votes, so the
 * results, the jury's top five and the curators' page of signals have something to show. Last year's votes make
 * its winner the most voted in each category; this year's votes so far include one burst from a single address
 * (eight votes within a minute from an account made an hour before), which the signals page reports.
 */
export async function loadDemoVotes(
  trx: Tx,
  today: Date,
  contests: ReadonlyArray<{ contestId: number; votingOpens: Date; byCategory: ReadonlyMap<string, readonly number[]> }>,
): Promise<void> {
  const voters: Array<{ id: number; createdAt: Date }> = [];
  for (let v = 1; v <= VOTERS; v++) {
    const createdAt = new Date(today.getTime() - (400 - v) * DAY_MS);
    const { id } = await insertUser(trx, {
      email: `voter-${String(v).padStart(2, '0')}@demo.stocktake.invalid`,
      passwordHash: 'demo-voter:cannot-sign-in',
      displayName: `Demo voter ${v}`,
      locale: ['en', 'fr', 'es', 'ar', 'zh', 'ru'][v % 6]!,
      role: 'contributor',
      status: 'active',
    });
    await updateUser(trx, id, { emailVerifiedAt: createdAt, approvedAt: createdAt });
    await backdateDemoUser(trx, id, createdAt);
    voters.push({ id, createdAt });
  }
  for (const [k, contest] of contests.entries()) {
    const rows = [];
    const span = Math.max(DAY_MS, Math.min(today.getTime(), contest.votingOpens.getTime() + 25 * DAY_MS) - contest.votingOpens.getTime());
    for (const [c, [category, nominations]] of [...contest.byCategory].entries()) {
      if (nominations.length === 0) continue;
      const total = WEIGHTS.slice(0, nominations.length).reduce((a, b) => a + b, 0);
      for (const [v, voter] of voters.entries()) {
        // Most voters vote in most categories; which project follows the weights, spread by voter and category.
        if ((v + c) % 4 === 3) continue;
        let pick = (v * 7 + c * 3 + k) % total;
        let i = 0;
        while (pick >= WEIGHTS[i]!) pick -= WEIGHTS[i++]!;
        const address = `198.51.${100 + (v % 20)}.${10 + v}`;
        const castAt = new Date(contest.votingOpens.getTime() + ((v * 37 + c * 11) % 97) * (span / 100) + c * 20_000);
        rows.push({ contestId: contest.contestId, category, userId: voter.id, nominationId: nominations[i]!, castAt, address, network: networkOf(address) });
      }
    }
    await insertDemoVotes(trx, rows);
  }
  // This year's burst: a new account votes in eight categories within a minute, from one address.
  const current = contests.at(-1);
  if (!current || today.getTime() <= current.votingOpens.getTime()) return;
  const burstAt = new Date(today.getTime() - 2 * 3_600_000);
  const { id } = await insertUser(trx, {
    email: 'voter-burst@demo.stocktake.invalid',
    passwordHash: 'demo-voter:cannot-sign-in',
    displayName: 'Demo voter (burst)',
    locale: 'en',
    role: 'contributor',
    status: 'active',
  });
  const createdAt = new Date(burstAt.getTime() - 3_600_000);
  await updateUser(trx, id, { emailVerifiedAt: createdAt, approvedAt: createdAt });
  await backdateDemoUser(trx, id, createdAt);
  const address = '203.0.113.7';
  const rows = [...current.byCategory]
    .filter(([, n]) => n.length > 0)
    .slice(0, 8)
    .map(([category, nominations], i) => ({
      contestId: current.contestId,
      category,
      userId: id,
      nominationId: nominations.at(-1)!,
      castAt: new Date(burstAt.getTime() + i * 6_000),
      address,
      network: networkOf(address),
    }));
  await insertDemoVotes(trx, rows);
}
