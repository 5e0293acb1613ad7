import { request } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Sends a multipart form with one file over real HTTP, as a browser does: fields first, then the file,
 * written in 64 KiB pieces as the socket takes them. (Building the body with FormData and fetch copies
 * the whole file on this process's event loop, which would stall the server a test is measuring.)
 */
export async function sendMultipart(
  url: string,
  fields: Record<string, string>,
  file: { field: string; name: string; bytes: Uint8Array; type?: string },
  headers: Record<string, string> = {},
  opts: { chunked?: boolean } = {},
): Promise<{
  status: number;
  location: string | undefined;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  writtenWhenAnswered: number;
}> {
  const boundary = `----stocktake${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + file.bytes.length + tail.length;
  return new Promise((resolve, reject) => {
    const lengthHeader: Record<string, string> = opts.chunked ? {} : { 'content-length': String(length) };
    let written = 0;
    let writtenWhenAnswered = -1;
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, ...lengthHeader } },
      (res) => {
        writtenWhenAnswered = written;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            text: Buffer.concat(parts).toString('utf8'),
            headers: res.headers,
            writtenWhenAnswered,
          }),
        );
        res.on('error', reject);
      },
    );
    // The server may answer (413, 422) before it has read everything: that is an answer, not a failure.
    let answered = false;
    req.on('response', () => (answered = true));
    // A server that refuses early and stops reading may close the connection while this side is still
    // sending; the reset can then overtake its answer (what nginx's lingering close exists for). That is
    // reported as status 0 with how much had been sent, so a test can still tell an early refusal.
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (answered) return;
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') resolve({ status: 0, location: undefined, text: '', headers: {}, writtenWhenAnswered: written });
      else reject(e);
    });
    req.on('close', () => req.emit('drain'));
    void (async () => {
      const write = async (chunk: Uint8Array) => {
        written += chunk.length;
        if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', r));
      };
      await write(head);
      for (let at = 0; at < file.bytes.length && !answered && !req.destroyed; at += 64 * 1024) {
        // A closed connection never drains: stop rather than wait for it.
        await write(file.bytes.subarray(at, at + 64 * 1024));
        await nextTurn();
      }
      if (!req.destroyed) req.end(answered ? undefined : tail);
    })().catch(reject);
  });
}
