import type { Context } from 'hono';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { lineProblem } from '../../lib/text';
import type { AppEnv } from '../context';

/** Where to go after signing in: only a path on this site, in any locale, on one line (it becomes a header). */
export function safeNext(next: string | undefined, locale: Locale): string {
  return next && /^\/[a-z]{2}\/[^/\\]/.test(next) && !next.includes('//') && lineProblem(next) === null ? next : `/${locale}/account`;
}

/** The signed-in actor, or `unauthenticated` (pages send a visitor to sign in). */
export function requireActor(c: Context<AppEnv>) {
  const actor = c.get('actor');
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}
