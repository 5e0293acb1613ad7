import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { CROSSWALK_VERSION } from '../../modules/crosswalk/crosswalk';
import { crosswalkResponseSchema, presentCrosswalk } from '../../modules/crosswalk/crosswalk.presenter';
import { crosswalkQuerySchema } from '../../modules/crosswalk/crosswalk.schemas';
import { findCrosswalkLinks } from '../../modules/crosswalk/crosswalk.service';
import type { AppEnv } from '../context';
import { queryObject } from '../query-params';
import { errorResponses, ok } from './openapi';

/** `GET /api/v1/crosswalk`: the WSIS–SDG links with their rationales, all or filtered; a visitor's answer is public and kept like the other vocabularies'. */
export function registerCrosswalk(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/crosswalk',
      operationId: 'getCrosswalk',
      summary: 'The WSIS–SDG crosswalk: which SDG targets each WSIS action line serves, with a rationale per link in the six UN languages',
      tags: ['vocabularies'],
      request: { query: queryObject(crosswalkQuerySchema, []) },
      responses: { ...ok(crosswalkResponseSchema), ...errorResponses([400]) },
    }),
    (c) => c.json(presentCrosswalk(findCrosswalkLinks(c.get('deps').taxonomy, c.req.valid('query')), CROSSWALK_VERSION), 200),
  );
}
