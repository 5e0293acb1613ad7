import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { parse as parseCookies } from 'hono/utils/cookie';
import { Lru } from '../../lib/lru';
import { bodyBytes } from '../body';
import type { AppEnv } from '../context';
import { chooseEncoding, replaceResponse } from './compression';
import { SESSION_COOKIE, sessionCookie, type UnknownTokens } from './session';

/**
 * What a visitor's public answer tells caches: browsers revalidate every time (max-age=0, cheap with
 * the ETag and a 304); a shared cache (a CDN, nginx) may serve it for a minute without asking. A minute
 * bounds how long a change takes to show behind such a cache; this instance's own cache is dropped at
 * once by the change log.
 */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=0, s-maxage=60';

/** How long this instance keeps an answer even when nothing changed (pages that depend on the date). */
const TTL_MS = 60_000;
/** An answer larger than this is served, not kept. */
const MAX_ENTRY_BYTES = 1024 * 1024;

/** Responses of these types are kept; anything else (files, calendars with their own policy) is not. */
const KEPT_TYPE = /^(?:text\/html|text\/xml|application\/json|application\/[a-z0-9.+-]*\+json|application\/xml|application\/[a-z0-9.+-]*\+xml)\b/i;

interface Entry {
  generation: number;
  expires: number;
  status: number;
  /** Its headers by lower-case name: a plain object, which the Node server writes as it is (no Headers built per hit). */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  /** Its Last-Modified (ms, whole seconds): since when this instance has sent these same bytes for this address. */
  lastModified: number;
}

/** A bounded in-memory store of finished public answers, emptied whenever the register's generation moves. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private seenGeneration = -1;
  constructor(
    private readonly generation: () => number,
    private readonly limits: { maxEntries: number; maxBytes: number } = { maxEntries: 2000, maxBytes: 64 * 1024 * 1024 },
  ) {}

  /** The current generation; moving past the last one seen drops every entry. */
  current(): number {
    const g = this.generation();
    if (g !== this.seenGeneration) {
      this.entries.clear();
      this.bytes = 0;
      this.seenGeneration = g;
    }
    return g;
  }

  get(key: string): Entry | undefined {
    const generation = this.current();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || entry.expires < Date.now()) {
      this.delete(key);
      return undefined;
    }
    // Map order doubles as recency: a hit moves to the end, eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: Entry): void {
    if (entry.generation !== this.current() || entry.body.byteLength > MAX_ENTRY_BYTES) return;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
  }

  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.bytes -= old.body.byteLength;
    this.entries.delete(key);
  }
}

/**
 * Since when each address (path, query, gzip or not) has answered with its current bytes: a visitor's answer's
 * Last-Modified. The body's tag changing starts a new date, so a date never covers bytes other than those sent since.
 * Kept for the most recent addresses only; one forgotten starts again at the next answer (later, so never a wrong 304).
 */
export class FirstSent {
  private readonly seen: Lru<string, { etag: string; since: number }>;
  constructor(max = 10_000) {
    this.seen = new Lru(max);
  }

  since(key: string, etag: string, now = Date.now()): number {
    const old = this.seen.get(key);
    const since = old && old.etag === etag ? old.since : Math.floor(now / 1000) * 1000;
    this.seen.set(key, { etag, since });
    return since;
  }
}

/** A strong validator: a hash of the exact bytes sent (so the gzipped and plain bodies differ). */
function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** If-Modified-Since holds for an answer last changed at `lastModified` (a date in the future or unreadable is ignored). */
function notModifiedSince(ifModifiedSince: string | undefined, lastModified: number): boolean {
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && since <= Date.now() && lastModified <= since;
}

/** The answers made here from kept entries: their headers are final (request id and CORS included), so nothing after adds to them. */
const keptAnswers = new WeakSet<Response>();

/** Whether a response is a kept answer sent as it is, whose headers the middleware around must leave alone. */
export function isKeptAnswer(res: Response): boolean {
  return keptAnswers.has(res);
}

