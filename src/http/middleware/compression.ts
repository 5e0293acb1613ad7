import { promisify } from 'node:util';
import { gzip as gzipCallback, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyBytes, bytesResponse } from '../body';

const gzip = promisify(gzipCallback);
/**
 * Rendered answers are gzipped at level 3, not zlib's default 6: on an 80 KB page it took 1.2 ms rather than
 * 2.6 ms for 10 % more bytes (26.2 KB against 23.7 KB), and a cache miss pays it on every request.
 */
export const GZIP_LEVEL = 3;
/**
 * A body below this is gzipped on the main thread, where a few kilobytes take less than the hand-off to the thread
 * pool and back. Larger ones go to the thread pool, so the main thread, which serves one request at a time, renders
 * the next page meanwhile: an entry page (12–15 KB, about 0.1 ms of gzip) missing the cache went from 1,025–1,035 to
 * 1,115–1,240 req/s under wrk when it moved there (the CPU per request stayed the same, now on two threads).
 */
export const GZIP_INLINE_BYTES = 4 * 1024;

/** Below this a body is sent as it is: gzip would save a few bytes and cost more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;

const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|(?:[a-z0-9.+-]+\+)?(?:json|xml)|javascript|ecmascript|xml)|image\/svg\+xml)/i;
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

/** Whether a response of this type and cache policy may be compressed. */
export function compressible(headers: Headers): boolean {
  const type = headers.get('content-type');
  return Boolean(type && COMPRESSIBLE.test(type)) && !NO_TRANSFORM.test(headers.get('cache-control') ?? '') && !headers.has('content-encoding');
}

/** The encoding a request's Accept-Encoding allows: gzip (the one every client speaks) or none. */
export function chooseEncoding(acceptEncoding: string | undefined): 'gzip' | 'identity' {
  if (!acceptEncoding) return 'identity';
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) return 'gzip';
  }
  return 'identity';
}

/**
 * Puts a finished response in place of the current one as it is. (Assigning `c.res` over another
 * copies the old headers onto the new one and rebuilds it from its body stream, which would undo
 * header changes and knock a prebuilt body off the Node server's fast path.)
 */
export function replaceResponse(c: Context, res: Response): void {
  c.res = undefined as unknown as Response;
  c.res = res;
}

/** Adds a token to a response's Vary header once. */
export function addVary(headers: Headers, token: string): void {
  const current = headers.get('vary');
  if (current === '*') return;
  if (!current) headers.set('vary', token);
  else if (
    !current
      .toLowerCase()
      .split(/\s*,\s*/)
      .includes(token.toLowerCase())
  )
    headers.set('vary', `${current}, ${token}`);
}

/**
 * Gzips text answers of 1 KiB and more for clients that accept it. A built body is compressed whole
 * (one call, off the main thread); a route that declares its Content-Length, or sends a download
 * (Content-Disposition: attachment), streams its body, which is compressed as it streams. Bodies the response cache keeps are compressed once, on the miss.
 */
export function compression(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method === 'HEAD' || res.status === 204 || res.status === 206 || res.status === 304 || !compressible(res.headers)) return;
    const declared = res.headers.get('content-length');
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    // A download (an export) is streamed whatever its size: read whole here, it would be built in memory.
    const download = /^\s*attachment\b/i.test(res.headers.get('content-disposition') ?? '');
    if (declared !== null || download) {
      if ((declared !== null && Number(declared) < COMPRESS_MIN_BYTES) || !res.body) return;
      addVary(res.headers, 'Accept-Encoding');
      if (encoding === 'identity') return;
      const headers = new Headers(res.headers);
      headers.delete('content-length');
      headers.set('content-encoding', 'gzip');
      replaceResponse(c, new Response(res.body.pipeThrough(new CompressionStream('gzip')), { status: res.status, headers }));
      return;
    }
    const bytes = await bodyBytes(res);
    const headers = new Headers(res.headers);
    if (bytes.byteLength < COMPRESS_MIN_BYTES) {
      replaceResponse(c, bytesResponse(bytes, { status: res.status, headers }));
      return;
    }
    addVary(headers, 'Accept-Encoding');
    if (encoding === 'identity') {
      replaceResponse(c, bytesResponse(bytes, { status: res.status, headers }));
      return;
    }
    headers.set('content-encoding', 'gzip');
    replaceResponse(
      c,
      bytesResponse(new Uint8Array(bytes.byteLength < GZIP_INLINE_BYTES ? gzipSync(bytes, { level: GZIP_LEVEL }) : await gzip(bytes, { level: GZIP_LEVEL })), {
        status: res.status,
        headers,
      }),
    );
  };
}
