import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/config';
import type { Db, Tx } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { audit } from '../audit/audit.repository';
import { purgeSpentTokens, queueMail } from '../mail/mail.service';
import { getSettings } from '../settings/settings';
import { Batcher } from '../../lib/batcher';
import { normaliseEmail, TOKEN_LIFETIME_MINUTES, type Actor } from './accounts';
import {
  activeMemberships,
  consumeToken,
  deleteEndedSessions,
  deleteOtherSessions,
  deleteSession,
  deleteUserSessionByHandle,
  deleteUserSessions,
  expireTokens,
  findSessions,
  findUserByEmail,
  findUserById,
  insertSession,
  insertToken,
  insertUser,
  listUserSessions,
  listUsers,
  peekToken,
  touchSessions,
  updateUser,
} from './accounts.repository';
import type { SignUpInput } from './accounts.schemas';
import { twoFactorEnabled } from './two-factor.repository';
import { dummyHash, hashPassword, hashToken, newToken, verifyPassword } from './password';
import { clearBudget, giveBack, useBudgets, useThrottle } from './throttles.service';
import { assertNewPassword } from './password-rules';

export interface AccountDeps {
  db: Db;
  config: Pick<Config, 'baseUrl' | 'siteName' | 'passwordCost' | 'sessionIdleMinutes' | 'sessionAbsoluteHours'>;
}

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);
const link = (deps: AccountDeps, locale: string, path: string) => `${deps.config.baseUrl}/${locale}${path}`;

/**
 * Registers an account and mails a verification link. The answer is the same whether or not the
 * address is taken (the owner of a taken address is told by mail instead), so it reveals nothing.
 */
export async function signUp(deps: AccountDeps, input: SignUpInput, address: string): Promise<void> {
  await assertNewPassword(input.password);
  const email = normaliseEmail(input.email);
  // Both paths mail the address (a link, or "you already have an account"): budgets per client and per mailbox.
  await useBudgets(deps.db, [
    { name: 'signUpPerAddress', subject: address },
    { name: 'signUpPerEmail', subject: email },
  ]);
  // Hash before looking up, so both paths cost the same.
  const passwordHash = await hashPassword(input.password, deps.config.passwordCost);
  const settings = await getSettings(deps.db);
  await deps.db.transaction().execute(async (trx) => {
    const existing = await findUserByEmail(trx, email);
    if (existing) {
      await queueMail(trx, {
        to: email,
        locale: existing.locale,
        template: 'account_exists',
        values: { site: deps.config.siteName, name: existing.displayName, link: link(deps, existing.locale, '/account/reset') },
      });
      return;
    }
    const { id } = await insertUser(trx, {
      email,
      passwordHash,
      displayName: input.displayName,
      locale: input.locale,
      role: 'contributor',
      status: settings.registration === 'open' ? 'active' : 'pending',
    });
    const { token, hash } = newToken();
    await insertToken(trx, { tokenHash: hash, userId: id, purpose: 'verify', expiresAt: minutesFromNow(TOKEN_LIFETIME_MINUTES.verify) });
    await queueMail(trx, {
      to: email,
      locale: input.locale,
      template: 'verify',
      values: { site: deps.config.siteName, name: input.displayName, link: link(deps, input.locale, `/account/verify?token=${token}`) },
      tokenHash: hash,
    });
  });
}

const invalidToken = () => new AppError('token_invalid', [{ field: 'token', code: 'token_invalid' }]);

/** Confirms an address from the link in the verification mail (once; a used or late token is refused). */
export async function verifyEmail(deps: AccountDeps, token: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token), 'verify');
    if (!used) throw invalidToken();
    await updateUser(trx, used.userId, { emailVerifiedAt: new Date() });
    await purgeSpentTokens(trx);
  });
}

/** Confirms a change of address: the new address becomes the account's, verified. */
export async function confirmEmailChange(deps: AccountDeps, token: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(token), 'email_change');
    if (!used?.newEmail) throw invalidToken();
    const user = await findUserById(trx, used.userId);
    if (!user) throw invalidToken();
    if (await findUserByEmail(trx, used.newEmail)) throw new AppError('conflict', [{ field: 'email', code: 'email_taken' }]);
    await updateUser(trx, used.userId, { email: used.newEmail, emailVerifiedAt: new Date() });
    await purgeSpentTokens(trx);
    await queueMail(trx, {
      to: user.email,
      locale: user.locale,
      template: 'email_changed',
      values: { site: deps.config.siteName, name: user.displayName, email: used.newEmail },
    });
  });
}

export interface SignedIn {
  userId: number;
}

