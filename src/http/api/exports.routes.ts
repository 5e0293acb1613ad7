import { PassThrough, Readable } from 'node:stream';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { MULTI_VALUE_SEPARATOR } from '../../modules/exports/exports.columns';
import { EXPORT_FORMATS, EXPORT_MEDIA_TYPES, exportFileName, exportIds, MAX_EXPORT_ROWS, writeExportOf } from '../../modules/exports/exports.service';
import type { AppEnv } from '../context';
import { errorResponses } from './openapi';
import { searchQuery } from './search-query';

const formatParams = z.object({ format: z.enum(EXPORT_FORMATS).describe('The file format.') });

/**
 * `GET /api/v1/exports/{format}`: every published entry a search finds, as a file. The query is the
 * API search's (`page` and `pageSize` are accepted and ignored): the file holds exactly its `total`,
 * in its order. The ids are found first, so a bad query is a 400 before any byte is sent; then rows
 * stream from the database in batches as the client reads, and stop when it goes away.
 * A later `/api/v1/exports/<name>` route of its own must be registered before this one.
 */
export function exportRoutes(api: OpenAPIHono<AppEnv>) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/exports/{format}',
      operationId: 'exportEntries',
      summary: 'Download every published entry a search finds (no paging) as CSV, NDJSON, JSON or XLSX',
      description:
        `The same query parameters as \`/api/v1/search\` (kind and every filter, q, sort, lang); \`page\` and \`pageSize\` are ignored. ` +
        `The file holds exactly the search's \`total\` entries, in its order (at most ${MAX_EXPORT_ROWS.toLocaleString('en')}). ` +
        `CSV: RFC 4180, UTF-8 with a byte order mark, CRLF line ends, a header row, one row per entry; several values in a cell are ` +
        `joined by "${MULTI_VALUE_SEPARATOR}"; vocabularies come as codes and as labels in \`lang\`; titles and summaries in one column per language. ` +
        `XLSX: the same columns. NDJSON: one entry (the API's Entry object) per line. JSON: an array of Entry objects.`,
      tags: ['exports'],
      request: { params: formatParams, query: searchQuery },
      responses: {
        200: {
          description: 'The file, streamed',
          headers: { 'Content-Disposition': { description: 'attachment, with a dated file name (stocktake-2026-12-03.csv)', schema: { type: 'string' } } },
          content: Object.fromEntries(
            EXPORT_FORMATS.map((f) => [EXPORT_MEDIA_TYPES[f].split(';')[0]!, { schema: f === 'xlsx' ? z.string().meta({ format: 'binary' }) : z.string() }]),
          ),
        },
        ...errorResponses([400]),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { format } = c.req.valid('param');
      const query = c.req.valid('query');
      const ids = await exportIds(deps, query, query.lang);
      const headers = {
        'content-type': EXPORT_MEDIA_TYPES[format],
        'content-disposition': `attachment; filename="${exportFileName(format, new Date(), query.kind)}"`,
        // A file of the register as it is now: no shared cache keeps it (nor the in-process cache, which keeps whole bodies).
        'cache-control': 'no-store',
        'x-export-rows': String(ids.length),
      };
      if (c.req.method === 'HEAD') return new Response(null, { status: 200, headers });
      const out = new PassThrough();
      const signal = c.req.raw.signal;
      const started = performance.now();
      writeExportOf(deps, ids, format, out, { locale: query.lang, signal }).then(
        (r) => deps.log.info('export', { format, rows: r.rows, complete: r.complete, ms: Math.round(performance.now() - started) }),
        (err: unknown) => {
          deps.log.error('export failed', { format, error: String(err) });
          out.destroy(err instanceof Error ? err : new Error(String(err)));
        },
      );
      return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, { status: 200, headers });
    },
  );
}
