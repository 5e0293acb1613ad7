import { Hono } from 'hono';
import { AppError } from '../lib/errors';
import { faviconIco, faviconSvg } from '../ui/logo';
import type { AppEnv } from './context';

/** A fixed URL (browsers ask for /favicon.ico on their own): cached for a month, revalidated after. */
const FIXED = 'public, max-age=2592000';
/** A URL that carries the content's hash: never changes, cached for a year. */
const VERSIONED = 'public, max-age=31536000, immutable';

/** The favicon (the team's mark, drawn in code) and the operator's uploaded logo. */
export function identityRoutes() {
  const app = new Hono<AppEnv>();
  const svg = faviconSvg();
  app.get('/favicon.svg', (c) => c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': c.req.query('v') ? VERSIONED : FIXED }));
  app.get('/favicon.ico', (c) =>
    c.body(new Uint8Array(faviconIco()), 200, { 'content-type': 'image/x-icon', 'cache-control': c.req.query('v') ? VERSIONED : FIXED }),
  );
  app.get('/site-logo', (c) => {
    const logo = c.get('siteIdentity')?.logo;
    if (!logo) throw new AppError('not_found');
    return c.body(new Uint8Array(logo.bytes), 200, {
      'content-type': logo.type,
      'cache-control': c.req.query('v') === logo.hash ? VERSIONED : 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
  });
  return app;
}
