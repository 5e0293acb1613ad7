import { Hono, type Context } from 'hono';
import { AppError } from '../lib/errors';
import { answerOai } from '../modules/oai/oai.service';
import type { AppEnv } from './context';

/** Each argument with every value it came with (a repeated argument is the protocol's badArgument, so none is dropped here). */
function argumentsOf(params: URLSearchParams): Map<string, string[]> {
  const args = new Map<string, string[]>();
  for (const [k, v] of params) args.set(k, [...(args.get(k) ?? []), v]);
  return args;
}

async function answer(c: Context<AppEnv>, params: URLSearchParams): Promise<Response> {
  const { db, taxonomy, config } = c.get('deps');
  const repositoryName = c.get('siteIdentity').settings.siteName || config.siteName;
  const xml = await answerOai({ db, taxonomy, baseUrl: config.baseUrl, oai: config.oai, repositoryName }, argumentsOf(params));
  // Protocol errors are answers too: 200, as OAI-PMH requires.
  return c.body(xml, 200, { 'content-type': 'text/xml; charset=utf-8' });
}

/**
 * OAI-PMH 2.0 at /oai, by GET or by POST of a urlencoded form (the protocol allows both; a POST here only
 * reads). The route needs no session: it reads none, sets no cookie, and a visitor's GET is kept like any public page.
 */
export function oaiRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/oai', (c) => answer(c, new URL(c.req.url).searchParams));
  app.post('/oai', async (c) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      throw new AppError('bad_request', [{ field: '', code: 'form_expected' }]);
    }
    return answer(c, new URLSearchParams(await c.req.text()));
  });
  return app;
}
