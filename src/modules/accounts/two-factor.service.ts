import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/config';
import type { Db, Tx } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/audit.repository';
import type { Actor } from './accounts';
import { findUserById } from './accounts.repository';
import { giveBack, useBudgets, type Reservation } from './throttles.service';
import { hashToken, verifyPassword } from './password';
import { openSecret, sealSecret } from './secret-box';
import {
  claimStep,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  deleteTotp,
  enableTotp,
  findTotp,
  replaceRecoveryCodes,
  upsertPendingTotp,
} from './two-factor.repository';
import { base32Encode, groupedSecret, matchStep, newSecret, otpauthUri } from './totp';

export interface TwoFactorDeps {
  db: Db;
  config: Pick<Config, 'siteName' | 'secretKey' | 'passwordCost'>;
}

export const RECOVERY_CODE_COUNT = 10;

/** Whether an account of this role must have a second factor (ASVS level 2: staff accounts). */
export const twoFactorRequired = (role: Actor['role']) => role === 'curator' || role === 'admin';

const wrongCode = () => new AppError('validation_failed', [{ field: 'code', code: 'two_factor_wrong' }]);

/** A recovery code as shown: ten base32 letters in two groups (50 bits; guesses are throttled). */
function newRecoveryCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** What a person may type for a recovery code: case, spaces and hyphens do not matter. */
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();
const recoveryHash = (code: string) => hashToken(`recovery:${normaliseRecoveryCode(code)}`);

export type EnrolmentView =
  { enabled: true; recoveryCodesLeft: number; required: boolean } | { enabled: false; secret: string; uri: string; required: boolean };

/**
 * The enrolment page's content: for an account without a factor, a secret to add to an authenticator
 * (kept until confirmed, so reloading the page shows the same one).
 */
export async function twoFactorStatus(deps: TwoFactorDeps, actor: Actor): Promise<EnrolmentView> {
  const required = twoFactorRequired(actor.role);
  let row = await findTotp(deps.db, actor.userId);
  if (row?.enabledAt) return { enabled: true, recoveryCodesLeft: await countUnusedRecoveryCodes(deps.db, actor.userId), required };
  if (!row) {
    await upsertPendingTotp(deps.db, actor.userId, sealSecret(deps.config.secretKey, newSecret()));
    row = await findTotp(deps.db, actor.userId);
    if (!row) throw new AppError('conflict');
  }
  const secret = base32Encode(openSecret(deps.config.secretKey, row.secret));
  return {
    enabled: false,
    secret: groupedSecret(secret),
    uri: otpauthUri({ issuer: deps.config.siteName, account: actor.email, secretBase32: secret }),
    required,
  };
}

/** Takes one try of the account's code budget before a code is checked; a right code gives it back. */
function codeAttempt(db: Db, userId: number): Promise<Reservation> {
  return useBudgets(db, [{ name: 'twoFactorPerAccount', subject: String(userId) }]);
}

/** Records a wrong code (its try stays counted against the budget); the caller then refuses. */
async function failedCode(db: Db, userId: number, action: string, address: string): Promise<never> {
  await audit(db, { actorId: null, action, entity: 'user', entityId: userId, details: { address } });
  throw wrongCode();
}

/**
 * Turns the factor on with the first code from the authenticator, and returns ten recovery codes,
 * shown once (only their hashes are kept).
 */
export async function confirmEnrolment(deps: TwoFactorDeps, actor: Actor, code: string, address: string, now = Date.now()): Promise<string[]> {
  const attempt = await codeAttempt(deps.db, actor.userId);
  const row = await findTotp(deps.db, actor.userId);
  if (!row) throw new AppError('invalid_transition', [{ field: 'code', code: 'two_factor_not_started' }]);
  if (row.enabledAt) throw new AppError('invalid_transition', [{ field: 'code', code: 'two_factor_on_already' }]);
  const step = matchStep(openSecret(deps.config.secretKey, row.secret), code.replace(/\s/g, ''), now);
  if (step === null) return failedCode(deps.db, actor.userId, 'two_factor.enrol_failed', address);
  await giveBack(deps.db, attempt);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await enableTotp(trx, actor.userId, step))) throw new AppError('invalid_transition', [{ field: 'code', code: 'two_factor_on_already' }]);
    await replaceRecoveryCodes(trx, actor.userId, codes.map(recoveryHash));
    await audit(trx, { actorId: actor.userId, action: 'two_factor.enabled', entity: 'user', entityId: actor.userId, details: { address } });
  });
  return codes;
}