/** Headers an answer gets from the middleware around it (`answerHeaders`), merged into a kept one's; `vary` adds to its own. */
function withAnswerHeaders(headers: Record<string, string>, extra: Readonly<Record<string, string>> | undefined): void {
  if (!extra) return;
  for (const name in extra) {
    const value = extra[name]!;
    headers[name] = name === 'vary' && headers.vary ? `${headers.vary}, ${value}` : value;
  }
}

/** What a kept answer takes from its request, whichever way the request came (the front door or the middleware). */
type Asked = {
  method: string;
  requestId: string;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  /** Headers decided around the cache for this request (CORS). */
  extra: Readonly<Record<string, string>> | undefined;
  /** The request carried a session cookie (one known to name no session). */
  personal: boolean;
};

function answer(entry: Entry, asked: Asked): Response {
  const headers: Record<string, string> = { ...entry.headers, 'x-request-id': asked.requestId };
  withAnswerHeaders(headers, asked.extra);
  // A request that carried a session cookie (one that named no session) gets the public page, but
  // as before nothing may keep it: its answer is no-store like any other with a session cookie.
  if (asked.personal) headers['cache-control'] = 'no-store';
  // If-None-Match, when sent, decides alone (RFC 9110, 13.2.2); If-Modified-Since is for clients that keep only dates.
  let res: Response;
  if (asked.ifNoneMatch !== undefined ? matches(asked.ifNoneMatch, entry.etag) : notModifiedSince(asked.ifModifiedSince, entry.lastModified)) {
    delete headers['content-type'];
    delete headers['content-encoding'];
    delete headers['content-length'];
    res = new Response(null, { status: 304, headers });
  } else res = new Response(asked.method === 'HEAD' ? null : entry.body, { status: entry.status, headers });
  keptAnswers.add(res);
  return res;
}

/** A request's path and query, as the cache's key starts (the URL without scheme and host). */
function targetOf(url: string): string {
  return url.slice(url.indexOf('/', url.indexOf('//') + 2));
}

/** A cookie's value in a Cookie header, by name, parsed as Hono's getCookie parses it (undefined when absent). */
function cookieValue(header: string | null, name: string): string | undefined {
  return header ? parseCookies(header, name)[name] : undefined;
}

/**
 * The front door: a visitor's GET or HEAD whose answer is kept is answered here, before routing and before any
 * middleware (the router alone costs ~20 µs a request on this app's 266 routes); anything else returns undefined and
 * goes to the app. A request with a session cookie is a visitor only when the cookie is known to name no session (then
 * its answer is no-store), as in `publicResponses`; the cookie is looked for under both its names, so a request the
 * middleware would treat as a visitor may come through the app instead, never the other way round.
 */
export function frontDoor(opts: {
  cache: ResponseCache;
  unknownSessions: UnknownTokens;
  requestId: (given: string | null) => string;
  /** Headers every answer to this path gets around the cache (CORS), as `answerHeaders`. */
  extraHeaders: (path: string, request: Request) => Readonly<Record<string, string>> | undefined;
}): (request: Request) => Response | undefined {
  return (request) => {
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const target = targetOf(request.url);
    const queryAt = target.indexOf('?');
    const path = queryAt === -1 ? target : target.slice(0, queryAt);
    if (!publicPath(path)) return undefined;
    const cookies = request.headers.get('cookie');
    const token = cookieValue(cookies, SESSION_COOKIE) ?? cookieValue(cookies, `__Host-${SESSION_COOKIE}`);
    if (token !== undefined && !opts.unknownSessions.has(token)) return undefined;
    const entry = opts.cache.get(`${target} ${chooseEncoding(request.headers.get('accept-encoding') ?? undefined)}`);
    if (!entry) return undefined;
    return answer(entry, {
      method,
      requestId: opts.requestId(request.headers.get('x-request-id')),
      ifNoneMatch: request.headers.get('if-none-match') ?? undefined,
      ifModifiedSince: request.headers.get('if-modified-since') ?? undefined,
      extra: opts.extraHeaders(path, request),
      personal: token !== undefined,
    });
  };
}

/** Paths whose answers do not depend on who asks, once the asker is a visitor. */
function publicPath(path: string): boolean {
  return !path.startsWith('/static/') && path !== '/healthz';
}