/**
 * Signs in. Each attempt takes a use of the account's and the address's budget *before* the password
 * is checked, so concurrent attempts count each other; a right password gives it back (and clears the
 * account's failures). Past a budget every attempt is refused unchecked. An unknown address costs one
 * scrypt, as a known one does.
 */
export async function signIn(deps: AccountDeps, input: { email: string; password: string }, address: string): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const attempt = await useBudgets(deps.db, [
    { name: 'signInPerAccount', subject: email },
    { name: 'signInPerAddress', subject: address },
  ]);
  const user = await findUserByEmail(deps.db, email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash(deps.config.passwordCost)));
  if (!user || !ok) throw new AppError('unauthenticated', [{ field: 'email', code: 'bad_credentials' }]);
  await giveBack(deps.db, attempt);
  if (!user.emailVerifiedAt) throw new AppError('forbidden', [{ field: 'email', code: 'email_not_verified' }]);
  if (user.status === 'suspended') throw new AppError('forbidden', [{ field: 'email', code: 'account_suspended' }]);
  await clearBudget(deps.db, { name: 'signInPerAccount', subject: email });
  return { userId: user.id };
}

/**
 * Opens a session for an account whose sign-in is complete, ending SESSION_ABSOLUTE_HOURS from now at the
 * latest (and sooner when left idle); returns the cookie's token.
 */
export async function createSession(deps: AccountDeps, userId: number, userAgent: string | null = null): Promise<string> {
  const { token, hash } = newToken();
  await deleteEndedSessions(deps.db, userId, deps.config.sessionIdleMinutes);
  await insertSession(deps.db, {
    id: hash,
    userId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: new Date(Date.now() + deps.config.sessionAbsoluteHours * 3_600_000),
    userAgent: userAgent ? userAgent.slice(0, 300) : null,
  });
  return token;
}

export async function signOut(deps: Pick<AccountDeps, 'db'>, sessionToken: string): Promise<void> {
  await deleteSession(deps.db, hashToken(sessionToken));
}

export type ResolvedSession = { state: 'active'; actor: Actor; csrfToken: string; sessionId: string; handle: string } | { state: 'ended' };

type FoundSession = Awaited<ReturnType<typeof findSessions>> extends Map<string, infer R> ? R : never;

/**
 * Session lookups arriving together go to the database as one query (group commit, as votes do): every
 * signed-in request needs one, and on the embedded database a query's fixed cost dominates. Nothing is
 * kept between batches, so a sign-out, a revocation or a suspension counts for the very next lookup.
 * One batcher per database and idle window.
 */
const sessionBatchers = new WeakMap<Db, Map<number, Batcher<string, FoundSession | undefined>>>();
function findSessionBatched(db: Db, id: string, idleMinutes: number): Promise<FoundSession | undefined> {
  let byIdle = sessionBatchers.get(db);
  if (!byIdle) sessionBatchers.set(db, (byIdle = new Map()));
  let batcher = byIdle.get(idleMinutes);
  if (!batcher) {
    batcher = new Batcher(async (ids: string[]) => {
      const found = await findSessions(db, ids, idleMinutes);
      return ids.map((i) => found.get(i));
    });
    byIdle.set(idleMinutes, batcher);
  }
  return batcher.submit(id);
}

/** Last-seen times moved together too (a session's at most once a minute, but every session of a busy minute). */
const touchBatchers = new WeakMap<Db, Batcher<string, null>>();
async function touchSessionBatched(db: Db, id: string): Promise<void> {
  let batcher = touchBatchers.get(db);
  if (!batcher) {
    batcher = new Batcher(async (ids: string[]) => {
      await touchSessions(db, ids);
      return ids.map(() => null);
    });
    touchBatchers.set(db, batcher);
  }
  await batcher.submit(id);
}

/**
 * The actor behind a session cookie, with its CSRF token; `ended` (and the session deleted) when it
 * passed its idle or absolute end; null when the cookie is unknown. The last-seen time moves at most
 * once a minute, so a busy session does not write on every request.
 */
export async function resolveSession(db: Db, sessionToken: string, policy: { idleMinutes: number }): Promise<ResolvedSession | null> {
  const id = hashToken(sessionToken);
  // The session row brings its user along, with the memberships and the second factor: one query, shared.
  const session = await findSessionBatched(db, id, policy.idleMinutes);
  if (!session) return null;
  if (session.ended) {
    await deleteSession(db, id);
    return { state: 'ended' };
  }
  if (session.stale) await touchSessionBatched(db, id);
  const actor: Actor = {
    userId: session.id,
    email: session.email,
    displayName: session.displayName,
    locale: session.locale,
    role: session.role,
    status: session.status,
    emailVerified: session.emailVerifiedAt !== null,
    memberships: session.memberships,
    twoFactor: session.twoFactor,
  };
  return { state: 'active', actor, csrfToken: session.csrfToken, sessionId: id, handle: session.handle };
}

