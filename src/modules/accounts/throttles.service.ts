import type { Db, Tx } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { THROTTLES, type ThrottleName } from './accounts';
import { addHit, clearHits, countHits, lockThrottleKeys, removeHits, secondsUntilWindowMoves } from './accounts.repository';

/** One budget to draw on: a throttle and whom it counts (an address, an account, a recipient). */
export interface Budget {
  name: ThrottleName;
  subject: string;
}

/** Hits taken by `useBudgets`, to give back when the attempt turns out not to count (a right password). */
export interface Reservation {
  hitIds: number[];
}

const keyOf = (b: Budget) => `${b.name}:${b.subject}`;

/**
 * Takes one use of every budget at once, or none: refuses with rate_limited when any is spent. The
 * keys are locked, counted and written in one transaction (the caller's, when it passes one), so
 * concurrent requests — on one instance or many — see each other's uses and together never exceed
 * a budget. Callers take the use *before* the work it limits (a password check, a mail).
 */
export async function useBudgets(db: Db | Tx, budgets: readonly Budget[]): Promise<Reservation> {
  const run = async (trx: Tx): Promise<Reservation> => {
    await lockThrottleKeys(trx, budgets.map(keyOf));
    for (const b of budgets) {
      const { max, minutes } = THROTTLES[b.name];
      if ((await countHits(trx, keyOf(b), minutes)) >= max) throw new AppError('rate_limited', [{ field: '', code: 'try_later', params: { minutes } }]);
    }
    const hitIds: number[] = [];
    for (const b of budgets) hitIds.push(await addHit(trx, keyOf(b)));
    return { hitIds };
  };
  return db.isTransaction ? run(db as Tx) : db.transaction().execute(run);
}

/** Counts one use of a budget, refusing when it is spent (for actions other modules throttle). */
export async function useThrottle(db: Db | Tx, name: ThrottleName, subject: string): Promise<void> {
  await useBudgets(db, [{ name, subject }]);
}

/** Returns the uses a reservation took (the attempt did not count against the budget after all). */
export async function giveBack(db: Db | Tx, reservation: Reservation): Promise<void> {
  await removeHits(db, reservation.hitIds);
}

/** Forgets every use of a budget (a successful sign-in wipes the account's failures). */
export async function clearBudget(db: Db | Tx, budget: Budget): Promise<void> {
  await clearHits(db, keyOf(budget));
}

/** How many seconds until a spent budget takes a use again (a client's `Retry-After`). */
export async function retryAfter(db: Db | Tx, budget: Budget): Promise<number> {
  return secondsUntilWindowMoves(db, keyOf(budget), THROTTLES[budget.name].minutes);
}
