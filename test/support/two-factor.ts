import type { Db } from '../../src/db/connection';
import { base32Decode, totpAt } from '../../src/modules/accounts/totp';

/** Second-factor secrets of the accounts tests made, by e-mail, so sign-in helpers can answer the second step. */
const secrets = new Map<string, { secret: string; db: Db }>();

export function rememberSecret(email: string, secret: string, db: Db): void {
  secrets.set(email.toLowerCase(), { secret, db });
}

export function secretOf(email: string): string | undefined {
  return secrets.get(email.toLowerCase())?.secret;
}

/** The code an authenticator app shows for a base32 secret now (or at `ms`). */
export function codeFor(secret: string, ms = Date.now()): string {
  const bytes = base32Decode(secret);
  if (!bytes) throw new Error('not a base32 secret');
  return totpAt(bytes, ms);
}

/**
 * A code that the second step will accept for a test account now. The app refuses a time step used
 * before (replay), and tests sign the same account in many times within one 30-second step, so this
 * helper — and only it, never the app — forgets the account's last used step first.
 */
export async function freshCodeFor(email: string): Promise<string> {
  const known = secrets.get(email.toLowerCase());
  if (!known) throw new Error(`no second-factor secret known for ${email}`);
  const user = await known.db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirstOrThrow();
  await known.db.updateTable('userTotp').set({ lastStep: null }).where('userId', '=', user.id).execute();
  return codeFor(known.secret);
}
