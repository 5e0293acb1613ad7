import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { checkLeadingBytes, LEADING_BYTES, MAX_UPLOAD_BYTES } from './file-check';

/** An uploaded file as it arrives: its name and its bytes as a stream, with the request's size as a hint. */
export interface IncomingFile {
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  /** At most this many bytes can arrive (the request's declared length), when known. */
  sizeHint?: number | undefined;
}

/** A refused upload, as a localised validation error on the form's file field. */
export const fileProblem = (problem: string) =>
  new AppError('validation_failed', [{ field: 'file', code: `file_${problem}`, params: { mb: MAX_UPLOAD_BYTES / 1024 / 1024 } }]);

/**
 * Reads an upload's bytes into one buffer (the only whole copy), hashing as they come. The name and the
 * first bytes are judged as soon as they are there, so a wrong type is refused before the rest is read,
 * and reading stops the moment the size limit is crossed.
 */
export async function receiveFile(
  file: IncomingFile,
  maxBytes: number = MAX_UPLOAD_BYTES,
  // Images bring their own judge: how many leading bytes it needs, and the error a wrong file gets.
  judge: { bytes: number; problem: (name: string, leading: Uint8Array) => AppError | null } = {
    bytes: LEADING_BYTES,
    problem: (name, leading) => {
      const problem = name === '' ? 'bad_name' : checkLeadingBytes(name, leading);
      return problem ? fileProblem(problem) : null;
    },
  },
): Promise<{ bytes: Uint8Array; sha256: string }> {
  const hash = createHash('sha256');
  let buffer = new Uint8Array(Math.min(Math.max(file.sizeHint ?? 0, judge.bytes), maxBytes + 1));
  let size = 0;
  let judged = false;
  for await (const chunk of file.chunks) {
    if (!chunk.length) continue;
    if (size + chunk.length > maxBytes)
      throw new AppError('payload_too_large', [{ field: 'file', code: 'file_too_large', params: { mb: maxBytes / 1024 / 1024 } }]);
    if (size + chunk.length > buffer.length) {
      const grown = new Uint8Array(Math.min(Math.max(buffer.length * 2, size + chunk.length), maxBytes));
      grown.set(buffer.subarray(0, size));
      buffer = grown;
    }
    buffer.set(chunk, size);
    size += chunk.length;
    hash.update(chunk);
    if (!judged && size >= judge.bytes) {
      judged = true;
      const problem = judge.problem(file.name, buffer.subarray(0, size));
      if (problem) throw problem;
    }
  }
  return { bytes: buffer.subarray(0, size), sha256: hash.digest('hex') };
}
