import type { Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import type { AccountDeps } from '../modules/accounts/accounts.service';
import type { SubmissionDeps } from '../modules/submissions/submissions';
import type { AppEnv } from './context';

const idParam = z.coerce.number().int().min(1).max(2147483647);

/** A numeric id from the path (digits only, within a PostgreSQL integer), or validation_failed naming it. */
export function pathId(c: Context<AppEnv>, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  const parsed = idParam.safeParse(raw);
  if (!/^\d+$/.test(raw) || !parsed.success) throw new AppError('validation_failed', [{ field: name, code: 'invalid_format' }]);
  return parsed.data;
}

export function submissionDeps(c: Context<AppEnv>): SubmissionDeps {
  const { db, taxonomy, config } = c.get('deps');
  return { db, taxonomy, config };
}

export function accountDeps(c: Context<AppEnv>): AccountDeps {
  const { db, config } = c.get('deps');
  return { db, config };
}
