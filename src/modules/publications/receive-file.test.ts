import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../lib/errors';
import { MAX_UPLOAD_BYTES } from './file-check';
import { receiveFile } from './receive-file';

/** A file arriving in 64 KB chunks, counting how many the reader pulled. */
function arriving(first: Uint8Array, total: number) {
  const pulled = { chunks: 0 };
  const size = 64 * 1024;
  async function* chunks() {
    for (let sent = 0; sent < total; sent += size) {
      pulled.chunks++;
      const chunk = new Uint8Array(Math.min(size, total - sent));
      if (sent === 0) chunk.set(first);
      yield chunk;
    }
  }
  return { file: { name: 'report.pdf', chunks: chunks() }, pulled };
}

describe('receiveFile', () => {
  it('refuses a wrong type from its first bytes, before the rest is read', async () => {
    const total = 4 * 1024 * 1024;
    const { file, pulled } = arriving(new TextEncoder().encode('MZ\x90\x00 not a document'), total);
    await assert.rejects(receiveFile(file), (e: unknown) => e instanceof AppError && e.code === 'validation_failed' && e.details?.[0]?.field === 'file');
    assert.equal(pulled.chunks, 1, 'only the first chunk was read');
  });

  it('reads a file whose first bytes are right to its end, and refuses one over the limit as it crosses it', async () => {
    const pdfStart = new TextEncoder().encode('%PDF-1.4\n');
    const ok = arriving(pdfStart, 256 * 1024);
    const { bytes } = await receiveFile(ok.file);
    assert.equal(bytes.length, 256 * 1024);
    const big = arriving(pdfStart, MAX_UPLOAD_BYTES + 1024 * 1024);
    await assert.rejects(receiveFile(big.file), (e: unknown) => e instanceof AppError && e.code === 'payload_too_large');
    assert.ok(big.pulled.chunks <= MAX_UPLOAD_BYTES / (64 * 1024) + 1, `stopped at the limit (${big.pulled.chunks} chunks)`);
  });
});