export async function loadActor(db: Db | Tx, userId: number): Promise<Actor | null> {
  const user = await findUserById(db, userId);
  return user ? toActor(db, user) : null;
}

type ActorUser = { id: number; email: string; displayName: string; locale: string; role: Actor['role']; status: Actor['status']; emailVerifiedAt: Date | null };

async function toActor(db: Db | Tx, user: ActorUser): Promise<Actor> {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    role: user.role,
    status: user.status,
    emailVerified: user.emailVerifiedAt !== null,
    memberships: await activeMemberships(db, user.id),
    twoFactor: await twoFactorEnabled(db, user.id),
  };
}

/** Mails a reset link when the address has an account; answers the same either way. */
export async function requestPasswordReset(deps: AccountDeps, emailInput: string, address: string): Promise<void> {
  const email = normaliseEmail(emailInput);
  await useBudgets(deps.db, [
    { name: 'resetPerAddress', subject: address },
    { name: 'resetPerAccount', subject: email },
  ]);
  const user = await findUserByEmail(deps.db, email);
  if (!user) return;
  await deps.db.transaction().execute(async (trx) => {
    const { token, hash } = newToken();
    await insertToken(trx, { tokenHash: hash, userId: user.id, purpose: 'reset', expiresAt: minutesFromNow(TOKEN_LIFETIME_MINUTES.reset) });
    await queueMail(trx, {
      to: user.email,
      locale: user.locale,
      template: 'reset',
      values: { site: deps.config.siteName, name: user.displayName, link: link(deps, user.locale, `/account/reset/${token}`) },
      tokenHash: hash,
    });
  });
}

/** Whether a reset link is still usable (the form is shown only then). */
export async function isResetTokenUsable(db: Db, token: string): Promise<boolean> {
  return Boolean(await peekToken(db, hashToken(token), 'reset'));
}

/**
 * Sets a new password from a reset link; the link works once, and every open session ends. Each try
 * takes a use of the address's budget before the (costly) hashing; a working link gives it back.
 */
export async function resetPassword(deps: AccountDeps, input: { token: string; password: string }, address: string): Promise<void> {
  await assertNewPassword(input.password);
  const attempt = await useBudgets(deps.db, [{ name: 'resetWithTokenPerAddress', subject: address }]);
  if (!(await peekToken(deps.db, hashToken(input.token), 'reset'))) throw invalidToken();
  const passwordHash = await hashPassword(input.password, deps.config.passwordCost);
  await deps.db.transaction().execute(async (trx) => {
    const used = await consumeToken(trx, hashToken(input.token), 'reset');
    if (!used) throw invalidToken();
    await updateUser(trx, used.userId, { passwordHash });
    await expireTokens(trx, used.userId, 'reset');
    await deleteUserSessions(trx, used.userId);
    await purgeSpentTokens(trx);
  });
  await giveBack(deps.db, attempt);
}

/**
 * Starts a change of address: the current password is required, and the new address must confirm.
 * The password check draws on the account's and the address's budgets first (a right password gives
 * the use back), and every mail on the account's mail budget, so the form can neither guess a
 * password nor mail any address without limit.
 */
export async function requestEmailChange(deps: AccountDeps, actor: Actor, input: { email: string; password: string }, address: string): Promise<void> {
  const attempt = await useBudgets(deps.db, [
    { name: 'emailChangePerAccount', subject: String(actor.userId) },
    { name: 'emailChangePerAddress', subject: address },
  ]);
  const user = await findUserById(deps.db, actor.userId);
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
    throw new AppError('validation_failed', [{ field: 'password', code: 'bad_password' }]);
  }
  await giveBack(deps.db, attempt);
  const email = normaliseEmail(input.email);
  await deps.db.transaction().execute(async (trx) => {
    await useBudgets(trx, [{ name: 'emailChangeMailPerAccount', subject: String(actor.userId) }]);
    if (await findUserByEmail(trx, email)) {
      await queueMail(trx, {
        to: email,
        locale: user.locale,
        template: 'account_exists',
        values: { site: deps.config.siteName, name: '', link: link(deps, user.locale, '/account/reset') },
      });
      return;
    }
    const { token, hash } = newToken();
    await insertToken(trx, {
      tokenHash: hash,
      userId: user.id,
      purpose: 'email_change',
      newEmail: email,
      expiresAt: minutesFromNow(TOKEN_LIFETIME_MINUTES.email_change),
    });
    await queueMail(trx, {
      to: email,
      locale: user.locale,
      template: 'email_change',
      values: { site: deps.config.siteName, name: user.displayName, link: link(deps, user.locale, `/account/confirm-email?token=${token}`) },
      tokenHash: hash,
    });
  });
}

