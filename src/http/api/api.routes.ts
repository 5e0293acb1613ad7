import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { refuseUnclean } from '../../lib/text';
import { FACETS, FILTERS } from '../../modules/entries/entry';
import { facetValueLabel } from '../../modules/entries/entry.labels';
import { presentEntry } from '../../modules/entries/entries.presenter';
import {
  entryIdSchema,
  entryResponseSchema,
  entrySearchResponseSchema,
  entrySearchSchema,
} from '../../modules/entries/entry.schemas';
import { getPublishedEntry, searchEntries } from '../../modules/entries/entries.service';
import { ENTRY_KINDS, KIND_PATHS, type EntryKind } from '../../modules/entries/entries';
import { presentQuestionnaire, presentSubmission, questionnaireResponseSchema, submissionResponseSchema } from '../../modules/submissions/submissions.presenter';
import { decisionSchema, draftPatchSchema, onlyGiven, startSubmissionSchema } from '../../modules/submissions/submissions.schemas';
import { decide, readSubmission, saveDraft, startSubmission, submissionProblems, submit } from '../../modules/submissions/submissions.service';
import { isVocabularyName, VOCABULARY_NAMES } from '../../modules/taxonomy/taxonomy';
import { presentVocabulary, vocabularyResponseSchema } from '../../modules/taxonomy/taxonomy.presenter';
import type { AppEnv } from '../context';
import { pathId, submissionDeps } from '../params';
import { zodDetails } from '../../lib/zod-details';
import { parseSearchParams } from '../query-params';
import { buildOpenApiDocument, type ApiOperation } from './openapi';

const apiSearchSchema = entrySearchSchema.extend({
  lang: z.enum(LOCALES).default('en').describe('Language of facet labels and of the title sort.'),
});
const vocabularyParamsSchema = z.object({ name: z.enum(VOCABULARY_NAMES) });

function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AppError('validation_failed', [{ field: '', code: 'invalid_type' }]);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('validation_failed', zodDetails(parsed.error.issues));
  return parsed.data;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Each kind's resource has the conventions of the activities': a search with facets, and one entry by id. */
const KIND_OPERATIONS: ApiOperation[] = ENTRY_KINDS.flatMap((kind): ApiOperation[] => [
  {
    method: 'get',
    path: `/api/v1/${KIND_PATHS[kind]}`,
    operationId: `search${capital(KIND_PATHS[kind])}`,
    summary: `Search published ${KIND_PATHS[kind]}, with filters, sort, paging and disjunctive facet counts`,
    tags: [KIND_PATHS[kind]],
    query: apiSearchSchema,
    listKeys: FILTERS,
    response: entrySearchResponseSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: `/api/v1/${KIND_PATHS[kind]}/:id`,
    operationId: `get${capital(kind)}`,
    summary: `One published ${kind}`,
    tags: [KIND_PATHS[kind]],
    pathParams: entryIdSchema,
    response: entryResponseSchema,
    errors: [400, 404],
  },
]);

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/search',
    operationId: 'searchEntries',
    summary: 'Search every kind of published entry at once; the kind facet counts and filters them',
    tags: ['search'],
    query: apiSearchSchema,
    listKeys: FILTERS,
    response: entrySearchResponseSchema,
    errors: [400],
  },
  ...KIND_OPERATIONS,
  {
    method: 'get',
    path: '/api/v1/vocabularies/:name',
    operationId: 'getVocabulary',
    summary: 'A vocabulary (action lines, SDGs, countries, regions, …) with labels in the six UN languages',
    tags: ['vocabularies'],
    pathParams: vocabularyParamsSchema,
    response: vocabularyResponseSchema,
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/api/v1/questionnaire',
    operationId: 'getQuestionnaire',
    summary: 'The questionnaire’s steps and submission rules (required fields, word limits)',
    tags: ['submissions'],
    response: questionnaireResponseSchema,
    errors: [],
  },
  {
    method: 'post',
    path: '/api/v1/submissions',
    operationId: 'startSubmission',
    summary: 'Start a draft: a new entry for an organisation, or an update of a published entry',
    tags: ['submissions'],
    body: startSubmissionSchema,
    session: true,
    response: submissionResponseSchema,
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/api/v1/submissions/:id',
    operationId: 'getSubmission',
    summary: 'A submission, with what still blocks it and the curators’ comments',
    tags: ['submissions'],
    pathParams: entryIdSchema,
    session: true,
    response: submissionResponseSchema,
    errors: [400, 401, 404],
  },
  {
    method: 'patch',
    path: '/api/v1/submissions/:id',
    operationId: 'saveSubmission',
    summary: 'Save part of a draft (the fields given replace those stored)',
    tags: ['submissions'],
    pathParams: entryIdSchema,
    body: draftPatchSchema,
    session: true,
    response: submissionResponseSchema,
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/submissions/:id/submit',
    operationId: 'submitSubmission',
    summary: 'Send a draft to the curators; refused with every broken rule while any remains',
    tags: ['submissions'],
    pathParams: entryIdSchema,
    session: true,
    response: submissionResponseSchema,
    errors: [400, 401, 403, 404, 409],
  },
  {
    method: 'post',
    path: '/api/v1/submissions/:id/decision',
    operationId: 'decideSubmission',
    summary: 'A curator approves, rejects (with a reason) or asks for changes (with a comment per field)',
    tags: ['submissions'],
    pathParams: entryIdSchema,
    body: decisionSchema,
    session: true,
    response: submissionResponseSchema,
    errors: [400, 401, 403, 404, 409],
  },
];

