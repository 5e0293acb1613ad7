import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from './context';

const FILES = {
  'app.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
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

export function staticRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/:name', (c) => {
    const name = c.req.param('name') as keyof typeof FILES;
    const body = contents.get(name);
    if (!body) return c.notFound();
    c.header('content-type', FILES[name]);
    c.header('cache-control', c.req.query('v') === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
    return c.body(body);
  });
  return app;
}
