import { randomToken } from '../../lib/random-token';
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
const ANON_TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

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

/** Session cookies that named no session. A token the server never issued never becomes valid, so one is looked up once. */
export class UnknownTokens {
  private readonly tokens = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has(token: string): boolean {
    return this.tokens.has(token);
  }
  add(token: string): void {
    if (this.tokens.size >= this.max) {
      const oldest = this.tokens.values().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    this.tokens.add(token);
  }
}

/**
 * Loads the signed-in actor from the session cookie, and gives every request a CSRF token: the
 * session's own, or for visitors the one in their CSRF cookie (double submit), which only a page with
 * a form sets (`csrfFor`), so a visitor's ordinary page sets no cookie and can be cached. A session past its
 * idle or absolute end is deleted, and the person is sent to sign in again with a notice (JSON
 * clients get 401 session_expired).
 */
export function sessionMiddleware(unknownSessions = new UnknownTokens()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = sessionCookie(c);
    const { db, config } = c.get('deps');
    const lookUp = token !== undefined && token.length < 200 && !unknownSessions.has(token);
    const resolved = lookUp ? await resolveSession(db, token, { idleMinutes: config.sessionIdleMinutes }) : null;
    if (lookUp && resolved === null) unknownSessions.add(token);
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
      // A visitor's token is their CSRF cookie's; without one, a fresh value that nothing can match
      // (a POST is refused as before) — the cookie is set only by a page that shows a form (csrfFor).
      const name = cookieName(c, ANON_CSRF_COOKIE);
      const anon = getCookie(c, name);
      const known = anon !== undefined && ANON_TOKEN.test(anon);
      c.set('csrfToken', known ? anon : randomToken(24));
      c.set('csrfCookieSent', known);
    }
    await next();
  };
}

/**
 * The CSRF token for a form on this page. A visitor without a CSRF cookie is given one now; a visitor's
 * page that carries their token is personal, so it is kept by no cache.
 */
export function csrfFor(c: Context<AppEnv>): string {
  const token = c.get('csrfToken');
  if (c.get('actor')) return token;
  if (!c.get('csrfCookieSent')) {
    setCookie(c, cookieName(c, ANON_CSRF_COOKIE), token, { httpOnly: true, sameSite: 'Lax', path: '/', secure: secureCookies(c) });
    c.set('csrfCookieSent', true);
  }
  c.header('cache-control', 'no-store');
  c.set('csrfShown', true);
  return token;
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
