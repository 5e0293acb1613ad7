import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { cleanInput } from '../../lib/text';

/** The one shape of every error the API answers with (the codes are `lib/errors.ts`'s closed list). */
export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), code: z.string(), message: z.string(), params: z.record(z.string(), z.unknown()).optional() })),
      requestId: z.string(),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_TEXT = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed, or the CSRF token is missing, or the API token lacks the scope',
  404: 'Not found',
  409: 'Not possible in the current state',
  429: 'Too many requests (with an API token: see Retry-After)',
} as const;
type ErrorStatus = keyof typeof ERROR_TEXT;

/** The documented error answers of a route: the Error schema under each status. */
export function errorResponses<S extends ErrorStatus>(statuses: readonly S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_TEXT[s], content: { 'application/json': { schema: errorResponseSchema } } }]),
  ) as unknown as Record<S, { description: string; content: { 'application/json': { schema: typeof errorResponseSchema } } }>;
}

/** A route's answer when it succeeds. */
export function ok<T extends z.ZodType, S extends 200 | 201 = 200>(schema: T, status: S = 200 as S) {
  return { [status]: { description: status === 201 ? 'Created' : 'OK', content: { 'application/json': { schema } } } } as Record<
    S,
    { description: string; content: { 'application/json': { schema: T } } }
  >;
}

/**
 * A required JSON body validated by `schema`, after text hygiene: every string in NFC, and NUL, lone
 * surrogates and control characters refused, naming the field (key names too) before anything else is judged.
 */
export function jsonBody<T extends z.ZodType>(schema: T) {
  const clean = z.preprocess((value, ctx) => {
    const { value: cleaned, problems } = cleanInput(value);
    for (const p of problems) ctx.addIssue({ code: 'custom', message: p.code, path: p.field ? p.field.split('.') : [], input: value });
    return cleaned;
  }, schema);
  return { required: true, content: { 'application/json': { schema: clean } } };
}

/** What the document says about reading the API from a browser on another site (CORS, from EMBED_ORIGINS). */
export function corsDescription(origins: '*' | readonly string[]): string {
  const who =
    origins === '*'
      ? 'any origin (`Access-Control-Allow-Origin: *`)'
      : `these origins: ${origins.join(', ')} (the header names the asking origin; answers vary by \`Origin\`)`;
  return (
    `Cross-origin reads (CORS): every GET and HEAD of the API except \`/api/v1/submissions\` may be read by a web page of ${who}. ` +
    'A preflight (OPTIONS) is answered for GET and HEAD only, allowing the headers Accept, Accept-Language and If-None-Match, kept for a day; ' +
    '`ETag` is exposed. Credentials (cookies) are never allowed across origins, and no write is open to other origins. ' +
    'The operator sets the origins with EMBED_ORIGINS.'
  );
}

/** The CORS response headers of a public GET operation, as the document declares them. */
export function corsHeaders(origins: '*' | readonly string[]) {
  return {
    'Access-Control-Allow-Origin': {
      description: origins === '*' ? 'Always `*`: any origin may read this answer.' : 'The asking origin, when it is one of EMBED_ORIGINS; absent otherwise.',
      schema: { type: 'string' as const },
    },
    'Access-Control-Expose-Headers': { description: '`ETag`, when Access-Control-Allow-Origin is sent.', schema: { type: 'string' as const } },
  };
}

/** The document's own part: title, version, server, licence, and how a session authenticates. */
export function documentInfo(opts: { title: string; serverUrl: string; version: string; embedOrigins?: '*' | readonly string[] }) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${opts.title} API`,
      version: opts.version,
      description:
        'Read the public register (entries of every kind with filters, facet counts and paging; vocabularies), and contribute: submissions follow the same rules as the questionnaire.' +
        (opts.embedOrigins ? `\n\n${corsDescription(opts.embedOrigins)}` : ''),
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: opts.serverUrl }],
  };
}

/** Registers the session cookie, the CSRF header and the API token that routes with `security` name. */
export function registerSecuritySchemes(api: Pick<OpenAPIHono, 'openAPIRegistry'>) {
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'stk_session',
    description: 'The cookie set by signing in on the site (named __Host-stk_session when the site is served over https).',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'csrf', {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The token in the csrf-token meta tag of any page seen with the session.',
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'stk_ followed by 43 base64url characters',
    description:
      "An organisation's API token, made by its editors on the organisation's page (shown once). It acts for that organisation only, within its scopes (`submissions:read`; `submissions:write`, which includes reading), until it expires or is revoked; no cookie and no CSRF token. A request with both a token and a session cookie is refused. Each token may make 120 requests a minute (429 with Retry-After).",
  });
}
