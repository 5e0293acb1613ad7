import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { AppError } from '../lib/errors';
import type { AppEnv } from './context';

/** Room for the form's other fields and the multipart framing, on top of the file itself. */
const FORM_ROOM = 64 * 1024;
const STREAMED = Symbol('streams its own body');

export interface StreamedFile {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  sizeHint: number | undefined;
}

type StreamedUpload = MiddlewareHandler<AppEnv> & { [STREAMED]: { maxBytes: number } };

/**
 * Whether this request's body is a multipart form going to a route that reads it as a stream (and carries
 * its own size limit). Any other body sent there gets the ordinary limits and checks.
 */
export function streamsItsBody(c: Context): boolean {
  return (c.req.header('content-type') ?? '').startsWith('multipart/form-data') && matchedRoutes(c).some((r) => STREAMED in r.handler);
}

/**
 * A route's multipart body read as a stream (busboy), with the route's own size limit: a declared
 * length over it is refused before a byte is read, and the file's own count is enforced as it flows
 * (`receiveFile`). The CSRF token must come as a form field before the file (browsers send fields in
 * document order) or as the X-CSRF-Token header, so it is checked before any of the file is read.
 * The handler gets the file (or null) as `c.get('upload')`, and the fields sent before it as `c.get('uploadFields')`;
 * what it leaves unread is drained.
 */
export function streamedUpload(opts: { maxBytes: number; field: string }): StreamedUpload {
  const handler: MiddlewareHandler<AppEnv> = async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (!streamsItsBody(c)) {
      // Not a multipart form (so already bounded, parsed and CSRF-checked like any form): no file came.
      c.set('upload', null);
      c.set('uploadFields', new Map());
      return next();
    }
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > opts.maxBytes + FORM_ROOM) throw new AppError('payload_too_large');
    const body = c.req.raw.body;
    if (!body) throw new AppError('bad_request', [{ field: '', code: 'form_expected' }]);

    const source = Readable.fromWeb(body as NodeReadableStream<Uint8Array>);
    const parser = busboy({
      headers: { 'content-type': type },
      defParamCharset: 'utf8',
      // One file and a few small fields: anything more is not this form.
      limits: { files: 1, fields: 8, parts: 9, fieldSize: 4096, fieldNameSize: 100, headerPairs: 20 },
    });
    const fields = new Map<string, string>();
    const file = new Promise<{ name: string; field: string; stream: Readable } | null>((resolve, reject) => {
      parser.on('field', (name, value) => fields.set(name, value));
      parser.on('file', (field, stream, info) => {
        if (field !== opts.field) {
          stream.resume();
          return;
        }
        resolve({ name: info.filename ?? '', field, stream });
      });
      parser.on('close', () => resolve(null));
      parser.on('error', () => reject(new AppError('bad_request', [{ field: '', code: 'form_expected' }])));
      for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
        parser.on(limit, () => reject(new AppError('bad_request', [{ field: '', code: 'form_too_many_values' }])));
    });
    source.on('error', () => parser.destroy());
    source.pipe(parser);
    const done = () => {
      // Whatever the handler left unread is read and dropped (up to the limit), so the answer can be sent on this connection.
      source.unpipe(parser);
      let dropped = 0;
      source.on('data', (chunk: Uint8Array) => {
        dropped += chunk.length;
        if (dropped > opts.maxBytes + FORM_ROOM) source.destroy();
      });
      source.resume();
    };
    try {
      const part = await file;
      if (!c.req.header('x-csrf-token') && fields.get('_csrf') !== c.get('csrfToken')) throw new AppError('forbidden', [{ field: '_csrf', code: 'csrf' }]);
      const upload: StreamedFile | null = part ? { name: part.name, chunks: part.stream, sizeHint: Number.isFinite(declared) ? declared : undefined } : null;
      c.set('upload', upload);
      // The fields that came before the file (a form sends its fields in document order).
      c.set('uploadFields', fields);
      await next();
    } finally {
      done();
    }
  };
  return Object.assign(handler, { [STREAMED]: { maxBytes: opts.maxBytes } });
}
