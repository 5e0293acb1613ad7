import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../context';
import { isKeptAnswer } from './public-cache';

/** Paths meant to be shown inside other sites: the embed pages and the web component's script. */
export function isEmbedPath(path: string): boolean {
  return path === '/embed.js' || path.startsWith('/embed/');
}

/**
 * The public read API a partner's page may call from the browser: everything under /api/ but submissions (which read
 * and write a contributor's drafts). Only GET and HEAD are ever allowed, so no write route answers a cross-origin call.
 */
export function isPublicApiPath(path: string): boolean {
  return path.startsWith('/api/') && !/^\/api\/v1\/submissions(\/|$)/.test(path);
}

/** Whether an origin may embed the register and read its API from a browser. */
export function embedAllowed(origins: '*' | readonly string[], origin: string): boolean {
  return origins === '*' || origins.includes(origin);
}

/** The `frame-ancestors` sources of the embed pages: any site, or the site itself and the origins listed. */
export function frameAncestors(origins: '*' | readonly string[]): string[] {
  return origins === '*' ? ['*'] : ["'self'", ...origins];
}

/** The CORS headers of a read of the public API by `origin` (undefined when none was sent). */
export function corsHeaders(origins: '*' | readonly string[], origin: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (origins !== '*') headers.vary = 'Origin';
  if (origins === '*' || (origin !== undefined && embedAllowed(origins, origin))) {
    headers['access-control-allow-origin'] = origins === '*' ? '*' : origin!;
    headers['access-control-expose-headers'] = 'ETag';
  }
  return headers;
}

/**
 * CORS for the public GET API (EMBED_ORIGINS): `Access-Control-Allow-Origin` for an allowed origin (`*` when any
 * is), never credentials, and a preflight (OPTIONS) answered for GET and HEAD only. Set around the public response
 * cache, so a kept answer gets the header of the origin asking now; with a list of origins the answer varies by Origin.
 * Any other path or method is left alone: no write route ever carries these headers.
 */
export function publicApiCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (!isPublicApiPath(c.req.path) || (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS')) return next();
    const origins = c.get('deps').config.embedOrigins;
    const origin = c.req.header('origin');
    // With any origin allowed the header does not depend on the request, so a cache in front may keep it for everyone.
    const allowed = origins === '*' || (origin !== undefined && embedAllowed(origins, origin));
    const allowHeader = origins === '*' ? '*' : (origin ?? '');
    if (method === 'OPTIONS') {
      const asked = (c.req.header('access-control-request-method') ?? '').toUpperCase();
      // Only a preflight for a read by an allowed origin is answered with permission; anything else gets none.
      const headers: Record<string, string> = { vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' };
      if (allowed && (asked === 'GET' || asked === 'HEAD')) {
        Object.assign(headers, {
          'access-control-allow-origin': allowHeader,
          'access-control-allow-methods': 'GET, HEAD',
          'access-control-allow-headers': 'Accept, Accept-Language, If-None-Match',
          'access-control-max-age': '86400',
        });
      }
      return c.body(null, 204, headers);
    }
    const headers = corsHeaders(origins, origin);
    c.set('answerHeaders', headers);
    await next();
    if (isKeptAnswer(c.res)) return;
    for (const name in headers) {
      if (name === 'vary') c.res.headers.append(name, headers[name]!);
      else c.res.headers.set(name, headers[name]!);
    }
  };
}

/**
 * Security headers of the embed pages and script: the site's policy, except that partner origins may frame them
 * (`frame-ancestors` from EMBED_ORIGINS, no X-Frame-Options) and load them (`Cross-Origin-Resource-Policy: cross-origin`).
 * An embed runs no script of its own and allows only its own style sheet and the one inline theme rule, by its hash.
 */
export function embedSecureHeaders(styleHash: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => string): MiddlewareHandler<AppEnv> {
  let built: { origins: '*' | readonly string[]; handler: MiddlewareHandler<AppEnv> } | null = null;
  return (c, next) => {
    const origins = c.get('deps').config.embedOrigins;
    if (built?.origins !== origins) {
      built = {
        origins,
        handler: secureHeaders({
          contentSecurityPolicy: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", (ctx) => styleHash(ctx)],
            imgSrc: ["'self'", 'data:'],
            objectSrc: ["'none'"],
            baseUri: ["'none'"],
            formAction: ["'self'"],
            frameAncestors: frameAncestors(origins),
          },
          xFrameOptions: false,
          crossOriginResourcePolicy: 'cross-origin',
          referrerPolicy: 'strict-origin-when-cross-origin',
        }),
      };
    }
    return built.handler(c, next);
  };
}
