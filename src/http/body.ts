/**
 * The bodies of the answers this app builds whole, by answer. A rendered page or a compressed body is already in
 * memory as text or bytes; the steps after it (compression, the response cache's ETag) read it from here rather than
 * through the answer's stream, which costs about 0.1 ms of stream machinery per read on every cache miss.
 * A response's body never changes, so an entry is right for as long as the response lives (a WeakMap forgets it then).
 */
const bodies = new WeakMap<Response, string | Uint8Array<ArrayBuffer>>();
const encoder = new TextEncoder();

/** Notes the body a response was built from (exactly what it streams) and returns the response. */
export function withKnownBody<R extends Response>(res: R, body: string | Uint8Array<ArrayBuffer>): R {
  bodies.set(res, body);
  return res;
}

/** A new response of these bytes, with its body noted. */
export function bytesResponse(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  return withKnownBody(new Response(bytes, init), bytes);
}

/** A response's whole body as bytes: from the note when it has one, else read from its stream. */
export async function bodyBytes(res: Response): Promise<Uint8Array<ArrayBuffer>> {
  const known = bodies.get(res);
  if (known === undefined) return new Uint8Array(await res.arrayBuffer());
  return typeof known === 'string' ? encoder.encode(known) : known;
}
