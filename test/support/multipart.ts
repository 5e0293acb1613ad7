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
): Promise<{ status: number; location: string | undefined; text: string }> {
  const boundary = `----stocktake${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + file.bytes.length + tail.length;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(length) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer (413, 422) before it has read everything: that is an answer, not a failure.
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', (e) => (answered ? undefined : reject(e)));
    void (async () => {
      const write = async (chunk: Uint8Array) => {
        if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', r));
      };
      await write(head);
      for (let at = 0; at < file.bytes.length && !answered && !req.destroyed; at += 64 * 1024) {
        await write(file.bytes.subarray(at, at + 64 * 1024));
        await nextTurn();
      }
      if (!req.destroyed) req.end(answered ? undefined : tail);
    })().catch(reject);
  });
}
