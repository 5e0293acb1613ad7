import { createRoute, OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { zodDetails } from '../../lib/zod-details';
import { FACETS } from '../../modules/entries/entry';
import { facetValueLabel } from '../../modules/entries/entry.labels';
import { presentEntry } from '../../modules/entries/entries.presenter';
import { entryResponseSchema, entrySearchResponseSchema, type publicEntrySchema } from '../../modules/entries/entry.schemas';
import type { Entry } from '../../modules/entries/entry';
import { getPublishedEntry, searchEntries } from '../../modules/entries/entries.service';
import { ENTRY_KINDS, KIND_PATHS, type EntryKind } from '../../modules/entries/entries';
import {
  presentQuestionnaire,
  presentSubmission,
  questionnaireResponseSchema,
  submissionResponseSchema,
} from '../../modules/submissions/submissions.presenter';
import { decisionSchema, draftPatchSchema, onlyGiven, startSubmissionSchema } from '../../modules/submissions/submissions.schemas';
import { readSubmission, saveDraft, startSubmission, submit } from '../../modules/submissions/drafts.service';
import { decide } from '../../modules/submissions/review.service';
import { submissionProblems } from '../../modules/submissions/submissions';
import { isVocabularyName, VOCABULARY_NAMES } from '../../modules/taxonomy/taxonomy';
import { presentVocabulary, vocabularyResponseSchema } from '../../modules/taxonomy/taxonomy.presenter';
import type { AppEnv } from '../context';
import { submissionDeps } from '../params';
import { registerIatiExport } from './iati-export.routes';
import { registerCrosswalk } from './crosswalk.routes';
import { operationScope } from '../middleware/bearer';
import { exportRoutes } from './exports.routes';
import { isPublicApiPath } from '../middleware/embedding';
import { corsHeaders, documentInfo, errorResponses, jsonBody, ok, registerSecuritySchemes } from './openapi';
import { searchQuery } from './search-query';
import { jsonAnswer } from '../body';

/** A numeric id in the path: digits only, within a PostgreSQL integer; anything else is `invalid_format`, naming `id`. */
const idParams = z.object({
  id: z
    .string()
    .refine((s) => /^\d+$/.test(s) && Number(s) >= 1 && Number(s) <= 2147483647, { message: 'invalid_format' })
    .transform(Number)
    .meta({ type: 'integer', minimum: 1, maximum: 2147483647 }),
});

// Any name is taken and an unknown one is not found (404), as for any other missing resource; the document lists the names.
const vocabularyParams = z.object({ name: z.string().meta({ enum: [...VOCABULARY_NAMES] }) });

/** Every request the declarations refuse answers as any other validation error: 400, its details named by field and localised by the error handler. */
const refuseInvalid: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw new AppError('validation_failed', zodDetails(result.error.issues));
};

/** Sign-in is asked before the id or the body is read: a visitor learns nothing about which ids exist or what is valid. */
const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('actor')) throw new AppError('unauthenticated');
  await next();
};

/** A JSON body is required before it is validated: 400 `json_expected` for another type, `invalid_json` for broken JSON. */
const jsonRequest: MiddlewareHandler<AppEnv> = async (c, next) => {
  // The media type exactly (parameters allowed), as the body validator reads it: anything else would pass here and fail there.
  if (!/^application\/json(;\s*[a-zA-Z0-9-]+=[^;]+)*$/i.test(c.req.header('content-type') ?? ''))
    throw new AppError('bad_request', [{ field: '', code: 'json_expected' }]);
  try {
    await c.req.json();
  } catch {
    throw new AppError('bad_request', [{ field: '', code: 'invalid_json' }]);
  }
  await next();
};

/**
 * An entry as the API documents it. `Entry` still types an activity's own fields as plain strings
 * (the stored values are the vocabulary's, checked on every write), so the presenter's output is
 * narrowed here rather than re-validated on every answer.
 */
const present = (entry: Entry, baseUrl: string) => presentEntry(entry, baseUrl) as z.output<typeof publicEntrySchema>;