/** An administrator approves, suspends or changes the role of an account. */
export async function administerUser(
  deps: AccountDeps,
  admin: Actor,
  userId: number,
  patch: { role?: Actor['role'] | undefined; status?: Actor['status'] | undefined },
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new AppError('not_found');
    if (userId === admin.userId && ((patch.role && patch.role !== 'admin') || (patch.status && patch.status !== 'active'))) {
      throw new AppError('invalid_transition', [{ field: 'role', code: 'not_yourself' }]);
    }
    const approving = patch.status === 'active' && user.status === 'pending';
    await updateUser(trx, userId, {
      ...(patch.role ? { role: patch.role } : {}),
      ...(patch.status ? { status: patch.status } : {}),
      ...(approving ? { approvedAt: new Date() } : {}),
    });
    if (patch.status === 'suspended') await deleteUserSessions(trx, userId);
    await audit(trx, {
      actorId: admin.userId,
      action: 'user.update',
      entity: 'user',
      entityId: userId,
      details: { before: { role: user.role, status: user.status }, after: patch },
    });
    if (approving) {
      await queueMail(trx, {
        to: user.email,
        locale: user.locale,
        template: 'account_approved',
        values: { site: deps.config.siteName, name: user.displayName, link: link(deps, user.locale, '/account') },
      });
    }
  });
}

/** Accounts for the administrators' list, newest first. */
export function listAccounts(db: Db, opts: { status?: Actor['status'] | undefined; limit: number }) {
  return listUsers(db, opts);
}

/** Creates an account directly (the `npm run user` command and the demo): verified and active. */
export async function createAccount(
  deps: AccountDeps,
  input: { email: string; password: string; displayName: string; locale: Locale; role: Actor['role'] },
): Promise<number> {
  const passwordHash = await hashPassword(input.password, deps.config.passwordCost);
  const { id } = await insertUser(deps.db, {
    email: normaliseEmail(input.email),
    passwordHash,
    displayName: input.displayName,
    locale: input.locale,
    role: input.role,
    status: 'active',
  });
  await updateUser(deps.db, id, { emailVerifiedAt: new Date(), approvedAt: new Date() });
  return id;
}

/**
 * Changes the password of the signed-in person (ASVS 2.1.5, 3.3.3): the current password is required,
 * attempts are throttled per account, the new one must pass the rules, every other session ends and
 * the owner is told by mail.
 */
export async function changePassword(
  deps: AccountDeps,
  actor: Actor,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  await useThrottle(deps.db, 'passwordChangePerAccount', String(actor.userId));
  const user = await findUserById(deps.db, actor.userId);
  if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new AppError('validation_failed', [{ field: 'currentPassword', code: 'bad_password' }]);
  }
  await assertNewPassword(input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword, deps.config.passwordCost);
  await deps.db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { passwordHash });
    await deleteOtherSessions(trx, user.id, currentSessionId);
    // A reset link sent before the change must not undo it.
    await expireTokens(trx, user.id, 'reset');
    await purgeSpentTokens(trx);
    await queueMail(trx, {
      to: user.email,
      locale: user.locale,
      template: 'password_changed',
      values: { site: deps.config.siteName, name: user.displayName, link: link(deps, user.locale, '/account/reset') },
    });
  });
}

/** The signed-in person's open sessions, newest use first, with the one in use marked. */
export async function listOwnSessions(deps: AccountDeps, actor: Actor, currentHandle: string) {
  const rows = await listUserSessions(deps.db, actor.userId, deps.config.sessionIdleMinutes);
  return rows.map((r) => ({ ...r, current: r.handle === currentHandle }));
}

/** Ends one of the signed-in person's own sessions; another account's (or an unknown) handle is not found. */
export async function endOwnSession(deps: Pick<AccountDeps, 'db'>, actor: Actor, handle: string): Promise<void> {
  if (!(await deleteUserSessionByHandle(deps.db, actor.userId, handle))) throw new AppError('not_found');
}

/** Signs the person out everywhere: every session of the account ends, this one included. */
export async function endAllOwnSessions(deps: Pick<AccountDeps, 'db'>, actor: Actor): Promise<void> {
  await deleteUserSessions(deps.db, actor.userId);
}
