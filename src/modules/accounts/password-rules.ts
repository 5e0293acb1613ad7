import { AppError } from '../../lib/errors';
import { PASSWORD_MAX, PASSWORD_MIN } from './accounts';

/**
 * ASVS 2.1 (level 2): at least 12 characters, any characters allowed, and not one of the passwords
 * attackers try first. The list is the common-password dictionary that @zxcvbn-ts/language-common
 * ships (≈49,000 passwords seen in breaches): data installed with the package, never fetched at run time.
 */
let common: Promise<Set<string>> | null = null;

// Loaded on first use (unpacking the list takes a few hundred milliseconds), then kept.
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase())));
  return common;
}

/** Case and compatibility forms do not make a common password less common. */
const fold = (password: string) => password.normalize('NFKC').toLowerCase();

/** Whether the password is on the list, alone or repeated ("passwordpassword"), or is one short unit repeated ("abcabcabcabc"). */
export async function isCommonPassword(password: string): Promise<boolean> {
  const folded = fold(password);
  const list = await commonPasswords();
  if (list.has(folded)) return true;
  const chars = [...folded];
  for (let size = 1; size <= chars.length / 2; size += 1) {
    if (chars.length % size !== 0) continue;
    const unit = chars.slice(0, size).join('');
    if (unit.repeat(chars.length / size) === folded && (size <= 3 || list.has(unit))) return true;
  }
  return false;
}

/** Length in characters as a person counts them (code points), not UTF-16 units. */
export const passwordLength = (password: string) => [...password.normalize('NFKC')].length;

export type PasswordProblem = { code: 'password_too_short' | 'password_too_long' | 'password_common'; params: Record<string, number> };

/** The length rule alone (synchronous, for Zod schemas); null when the length is acceptable. */
export function passwordLengthProblem(password: string): PasswordProblem | null {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) return { code: 'password_too_short', params: { min: PASSWORD_MIN } };
  if (length > PASSWORD_MAX) return { code: 'password_too_long', params: { max: PASSWORD_MAX } };
  return null;
}

/** The first rule a new password breaks, as an error code with its parameters; null when it is acceptable. */
export async function passwordProblem(password: string): Promise<PasswordProblem | null> {
  const problem = passwordLengthProblem(password);
  if (problem) return problem;
  if (await isCommonPassword(password)) return { code: 'password_common', params: {} };
  return null;
}

/** Refuses a new password that breaks a rule, naming the form field it came from. */
export async function assertNewPassword(password: string, field = 'password'): Promise<void> {
  const problem = await passwordProblem(password);
  if (problem) throw new AppError('validation_failed', [{ field, code: problem.code, params: problem.params }]);
}