/** The JSON API under /api: thin handlers — validate, call one service, present. */
export function apiRoutes() {
  const api = new Hono<AppEnv>();

  const searchRoute = (path: string, kind: EntryKind | undefined) =>
    api.get(`/v1/${path}`, async (c) => {
      const deps = c.get('deps');
      const parsed = parseSearchParams(new URL(c.req.url).searchParams, apiSearchSchema, FILTERS);
      const input = kind ? { ...parsed, kind: [kind] } : parsed;
      const result = await searchEntries(deps, input, input.lang);
      const { taxonomy } = deps;
      return c.json({
        data: result.activities.map((a) => presentEntry(a, deps.config.baseUrl)),
        meta: { total: result.total, page: result.page, pageSize: result.pageSize, pages: Math.ceil(result.total / result.pageSize) },
        facets: Object.fromEntries(
          FACETS.map((f) => [f, result.facets[f].map((v) => ({ ...v, label: facetValueLabel(taxonomy, f, v.value, input.lang) }))]),
        ),
      });
    });
  searchRoute('search', undefined);
  for (const kind of ENTRY_KINDS) {
    searchRoute(KIND_PATHS[kind], kind);
    api.get(`/v1/${KIND_PATHS[kind]}/:id`, async (c) => {
      const activity = await getPublishedEntry(c.get('deps'), pathId(c));
      // One id space for every kind: an id of another kind is not found under this resource.
      if (activity.kind !== kind) throw new AppError('not_found');
      return c.json({ data: presentEntry(activity, c.get('deps').config.baseUrl) });
    });
  }

  api.get('/v1/vocabularies/:name', (c) => {
    const name = c.req.param('name');
    if (!isVocabularyName(name)) throw new AppError('not_found');
    return c.json(presentVocabulary(c.get('deps').taxonomy, name));
  });

  const jsonBody = async (c: { req: { json: () => Promise<unknown>; header: (n: string) => string | undefined } }) => {
    if (!(c.req.header('content-type') ?? '').startsWith('application/json')) throw new AppError('bad_request', [{ field: '', code: 'json_expected' }]);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('bad_request', [{ field: '', code: 'invalid_json' }]);
    }
    // Every string in NFC; NUL, lone surrogates (JSON's `\ud800`) and control characters refused, naming the field.
    return refuseUnclean(body);
  };
  const submissionJson = async (c: Context<AppEnv>, id: number) => {
    const view = await readSubmission(c.get('deps'), c.get('actor'), id);
    return presentSubmission({ ...view, problems: submissionProblems(view.data, c.get('deps').taxonomy) });
  };

  api.get('/v1/questionnaire', (c) => c.json(presentQuestionnaire()));

  api.post('/v1/submissions', async (c) => {
    if (!c.get('actor')) throw new AppError('unauthenticated');
    const input = parseBody(startSubmissionSchema, await jsonBody(c));
    const id = await startSubmission(submissionDeps(c), c.get('actor'), input);
    return c.json(await submissionJson(c, id), 201);
  });
  // Sign-in is asked for before the id is read or looked up: a visitor learns nothing about which ids exist.
  api.get('/v1/submissions/:id', async (c) => {
    if (!c.get('actor')) throw new AppError('unauthenticated');
    return c.json(await submissionJson(c, pathId(c)));
  });
  api.patch('/v1/submissions/:id', async (c) => {
    if (!c.get('actor')) throw new AppError('unauthenticated');
    const id = pathId(c);
    const raw = await jsonBody(c);
    const patch = parseBody(draftPatchSchema, raw);
    await saveDraft(submissionDeps(c), c.get('actor'), id, onlyGiven(raw as Record<string, unknown>, patch));
    return c.json(await submissionJson(c, id));
  });
  api.post('/v1/submissions/:id/submit', async (c) => {
    if (!c.get('actor')) throw new AppError('unauthenticated');
    const id = pathId(c);
    await submit(submissionDeps(c), c.get('actor'), id);
    return c.json(await submissionJson(c, id));
  });
  api.post('/v1/submissions/:id/decision', async (c) => {
    if (!c.get('actor')) throw new AppError('unauthenticated');
    const id = pathId(c);
    const input = parseBody(decisionSchema, await jsonBody(c));
    await decide(submissionDeps(c), c.get('actor'), id, input);
    return c.json(await submissionJson(c, id));
  });

  api.get('/openapi.json', (c) => {
    const { config } = c.get('deps');
    return c.json(buildOpenApiDocument(API_OPERATIONS, { title: config.siteName, serverUrl: config.baseUrl, version: '1.0.0' }));
  });

  return api;
}

