import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../lib/errors';
import { retryAfter, useThrottle } from '../../modules/accounts/throttles.service';
import { grants, type TokenScope } from '../../modules/tokens/tokens';
import { resolveToken } from '../../modules/tokens/tokens.service';
import type { AppEnv } from '../context';
import { sessionCookie } from './session';

/**
 * The only requests an API token is a credential for, and the scope each needs: the submissions API
 * (start, read, save, submit). Curators' decisions, pages, administration and every other route never
 * see a token, so nothing a token holds can reach them.
 */
export const TOKEN_ROUTES: ReadonlyArray<{ operationId: string; method: string; path: RegExp; scope: TokenScope }> = [
  { operationId: 'startSubmission', method: 'POST', path: /^\/api\/v1\/submissions$/, scope: 'submissions:write' },
  { operationId: 'getSubmission', method: 'GET', path: /^\/api\/v1\/submissions\/[^/]+$/, scope: 'submissions:read' },
  { operationId: 'saveSubmission', method: 'PATCH', path: /^\/api\/v1\/submissions\/[^/]+$/, scope: 'submissions:write' },
  { operationId: 'submitSubmission', method: 'POST', path: /^\/api\/v1\/submissions\/[^/]+\/submit$/, scope: 'submissions:write' },
];

/** The scope a request needs when it comes with a token, or null when a token is no credential there. */
export function tokenRouteScope(method: string, path: string): TokenScope | null {
  const m = method === 'HEAD' ? 'GET' : method;
  return TOKEN_ROUTES.find((r) => r.method === m && r.path.test(path))?.scope ?? null;
}

/** The scope an operation of the API document needs with a token (its `bearerAuth` requirement). */
export function operationScope(operationId: string): TokenScope | null {
  return TOKEN_ROUTES.find((r) => r.operationId === operationId)?.scope ?? null;
}

const BEARER = /^Bearer +([^\s]*) *$/i;

/**
 * `Authorization: Bearer stk_…` on a route that takes a token (RFC 6750): the token becomes the request's
 * actor, with no cookie and no CSRF token needed — a browser never attaches this header by itself, so a
 * forged cross-site request cannot carry it. A token that names no live token answers 401
 * `invalid_token`; one without the route's scope 403 `insufficient_scope`; each token has a budget of
 * requests (429 with `Retry-After`). A request that also carries a session cookie is refused (400
 * `invalid_request`): it would have two identities, and neither may be picked silently.
 */
export function bearerMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || !/^bearer(\s|$)/i.test(header)) return next();
    const scope = tokenRouteScope(c.req.method, c.req.path);
    // Elsewhere a token is no credential at all: the request goes on as whatever its cookies make it.
    if (!scope) return next();
    const challenge = (error: string, extra = '') => c.header('www-authenticate', `Bearer realm="api", error="${error}"${extra}`);
    if (sessionCookie(c) !== undefined) {
      challenge('invalid_request');
      throw new AppError('bad_request', [{ field: '', code: 'tokens_mixed_credentials' }]);
    }
    const { db } = c.get('deps');
    const actor = await resolveToken(db, BEARER.exec(header)?.[1] ?? '');
    if (!actor?.token) {
      challenge('invalid_token');
      throw new AppError('unauthenticated', [{ field: '', code: 'tokens_invalid_token' }]);
    }
    const budget = { name: 'apiTokenRequests', subject: String(actor.token.id) } as const;
    try {
      await useThrottle(db, budget.name, budget.subject);
    } catch (e) {
      if (e instanceof AppError && e.code === 'rate_limited') c.header('retry-after', String(await retryAfter(db, budget)));
      throw e;
    }
    if (!grants(actor.token.scopes, scope)) {
      challenge('insufficient_scope', `, scope="${scope}"`);
      throw new AppError('forbidden', [{ field: '', code: 'tokens_insufficient_scope', params: { scope } }]);
    }
    c.set('actor', actor);
    c.set('session', null);
    c.set('csrfToken', '');
    await next();
  };
}
