import { Hono } from 'hono';
import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { FACETS, FILTERS } from '../../modules/activities/activities';
import { facetValueLabel } from '../../modules/activities/activities.labels';
import { presentActivity } from '../../modules/activities/activities.presenter';
import {
  activityIdSchema,
  activityResponseSchema,
  activitySearchResponseSchema,
  activitySearchSchema,
} from '../../modules/activities/activities.schemas';
import { getPublishedActivity, searchActivities } from '../../modules/activities/activities.service';
import { isVocabularyName, VOCABULARY_NAMES } from '../../modules/taxonomy/taxonomy';
import { presentVocabulary, vocabularyResponseSchema } from '../../modules/taxonomy/taxonomy.presenter';
import type { AppEnv } from '../context';
import { parseSearchParams } from '../query-params';
import { buildOpenApiDocument, type ApiOperation } from './openapi';

const apiSearchSchema = activitySearchSchema.extend({
  lang: z.enum(LOCALES).default('en').describe('Language of facet labels and of the title sort.'),
});
const vocabularyParamsSchema = z.object({ name: z.enum(VOCABULARY_NAMES) });

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/activities',
    operationId: 'searchActivities',
    summary: 'Search published activities, with filters, sort, paging and disjunctive facet counts',
    tags: ['activities'],
    query: apiSearchSchema,
    listKeys: FILTERS,
    response: activitySearchResponseSchema,
    errors: [400],
  },
  {
    method: 'get',
    path: '/api/v1/activities/:id',
    operationId: 'getActivity',
    summary: 'One published activity',
    tags: ['activities'],
    pathParams: activityIdSchema,
    response: activityResponseSchema,
    errors: [400, 404],
  },
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
];

/** The JSON API under /api: thin handlers — validate, call one service, present. */
export function apiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/v1/activities', async (c) => {
    const deps = c.get('deps');
    const input = parseSearchParams(new URL(c.req.url).searchParams, apiSearchSchema, FILTERS);
    const result = await searchActivities(deps, input, input.lang);
    const { taxonomy } = deps;
    return c.json({
      data: result.activities.map((a) => presentActivity(a, deps.config.baseUrl)),
      meta: { total: result.total, page: result.page, pageSize: result.pageSize, pages: Math.ceil(result.total / result.pageSize) },
      facets: Object.fromEntries(
        FACETS.map((f) => [f, result.facets[f].map((v) => ({ ...v, label: facetValueLabel(taxonomy, f, v.value, input.lang) }))]),
      ),
    });
  });

  api.get('/v1/activities/:id', async (c) => {
    const parsed = activityIdSchema.safeParse({ id: c.req.param('id') });
    if (!parsed.success || !/^\d+$/.test(c.req.param('id'))) throw new AppError('validation_failed', [{ field: 'id', code: 'invalid_format' }]);
    const activity = await getPublishedActivity(c.get('deps'), parsed.data.id);
    return c.json({ data: presentActivity(activity, c.get('deps').config.baseUrl) });
  });

  api.get('/v1/vocabularies/:name', (c) => {
    const name = c.req.param('name');
    if (!isVocabularyName(name)) throw new AppError('not_found');
    return c.json(presentVocabulary(c.get('deps').taxonomy, name));
  });

  api.get('/openapi.json', (c) => {
    const { config } = c.get('deps');
    return c.json(buildOpenApiDocument(API_OPERATIONS, { title: config.siteName, serverUrl: config.baseUrl, version: '1.0.0' }));
  });

  return api;
}

