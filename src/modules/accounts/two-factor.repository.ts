import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

type Conn = Db | Tx;

/** Whether the account has a confirmed second factor. */
export async function twoFactorEnabled(db: Conn, userId: number): Promise<boolean> {
  const row = await db.selectFrom('userTotp').select('userId').where('userId', '=', userId).where('enabledAt', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

export async function findTotp(db: Conn, userId: number) {
  return db.selectFrom('userTotp').selectAll().where('userId', '=', userId).executeTakeFirst();
}

/** Starts (or restarts) enrolment with a new secret; a confirmed factor is never replaced this way. */
export async function upsertPendingTotp(db: Conn, userId: number, secret: string) {
  await db
    .insertInto('userTotp')
    .values({ userId, secret, enabledAt: null, lastStep: null })
    .onConflict((oc) => oc.column('userId').doUpdateSet({ secret, lastStep: null }).where('userTotp.enabledAt', 'is', null))
    .execute();
}

/** Confirms enrolment at the step of the first code; false when the factor is on already. */
export async function enableTotp(db: Conn, userId: number, step: number): Promise<boolean> {
  const row = await db
    .updateTable('userTotp')
    .set({ enabledAt: sql<Date>`now()`, lastStep: step })
    .where('userId', '=', userId)
    .where('enabledAt', 'is', null)
    .returning('userId')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Records a used time step in one statement: true only when it is later than every step used before,
 * so of two uses of one code (even concurrent) only the first passes.
 */
export async function claimStep(db: Conn, userId: number, step: number): Promise<boolean> {
  const row = await db
    .updateTable('userTotp')
    .set({ lastStep: step })
    .where('userId', '=', userId)
    .where('enabledAt', 'is not', null)
    .where((eb) => eb.or([eb('lastStep', 'is', null), eb('lastStep', '<', step)]))
    .returning('userId')
    .executeTakeFirst();
  return row !== undefined;
}

export async function deleteTotp(db: Conn, userId: number) {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  await db.deleteFrom('userTotp').where('userId', '=', userId).execute();
}

/** Replaces the account's recovery codes with new ones (hashes). */
export async function replaceRecoveryCodes(db: Conn, userId: number, hashes: string[]) {
  await db.deleteFrom('recoveryCodes').where('userId', '=', userId).execute();
  await db
    .insertInto('recoveryCodes')
    .values(hashes.map((codeHash) => ({ userId, codeHash })))
    .execute();
}

/** Uses a recovery code, once: marks it in one statement, so a second use (even concurrent) finds nothing. */
export async function consumeRecoveryCode(db: Conn, userId: number, codeHash: string): Promise<boolean> {
  const row = await db
    .updateTable('recoveryCodes')
    .set({ usedAt: sql<Date>`now()` })
    .where('userId', '=', userId)
    .where('codeHash', '=', codeHash)
    .where('usedAt', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function countUnusedRecoveryCodes(db: Conn, userId: number): Promise<number> {
  const row = await db
    .selectFrom('recoveryCodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('userId', '=', userId)
    .where('usedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPendingSignIn(db: Conn, p: { id: string; userId: number; expiresAt: Date }) {
  // Old, expired pending sign-ins go as new ones come.
  await db
    .deleteFrom('pendingSignIns')
    .where('expiresAt', '<', sql<Date>`now()`)
    .execute();
  await db.insertInto('pendingSignIns').values(p).execute();
}

/**
 * Counts one attempt on a pending sign-in that is still open and under its attempt budget, in one
 * statement; returns its user, or nothing when it is unknown, expired or spent.
 */
export async function attemptPendingSignIn(db: Conn, id: string, maxAttempts: number) {
  return db
    .updateTable('pendingSignIns')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('expiresAt', '>', sql<Date>`now()`)
    .where('attempts', '<', maxAttempts)
    .returning(['userId', 'attempts'])
    .executeTakeFirst();
}

export async function peekPendingSignIn(db: Conn, id: string) {
  return db
    .selectFrom('pendingSignIns')
    .select(['userId'])
    .where('id', '=', id)
    .where('expiresAt', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

export async function deletePendingSignIn(db: Conn, id: string) {
  await db.deleteFrom('pendingSignIns').where('id', '=', id).execute();
}
