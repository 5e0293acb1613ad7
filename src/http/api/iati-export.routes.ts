import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { FILTERS } from '../../modules/entries/entry';
import { entrySearchSchema } from '../../modules/entries/entry.schemas';
import { exportIati } from '../../modules/iati/iati.export';
import type { AppEnv } from '../context';
import { chooseEncoding } from '../middleware/compression';
import { PUBLIC_CACHE_CONTROL } from '../middleware/public-cache';
import { queryObject } from '../query-params';
import { errorResponses } from './openapi';

/** The activities API's query, the same parameters and rules (`page` and `pageSize` are accepted and not used). */
const exportQuery = queryObject(entrySearchSchema.extend({ lang: z.enum(LOCALES).default('en').describe('Language of the title sort.') }), FILTERS);

const IATI_XML = 'application/xml; charset=utf-8';

/** The XML pieces as a byte stream the client pulls: nothing is read ahead of what it takes, and a hang-up stops the reads. */
function byteStream(chunks: AsyncGenerator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/**
 * `GET /api/v1/exports/iati`: a fixed path in its own file, registered on the API before any
 * `/api/v1/exports/{format}` route, so the two never shadow each other whichever lands first.
 */
export function registerIatiExport(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports/iati',
      operationId: 'exportIati',
      summary: 'Every published activity a search matches, as an IATI 2.03 activity file (streamed)',
      description:
        'The same query as GET /api/v1/activities; the file holds every match (page and pageSize are not used). ' +
        'Identifiers are {IATI_PUBLISHER_REF}-{id}, or the activity’s own IATI identifier when it came from IATI. ' +
        'Action lines are DAC 5-digit sectors through a published crosswalk (and vocabulary 99), SDG goals and targets tag vocabularies 2 and 3. Contacts are never exported.',
      tags: ['exports'],
      request: { query: exportQuery },
      responses: {
        200: { description: 'An iati-activities document, version 2.03', content: { 'application/xml': { schema: z.string() } } },
        ...errorResponses([400]),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const input = c.req.valid('query');
      const publisher = {
        ref: deps.config.iati.publisherRef,
        type: deps.config.iati.publisherType,
        name: c.get('siteIdentity').settings.siteName || deps.config.siteName,
        baseUrl: deps.config.baseUrl,
      };
      const file = await exportIati(deps, input, input.lang, publisher, { visitor: !c.get('actor') });
      return streamed(c, byteStream(file.chunks), file.total) as never;
    },
  );
}

/**
 * The answer, gzipped here as it streams when the client accepts it, with its own cache policy: the response
 * cache leaves an answer with one alone, and `no-transform` keeps the compression middleware from reading the
 * whole body first (it would, to measure it, for a client that takes it uncompressed).
 */
function streamed(c: Context<AppEnv>, body: ReadableStream<Uint8Array>, total: number): Response {
  const gzip = chooseEncoding(c.req.header('accept-encoding')) === 'gzip';
  const headers: Record<string, string> = {
    'content-type': IATI_XML,
    'content-disposition': 'attachment; filename="iati-activities.xml"',
    'cache-control': `${c.get('actor') ? 'no-store' : PUBLIC_CACHE_CONTROL}, no-transform`,
    vary: 'Accept-Encoding',
    'x-total-count': String(total),
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  return c.body(gzip ? body.pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : body, 200, headers);
}
