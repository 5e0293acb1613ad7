/** A stored file's chunks as a byte stream the client pulls: one read per chunk it takes, and a hang-up stops the reads. */
export function pulledStream(chunks: AsyncGenerator<Uint8Array, void, undefined>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** Headers of a download saved under its own name (an ASCII fallback and the UTF-8 name), never sniffed as another type. */
export function attachmentHeaders(file: { name: string; mimeType: string; size: number }): Record<string, string> {
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'content-type': file.mimeType,
    'content-length': String(file.size),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'x-content-type-options': 'nosniff',
  };
}
