import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../lib/errors';
import { resolveSession } from '../../modules/accounts/accounts.service';
import type { AppEnv } from '../context';
import { forwardedClient, forwardedHttps } from './forwarded';
import { wantsJson } from '../errors';
import { streamsItsBody } from '../uploads';

export const SESSION_COOKIE = 'stk_session';
const ANON_CSRF_COOKIE = 'stk_csrf';

/** Whether cookies must be Secure: behind HTTPS (the configured address, or a trusted proxy saying so). */
export function secureCookies(c: Context<AppEnv>): boolean {
  const { config } = c.get('deps');
  return config.baseUrl.startsWith('https:') || forwardedHttps(c.req.header('x-forwarded-proto'), config.trustedProxies);
}

/**
 * A cookie's name for this request: over https `__Host-` + name, which browsers accept only with
 * Secure, Path=/ and no Domain, so a neighbouring subdomain or a plain-http page cannot plant or
 * overwrite it (ASVS 3.4.4); over plain http (development) the bare name.
 */
export function cookieName(c: Context<AppEnv>, base: string): string {
  return secureCookies(c) ? `__Host-${base}` : base;
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, host-only, living as long as the session may. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const secure = secureCookies(c);
  setCookie(c, cookieName(c, SESSION_COOKIE), token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure,
    path: '/',
    maxAge: c.get('deps').config.sessionAbsoluteHours * 3600,
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(c, SESSION_COOKIE), { path: '/', secure: secureCookies(c) });
}

/** The session cookie the request carries, if any (only under this scheme's name). */
export function sessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, cookieName(c, SESSION_COOKIE));
}

/** The client's address for throttling: the socket's, or the one the trusted proxies report (see `forwardedClient`). */
export function clientAddress(c: Context<AppEnv>): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
  }
  return forwardedClient(c.req.header('x-forwarded-for'), socket, c.get('deps').config.trustedProxies);
}

/**
 * Loads the signed-in actor from the session cookie, and gives every request a CSRF token: the
 * session's own, or for visitors a random one kept in a cookie (double submit). A session past its
 * idle or absolute end is deleted, and the person is sent to sign in again with a notice (JSON
 * clients get 401 session_expired).
 */
export function sessionMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionCookie(c);
    const { db, config } = c.get('deps');
    const resolved = token && token.length < 200 ? await resolveSession(db, token, { idleMinutes: config.sessionIdleMinutes }) : null;
    if (resolved?.state === 'ended') {
      clearSessionCookie(c);
      if (wantsJson(c)) throw new AppError('unauthenticated', [{ field: '', code: 'session_expired' }]);
      const back = c.req.method === 'GET' ? `&next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}` : '';
      return c.redirect(`/${c.get('locale')}/account/sign-in?expired=1${back}`, 303);
    }
    const active = resolved?.state === 'active' ? resolved : null;
    c.set('actor', active?.actor ?? null);
    c.set('session', active ? { id: active.sessionId, handle: active.handle } : null);
    if (active) {
      c.set('csrfToken', active.csrfToken);
    } else {
      const name = cookieName(c, ANON_CSRF_COOKIE);
      let anon = getCookie(c, name);
      if (!anon || !/^[A-Za-z0-9_-]{20,64}$/.test(anon)) {
        anon = randomBytes(24).toString('base64url');
        setCookie(c, name, anon, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(c) });
      }
      c.set('csrfToken', anon);
    }
    await next();
  };
}

/**
 * `Cache-Control: no-store` on every answer to a signed-in person (pages and API alike) and on any
 * answer to a request that carried a session cookie, so no browser or shared cache keeps private
 * content (ASVS 8.2.1). Visitors' answers are left as their routes make them.
 */
export function privateNoStoreMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.get('actor') || sessionCookie(c) !== undefined) c.res.headers.set('cache-control', 'no-store');
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
