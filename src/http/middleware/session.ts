import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../lib/errors';
import { resolveSession } from '../../modules/accounts/accounts.service';
import type { AppEnv } from '../context';
import { streamsItsBody } from '../uploads';

export const SESSION_COOKIE = 'stk_session';
const ANON_CSRF_COOKIE = 'stk_csrf';

/** Whether cookies must be Secure: behind HTTPS (the configured address, or a trusted proxy saying so). */
export function secureCookies(c: Context<AppEnv>): boolean {
  const { config } = c.get('deps');
  return config.baseUrl.startsWith('https:') || (config.trustProxy && c.req.header('x-forwarded-proto') === 'https');
}

/** The client's address for throttling: the socket's, or the first forwarded one behind a trusted proxy. */
export function clientAddress(c: Context<AppEnv>): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded.slice(0, 100);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Loads the signed-in actor from the session cookie, and gives every request a CSRF token: the
 * session's own, or for visitors a random one kept in a cookie (double submit).
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const resolved = token && token.length < 200 ? await resolveSession(c.get('deps').db, token) : null;
    c.set('actor', resolved?.actor ?? null);
    if (resolved) {
      c.set('csrfToken', resolved.csrfToken);
    } else {
      let anon = getCookie(c, ANON_CSRF_COOKIE);
      if (!anon || !/^[A-Za-z0-9_-]{20,64}$/.test(anon)) {
        anon = randomBytes(24).toString('base64url');
        setCookie(c, ANON_CSRF_COOKIE, anon, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(c) });
      }
      c.set('csrfToken', anon);
    }
    await next();
  };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that come from another site (Sec-Fetch-Site, Origin) or lack the
 * CSRF token (form field `_csrf` or header `X-CSRF-Token`). A JSON request without any cookie carries
 * no ambient authority, so it needs no token.
 */
export function csrfMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const forged = () => new AppError('forbidden', [{ field: '_csrf', code: 'csrf' }]);
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') throw forged();
    const origin = c.req.header('origin');
    if (origin) {
      const allowed = new Set([new URL(c.get('deps').config.baseUrl).origin, new URL(c.req.url).origin]);
      if (!allowed.has(origin)) throw forged();
    }
    const type = c.req.header('content-type') ?? '';
    const isForm = type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
    const hasCookies = Boolean(c.req.header('cookie'));
    if (!isForm && !hasCookies) return next();
    let sent = c.req.header('x-csrf-token');
    // A streamed upload checks its `_csrf` field itself, as it reads the form and before the file.
    if (!sent && isForm && streamsItsBody(c)) return next();
    if (!sent && isForm) {
      const body = await c.req.parseBody();
      sent = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
    if (!sent || sent !== c.get('csrfToken')) throw forged();
    await next();
  };
}
