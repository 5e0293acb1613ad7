import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import type { AppEnv } from './context';
import { chooseEncoding } from './middleware/compression';

const FILES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'embed.css': 'text/css; charset=utf-8',
} as const;

const contents = new Map<string, string>();
for (const name of Object.keys(FILES)) {
  contents.set(name, readFileSync(new URL(`../../public/${name}`, import.meta.url), 'utf8'));
}
const version = createHash('sha256')
  .update([...contents.values()].join('\n'))
  .digest('hex')
  .slice(0, 10);

/** A hash of the static files: URLs carry it, so they can be cached for a year. */
export function assetVersion(): string {
  return version;
}

/** A file as it is sent: its bytes plain and gzipped (made once, at its first request), each with its ETag. */
interface Prepared {
  text: string;
  plain: { body: Uint8Array<ArrayBuffer>; etag: string };
  gzip: { body: Uint8Array<ArrayBuffer>; etag: string };
}
const prepared = new Map<string, Prepared>();
const tagOf = (bytes: Uint8Array) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;

function prepare(name: string, text: string): Prepared {
  let p = prepared.get(name);
  if (!p || p.text !== text) {
    const plain = new Uint8Array(Buffer.from(text, 'utf8'));
    const gzip = new Uint8Array(gzipSync(plain, { level: 9 }));
    p = { text, plain: { body: plain, etag: tagOf(plain) }, gzip: { body: gzip, etag: tagOf(gzip) } };
    prepared.set(name, p);
  }
  return p;
}

/** A text file as it is sent: gzipped once when the client takes gzip, with its ETag, and 304 to a matching If-None-Match. */
export function sendText(c: Context<AppEnv>, name: string, text: string, type: string, cacheControl: string): Response {
  const encoding = chooseEncoding(c.req.header('accept-encoding'));
  const file = prepare(name, text)[encoding === 'gzip' ? 'gzip' : 'plain'];
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': cacheControl, etag: file.etag, vary: 'Accept-Encoding' };
  if (encoding === 'gzip') headers['content-encoding'] = 'gzip';
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) {
    delete headers['content-type'];
    delete headers['content-encoding'];
    return c.body(null, 304, headers);
  }
  return c.body(file.body, 200, headers);
}

export function staticRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/:name', (c) => {
    const name = c.req.param('name') as keyof typeof FILES;
    const text = contents.get(name);
    if (!text) return c.notFound();
    return sendText(c, name, text, FILES[name], c.req.query('v') === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  });
  return app;
}

/** A public file's text as served (read once at start). */
export function staticText(name: keyof typeof FILES): string {
  return contents.get(name) ?? '';
}
