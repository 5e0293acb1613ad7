import { z } from 'zod';

/** One documented API operation; the same schemas validate requests at run time. */
export interface ApiOperation {
  method: 'get' | 'post' | 'patch';
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  query?: z.ZodObject;
  pathParams?: z.ZodObject;
  listKeys?: readonly string[];
  /** A JSON request body; operations with one need a session cookie and the X-CSRF-Token header. */
  body?: z.ZodType;
  /** Whether the operation needs a signed-in session. */
  session?: boolean;
  response: z.ZodType;
  errors: number[];
}

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

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed, or the CSRF token is missing',
  404: 'Not found',
  409: 'Not possible in the current state',
  413: 'Request too large',
  429: 'Too many requests',
};

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, JsonSchema>): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
    id?: string;
  };
  const { $schema: _ignored, $defs, id, ...rest } = json;
  void _ignored;
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = rewriteRefs(def) as JsonSchema;
  if (typeof id === 'string') {
    components[id] = rewriteRefs(rest) as JsonSchema;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rewriteRefs(rest) as JsonSchema;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) => {
        if (k === 'id') return [];
        if (k === '$ref' && typeof v === 'string') return [[k, v.replace('#/$defs/', '#/components/schemas/')]];
        return [[k, rewriteRefs(v)]];
      }),
    );
  }
  return value;
}

/** Builds the OpenAPI 3.1 document from the operations' Zod schemas. */
export function buildOpenApiDocument(operations: ApiOperation[], opts: { title: string; serverUrl: string; version: string }) {
  const components: Record<string, JsonSchema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  const errorRef = schemaOf(errorResponseSchema, 'output', components);
  for (const op of operations) {
    const parameters: unknown[] = [];
    for (const [location, obj] of [['path', op.pathParams], ['query', op.query]] as const) {
      if (!obj) continue;
      for (const [name, field] of Object.entries(obj.shape)) {
        const fieldSchema = schemaOf(field as z.ZodType, 'input', components);
        const isList = op.listKeys?.includes(name) ?? false;
        parameters.push({
          name,
          in: location,
          required: location === 'path',
          schema: fieldSchema,
          ...(isList ? { style: 'form', explode: true } : {}),
          ...((field as z.ZodType).description ? { description: (field as z.ZodType).description } : {}),
        });
      }
    }
    const responses: Record<string, unknown> = {
      200: { description: 'OK', content: { 'application/json': { schema: schemaOf(op.response, 'output', components) } } },
    };
    for (const status of op.errors) {
      responses[status] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/json': { schema: errorRef } } };
    }
    const openApiPath = op.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[openApiPath] = {
      ...paths[openApiPath],
      [op.method]: {
        operationId: op.operationId,
        summary: op.summary,
        tags: op.tags,
        parameters,
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input', components) } } } } : {}),
        ...(op.session ? { security: [{ session: [], csrf: [] }] } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `${opts.title} API`,
      version: opts.version,
      description: 'Read the public register (activities with filters, facet counts and paging; vocabularies), and contribute: submissions follow the same rules as the questionnaire.',
      license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
    },
    servers: [{ url: opts.serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'stk_session', description: 'The cookie set by signing in on the site (named __Host-stk_session when the site is served over https).' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token', description: 'The token in the csrf-token meta tag of any page seen with the session.' },
      },
    },
  };
}
