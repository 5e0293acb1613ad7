import { crc32 } from 'node:zlib';

/** A PNG whose header claims another size than its pixels: what a decompression bomb looks like to a header reader. */
export function withClaimedSize(png: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(png);
  const view = new DataView(out.buffer);
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the chunk's CRC covers type and data (17 bytes).
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(out.subarray(12, 29)) >>> 0);
  return out;
}