/**
 * Checks a second factor: a 6-digit code from the authenticator whose time step was never used before,
 * or an unused recovery code (which is then spent). Returns how it passed, or null.
 */
export async function checkSecondFactor(
  db: Db | Tx,
  secretKey: string | undefined,
  userId: number,
  input: string,
  now = Date.now(),
): Promise<'totp' | 'recovery_code' | null> {
  const code = input.replace(/\s/g, '');
  if (/^\d{6}$/.test(code)) {
    const row = await findTotp(db, userId);
    if (!row?.enabledAt) return null;
    const step = matchStep(openSecret(secretKey, row.secret), code, now);
    return step !== null && (await claimStep(db, userId, step)) ? 'totp' : null;
  }
  if (!/^[a-z2-7]{10}$/.test(normaliseRecoveryCode(code))) return null;
  return (await consumeRecoveryCode(db, userId, recoveryHash(code))) ? 'recovery_code' : null;
}

/** Turns the factor off (contributors only; staff keep it while they are staff): password and a code needed. */
export async function disableTwoFactor(deps: TwoFactorDeps, actor: Actor, input: { password: string; code: string }, address: string): Promise<void> {
  if (twoFactorRequired(actor.role)) throw new AppError('forbidden', [{ field: 'code', code: 'two_factor_staff' }]);
  const attempt = await codeAttempt(deps.db, actor.userId);
  const user = await findUserById(deps.db, actor.userId);
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
    throw new AppError('validation_failed', [{ field: 'password', code: 'bad_password' }]);
  }
  const how = await checkSecondFactor(deps.db, deps.config.secretKey, actor.userId, input.code);
  if (!how) return failedCode(deps.db, actor.userId, 'two_factor.disable_failed', address);
  await giveBack(deps.db, attempt);
  await deps.db.transaction().execute(async (trx) => {
    await deleteTotp(trx, actor.userId);
    await audit(trx, { actorId: actor.userId, action: 'two_factor.disabled', entity: 'user', entityId: actor.userId, details: { address, with: how } });
  });
}

/** Replaces the recovery codes (a code from the authenticator needed); returns the new ones, shown once. */
export async function renewRecoveryCodes(deps: TwoFactorDeps, actor: Actor, code: string, address: string): Promise<string[]> {
  const attempt = await codeAttempt(deps.db, actor.userId);
  if (!/^\d{6}$/.test(code.replace(/\s/g, '')) || !(await checkSecondFactor(deps.db, deps.config.secretKey, actor.userId, code))) {
    return failedCode(deps.db, actor.userId, 'two_factor.renew_failed', address);
  }
  await giveBack(deps.db, attempt);
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.db.transaction().execute(async (trx) => {
    await replaceRecoveryCodes(trx, actor.userId, codes.map(recoveryHash));
    await audit(trx, { actorId: actor.userId, action: 'two_factor.recovery_codes_renewed', entity: 'user', entityId: actor.userId, details: { address } });
  });
  return codes;
}

/** Enrols an account directly (the demo accounts, `npm run user`, tests): returns the base32 secret and recovery codes. */
export async function enrolDirectly(deps: TwoFactorDeps, userId: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const secret = newSecret();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await deps.db.transaction().execute(async (trx) => {
    await deleteTotp(trx, userId);
    await upsertPendingTotp(trx, userId, sealSecret(deps.config.secretKey, secret));
    await enableTotp(trx, userId, 0);
    await replaceRecoveryCodes(trx, userId, codes.map(recoveryHash));
    await audit(trx, { actorId: null, action: 'two_factor.enabled', entity: 'user', entityId: userId, details: { by: 'command' } });
  });
  return { secret: base32Encode(secret), recoveryCodes: codes };
}