/**
 * Visitors' public answers (GET/HEAD, 200, no cookie set, no cache policy of their own) get a public
 * Cache-Control, a strong ETag and 304 to a matching If-None-Match, and — with a `cache` — are kept
 * whole (headers and compressed body) until the register changes, so a repeat costs no query and no
 * rendering. A visitor is a request without a session cookie, or with one already known to name no
 * session. A signed-in person's successful state-changing request here moves `bump()`, dropping the cache at once; other
 * instances' changes arrive through the change log in the cache's generation. A visitor's error
 * answer is marked no-store, so no shared cache keeps it.
 */
export function publicResponses(opts: { cache: ResponseCache | null; unknownSessions: UnknownTokens; bump: () => void }): MiddlewareHandler<AppEnv> {
  const firstSent = new FirstSent();
  /**
   * The visitors' GETs being rendered now, by key. The same page asked for again meanwhile (a link shared at once, or
   * the first visitors after a change dropped the kept pages) waits for that one and is answered from what it kept,
   * instead of rendering it again: one render, not one per visitor in flight.
   */
  const rendering = new Map<string, Promise<void>>();
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      await next();
      // Only a signed-in person changes what visitors see; a visitor's posts (sign-in, sign-up) do
      // not, and must not be a way to empty the cache at will.
      if (c.res.status < 400 && c.get('actor') && !c.get('keepsPublicPages')) opts.bump();
      return;
    }
    if (!publicPath(c.req.path)) return next();
    const token = sessionCookie(c);
    const visitor = token === undefined || opts.unknownSessions.has(token);
    const address = `${targetOf(c.req.url)} ${chooseEncoding(c.req.header('accept-encoding'))}`;
    const key = visitor && opts.cache ? address : null;
    /** What a kept answer takes from this request. */
    const asked = (personal: boolean): Asked => ({
      method,
      requestId: c.get('requestId') ?? '',
      ifNoneMatch: c.req.header('if-none-match'),
      ifModifiedSince: c.req.header('if-modified-since'),
      extra: c.get('answerHeaders'),
      personal,
    });
    // A kept answer was served at the front door (`frontDoor`); this request renders, and its answer may be kept.
    const same = key && method === 'GET' ? rendering.get(key) : undefined;
    if (same) {
      await same;
      const entry = opts.cache!.get(key!);
      if (entry) {
        replaceResponse(c, answer(entry, asked(token !== undefined)));
        return;
      }
      // Not kept (not a keepable answer, or the register changed meanwhile): this one renders.
    }
    const generation = opts.cache?.current() ?? 0;
    let done: (() => void) | undefined;
    if (key && method === 'GET' && !rendering.has(key)) rendering.set(key, new Promise<void>((resolve) => (done = resolve)));
    try {
      await next();
      const res = c.res;
      if (!visitor || c.get('actor')) return;
      if (res.status >= 400) {
        if (!res.headers.has('cache-control')) res.headers.set('cache-control', 'no-store');
        return;
      }
      if (res.status !== 200 || res.headers.has('cache-control') || res.headers.has('set-cookie') || res.headers.has('content-length')) return;
      if (!KEPT_TYPE.test(res.headers.get('content-type') ?? '')) return;
      const body = await bodyBytes(res);
      const etag = etagOf(body);
      const lastModified = firstSent.since(address, etag);
      const headers: Record<string, string> = {};
      // The request id is each answer's own; what the middleware around adds (CORS) comes after this, per request.
      res.headers.forEach((value, name) => {
        if (name !== 'x-request-id') headers[name] = value;
      });
      headers['cache-control'] = PUBLIC_CACHE_CONTROL;
      headers.etag = etag;
      headers['last-modified'] = new Date(lastModified).toUTCString();
      const entry: Entry = { generation, expires: Date.now() + TTL_MS, status: 200, headers, body, etag, lastModified };
      if (key && method === 'GET') opts.cache?.set(key, entry);
      replaceResponse(c, answer(entry, asked(false)));
    } finally {
      // Those waiting for this render go on (served from what it kept, or rendering themselves).
      if (done) {
        rendering.delete(key!);
        done();
      }
    }
  };
}
