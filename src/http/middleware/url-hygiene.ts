import type { MiddlewareHandler } from 'hono';
import { AppError, type ErrorDetail } from '../../lib/errors';
import { lineProblem } from '../../lib/text';
import type { AppEnv } from '../context';

/** A path segment or query component decoded as the router and `URLSearchParams` decode it; undecodable stays as sent. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Refuses a URL whose path or query carries NUL, a control character or a line break (every URL
 * parameter is one line), with a 400 naming the parameter, before any handler reads it: `next=` with
 * CRLF can then never reach a Location header, nor `q=` with NUL the database.
 */
export function urlHygiene(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const problems: ErrorDetail[] = [];
    const seen = new Set<string>();
    const refuse = (field: string, code: string) => {
      if (!seen.has(field)) problems.push({ field, code });
      seen.add(field);
    };
    for (const segment of url.pathname.split('/')) {
      const problem = lineProblem(decoded(segment));
      if (problem) refuse('path', problem);
    }
    for (const [key, value] of url.searchParams) {
      const problem = lineProblem(key) ?? lineProblem(value);
      if (problem) refuse(lineProblem(key) ? 'query' : key, problem);
    }
    if (problems.length) throw new AppError('validation_failed', problems);
    await next();
  };
}