const session = { security: [{ session: [], csrf: [] }] };
/** A route that takes a session (with its CSRF token) or an organisation's API token with the scope it needs (`TOKEN_ROUTES`). */
const sessionOrToken = (operationId: string) => {
  const scope = operationScope(operationId);
  if (!scope) throw new Error(`${operationId} takes no token`);
  const security: Array<Record<string, string[]>> = [{ session: [], csrf: [] }, { bearerAuth: [scope] }];
  return { operationId, security };
};
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The JSON API: each route declared once (`createRoute`) gives its validation, its handler's types and its part of the OpenAPI document. */
export function apiRoutes() {
  const api = new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid });
  registerSecuritySchemes(api);
  // Exports with a fixed path come before any `/api/v1/exports/{format}` route, which would otherwise take them.
  registerIatiExport(api);
  registerCrosswalk(api);

  const search = (path: string, operationId: string, summary: string, tag: string, kind: EntryKind | undefined) =>
    api.openapi(
      createRoute({
        method: 'get',
        path,
        operationId,
        summary,
        tags: [tag],
        request: { query: searchQuery },
        responses: { ...ok(entrySearchResponseSchema), ...errorResponses([400]) },
      }),
      async (c) => {
        const deps = c.get('deps');
        const parsed = c.req.valid('query');
        const input = kind ? { ...parsed, kind: [kind] } : parsed;
        const result = await searchEntries(deps, input, input.lang, { visitor: !c.get('actor') });
        return jsonAnswer(
          c,
          {
            data: result.activities.map((a) => present(a, deps.config.baseUrl)),
            meta: { total: result.total, page: result.page, pageSize: result.pageSize, pages: Math.ceil(result.total / result.pageSize) },
            facets: Object.fromEntries(
              FACETS.map((f) => [f, result.facets[f].map((v) => ({ ...v, label: facetValueLabel(deps.taxonomy, f, v.value, input.lang) }))]),
            ),
          },
          200,
        );
      },
    );

  search('/api/v1/search', 'searchEntries', 'Search every kind of published entry at once; the kind facet counts and filters them', 'search', undefined);
  // Each kind's resource has the conventions of the activities': a search with facets, and one entry by id.
  for (const kind of ENTRY_KINDS) {
    const path = KIND_PATHS[kind];
    search(`/api/v1/${path}`, `search${capital(path)}`, `Search published ${path}, with filters, sort, paging and disjunctive facet counts`, path, kind);
    api.openapi(
      createRoute({
        method: 'get',
        path: `/api/v1/${path}/{id}`,
        operationId: `get${capital(kind)}`,
        summary: `One published ${kind}`,
        tags: [path],
        request: { params: idParams },
        responses: { ...ok(entryResponseSchema), ...errorResponses([400, 404]) },
      }),
      async (c) => {
        const entry = await getPublishedEntry(c.get('deps'), c.req.valid('param').id, { visitor: !c.get('actor') });
        // One id space for every kind: an id of another kind is not found under this resource.
        if (entry.kind !== kind) throw new AppError('not_found');
        return jsonAnswer(c, { data: present(entry, c.get('deps').config.baseUrl) }, 200);
      },
    );
  }

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/vocabularies/{name}',
      operationId: 'getVocabulary',
      summary: 'A vocabulary (action lines, SDGs, countries, regions, …) with labels in the six UN languages',
      tags: ['vocabularies'],
      request: { params: vocabularyParams },
      responses: { ...ok(vocabularyResponseSchema), ...errorResponses([400, 404]) },
    }),
    (c) => {
      const { name } = c.req.valid('param');
      if (!isVocabularyName(name)) throw new AppError('not_found');
      return c.json(presentVocabulary(c.get('deps').taxonomy, name), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/questionnaire',
      operationId: 'getQuestionnaire',
      summary: 'The questionnaire’s steps and submission rules (required fields, word limits)',
      tags: ['submissions'],
      responses: ok(questionnaireResponseSchema),
    }),
    (c) => c.json(presentQuestionnaire(), 200),
  );

  const submissionJson = async (c: Context<AppEnv>, id: number) => {
    const view = await readSubmission(c.get('deps'), c.get('actor'), id);
    return presentSubmission({ ...view, problems: submissionProblems(view.data, c.get('deps').taxonomy) });
  };
  const submissionErrors = errorResponses([400, 401, 403, 404, 409]);
  // Routes that take an API token may also answer 429 (its budget is spent).
  const tokenSubmissionErrors = errorResponses([400, 401, 403, 404, 409, 429]);

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/submissions',
      summary: 'Start a draft: a new entry for an organisation, or an update of a published entry',
      tags: ['submissions'],
      ...sessionOrToken('startSubmission'),
      middleware: [signedIn, jsonRequest] as const,
      request: { body: jsonBody(startSubmissionSchema) },
      responses: { ...ok(submissionResponseSchema, 201), ...tokenSubmissionErrors },
    }),
    async (c) => {
      const id = await startSubmission(submissionDeps(c), c.get('actor'), c.req.valid('json'));
      return c.json(await submissionJson(c, id), 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/submissions/{id}',
      summary: 'A submission, with what still blocks it and the curators’ comments',
      tags: ['submissions'],
      ...sessionOrToken('getSubmission'),
      middleware: [signedIn] as const,
      request: { params: idParams },
      responses: { ...ok(submissionResponseSchema), ...errorResponses([400, 401, 403, 404, 429]) },
    }),
    async (c) => c.json(await submissionJson(c, c.req.valid('param').id), 200),
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/submissions/{id}',
      summary: 'Save part of a draft (the fields given replace those stored)',
      tags: ['submissions'],
      ...sessionOrToken('saveSubmission'),
      middleware: [signedIn, jsonRequest] as const,
      request: { params: idParams, body: jsonBody(draftPatchSchema) },
      responses: { ...ok(submissionResponseSchema), ...tokenSubmissionErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      // Zod fills in defaults for the fields not given; only those the client sent replace what is stored.
      const given = (await c.req.json()) as Record<string, unknown>;
      await saveDraft(submissionDeps(c), c.get('actor'), id, onlyGiven(given, c.req.valid('json')));
      return c.json(await submissionJson(c, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/submissions/{id}/submit',
      summary: 'Send a draft to the curators; refused with every broken rule while any remains',
      tags: ['submissions'],
      ...sessionOrToken('submitSubmission'),
      middleware: [signedIn] as const,
      request: { params: idParams },
      responses: { ...ok(submissionResponseSchema), ...tokenSubmissionErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await submit(submissionDeps(c), c.get('actor'), id);
      return c.json(await submissionJson(c, id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/submissions/{id}/decision',
      operationId: 'decideSubmission',
      summary: 'A curator approves, rejects (with a reason) or asks for changes (with a comment per field)',
      tags: ['submissions'],
      ...session,
      middleware: [signedIn, jsonRequest] as const,
      request: { params: idParams, body: jsonBody(decisionSchema) },
      responses: { ...ok(submissionResponseSchema), ...submissionErrors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      await decide(submissionDeps(c), c.get('actor'), id, c.req.valid('json'));
      return c.json(await submissionJson(c, id), 200);
    },
  );

  exportRoutes(api);

  api.get('/api/openapi.json', (c) => {
    const { config } = c.get('deps');
    const doc = api.getOpenAPI31Document(
      documentInfo({ title: config.siteName, serverUrl: config.baseUrl, version: '1.0.0', embedOrigins: config.embedOrigins }),
    );
    // Every public read answers with the CORS headers (src/http/middleware/embedding.ts): each of its answers declares them.
    const headers = corsHeaders(config.embedOrigins);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (!isPublicApiPath(path)) continue;
      for (const response of Object.values(item?.get?.responses ?? {})) {
        if (response && typeof response === 'object' && !('$ref' in response)) response.headers = { ...headers, ...response.headers };
      }
    }
    return c.json(doc);
  });

  return api;
}
