import { AppError } from '../../lib/errors';
import { audit } from '../audit/audit.repository';
import { normaliseEmail } from './accounts';
import { findUserByEmail, findUserById } from './accounts.repository';
import { createSession, signIn, type AccountDeps } from './accounts.service';
import { giveBack, useBudgets, type Reservation } from './throttles.service';
import { newToken, hashToken } from './password';
import { attemptPendingSignIn, deletePendingSignIn, insertPendingSignIn, peekPendingSignIn, twoFactorEnabled } from './two-factor.repository';
import { checkSecondFactor, twoFactorRequired, type TwoFactorDeps } from './two-factor.service';

/** How long the second step may wait after the password, and how many codes it may try. */
export const PENDING_SIGN_IN = { minutes: 5, maxAttempts: 5 } as const;

export type SignInOutcome =
  { kind: 'session'; token: string; userId: number; mustEnrol: boolean } | { kind: 'second_step'; pendingToken: string; userId: number };

type Deps = AccountDeps & TwoFactorDeps;

/**
 * The first step of signing in, with its audit trail: the password (throttled in `signIn`), then
 * either a session, or — for an account with a second factor — a short-lived pending sign-in that
 * is not a session. Every success, failure and refusal is recorded with the client's address (never
 * the password; the account only when it exists).
 */
export async function signInFirstStep(
  deps: Deps,
  input: { email: string; password: string },
  address: string,
  userAgent: string | null = null,
): Promise<SignInOutcome> {
  let signedIn: Awaited<ReturnType<typeof signIn>>;
  try {
    signedIn = await signIn(deps, input, address);
  } catch (e) {
    if (e instanceof AppError) {
      const user = await findUserByEmail(deps.db, normaliseEmail(input.email));
      const action = e.code === 'rate_limited' ? 'sign_in.locked' : e.code === 'unauthenticated' ? 'sign_in.failed' : 'sign_in.refused';
      await audit(deps.db, {
        actorId: null,
        action,
        entity: 'user',
        entityId: user?.id ?? null,
        details: { address, ...(e.details[0] ? { reason: e.details[0].code } : {}) },
      });
    }
    throw e;
  }
  const user = await findUserById(deps.db, signedIn.userId);
  if (await twoFactorEnabled(deps.db, signedIn.userId)) {
    // The password was right, but it does not sign in yet: the second step waits in its own record.
    const { token, hash } = newToken();
    await insertPendingSignIn(deps.db, { id: hash, userId: signedIn.userId, expiresAt: new Date(Date.now() + PENDING_SIGN_IN.minutes * 60_000) });
    await audit(deps.db, { actorId: null, action: 'sign_in.password_ok', entity: 'user', entityId: signedIn.userId, details: { address } });
    return { kind: 'second_step', pendingToken: token, userId: signedIn.userId };
  }
  const token = await createSession(deps, signedIn.userId, userAgent);
  await audit(deps.db, {
    actorId: signedIn.userId,
    action: 'sign_in.succeeded',
    entity: 'user',
    entityId: signedIn.userId,
    details: { address, secondFactor: 'none' },
  });
  return { kind: 'session', token, userId: signedIn.userId, mustEnrol: user ? twoFactorRequired(user.role) : false };
}

/** Whether a pending sign-in cookie still leads somewhere (the second step's page is shown only then). */
export async function pendingSignInOpen(deps: Pick<Deps, 'db'>, pendingToken: string): Promise<boolean> {
  return Boolean(await peekPendingSignIn(deps.db, hashToken(pendingToken)));
}

const expired = () => new AppError('token_invalid', [{ field: 'code', code: 'two_factor_expired' }]);

/**
 * The second step: a code from the authenticator (never one already used) or a recovery code (once).
 * Each pending sign-in allows a few tries within a few minutes, and wrong codes count against the
 * account's budget, so guessing is bounded however many pending sign-ins are opened.
 */
export async function signInSecondStep(
  deps: Deps,
  pendingToken: string,
  code: string,
  address: string,
  userAgent: string | null = null,
): Promise<{ token: string; userId: number }> {
  const id = hashToken(pendingToken);
  const pending = await attemptPendingSignIn(deps.db, id, PENDING_SIGN_IN.maxAttempts);
  if (!pending) throw expired();
  const { userId } = pending;
  // The try takes a use of the account's budget before the code is checked (concurrent tries see it);
  // a right code gives it back.
  let attempt: Reservation;
  try {
    attempt = await useBudgets(deps.db, [{ name: 'twoFactorPerAccount', subject: String(userId) }]);
  } catch (e) {
    await audit(deps.db, { actorId: null, action: 'sign_in.locked', entity: 'user', entityId: userId, details: { address, step: 'second_factor' } });
    throw e;
  }
  const how = await checkSecondFactor(deps.db, deps.config.secretKey, userId, code);
  if (!how) {
    await audit(deps.db, { actorId: null, action: 'sign_in.second_factor_failed', entity: 'user', entityId: userId, details: { address } });
    throw new AppError('validation_failed', [{ field: 'code', code: 'two_factor_wrong' }]);
  }
  await giveBack(deps.db, attempt);
  const user = await findUserById(deps.db, userId);
  // The account may have been suspended during the few minutes the second step waited.
  if (!user || user.status === 'suspended') {
    await deletePendingSignIn(deps.db, id);
    throw new AppError('forbidden', [{ field: 'email', code: 'account_suspended' }]);
  }
  await deletePendingSignIn(deps.db, id);
  const token = await createSession(deps, userId, userAgent);
  if (how === 'recovery_code')
    await audit(deps.db, { actorId: userId, action: 'two_factor.recovery_code_used', entity: 'user', entityId: userId, details: { address } });
  await audit(deps.db, { actorId: userId, action: 'sign_in.succeeded', entity: 'user', entityId: userId, details: { address, secondFactor: how } });
  return { token, userId };
}
