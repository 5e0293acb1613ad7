import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

export async function insertOutboxMail(
  db: Db | Tx,
  row: { toAddress: string; locale: string; template: string; subject: string; textBody: string; tokenHash: string | null },
): Promise<void> {
  await db
    .insertInto('mailOutbox')
    .values({ ...row, status: 'pending' })
    .execute();
}

/**
 * Rewrites, with `regexp_replace(text, pattern, replacement)`, the text of every mail that has gone out
 * (sent, or given up) and whose token is used or expired, and forgets the token. Returns how many.
 */
export async function purgeSpentSecrets(db: Db | Tx, secret: { pattern: string; replacement: string }): Promise<number> {
  const rows = await db
    .updateTable('mailOutbox')
    .set({
      textBody: sql<string>`regexp_replace(text_body, ${secret.pattern}, ${secret.replacement}, 'g')`,
      tokenHash: null,
      purgedAt: sql<Date>`now()`,
    })
    .where('tokenHash', 'is not', null)
    .where('status', '<>', 'pending')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('accountTokens as t')
          .select(sql`1`.as('one'))
          .whereRef('t.tokenHash', '=', 'mailOutbox.tokenHash')
          .where((w) => w.or([w('t.usedAt', 'is not', null), w('t.expiresAt', '<=', sql<Date>`now()`)])),
      ),
    )
    .returning('id')
    .execute();
  return rows.length;
}

/** The outbox, newest first, optionally for one address. */
export async function listOutboxRows(db: Db, opts: { limit: number; to?: string | undefined }) {
  let q = db.selectFrom('mailOutbox').selectAll();
  if (opts.to) q = q.where('toAddress', '=', opts.to);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

/**
 * Claims up to `limit` due mails by pushing their next attempt five minutes ahead and counting the
 * attempt, in one statement that skips rows another instance holds.
 */
export async function claimDueMails(db: Db, limit: number) {
  return db
    .updateTable('mailOutbox')
    .set({ nextAttemptAt: sql<Date>`now() + interval '5 minutes'`, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mailOutbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

export async function markSent(db: Db, id: number): Promise<void> {
  await db
    .updateTable('mailOutbox')
    .set({ status: 'sent', sentAt: sql<Date>`now()`, lastError: null })
    .where('id', '=', id)
    .execute();
}

/** Records a failed attempt: the mail waits `retryInMinutes` before the next one, or is given up. */
export async function markFailed(db: Db, id: number, failure: { giveUp: boolean; error: string; retryInMinutes: number }): Promise<void> {
  await db
    .updateTable('mailOutbox')
    .set({
      status: failure.giveUp ? 'failed' : 'pending',
      lastError: failure.error,
      nextAttemptAt: sql<Date>`now() + make_interval(mins => ${failure.retryInMinutes})`,
    })
    .where('id', '=', id)
    .execute();
}
