import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import type { IndexState } from './memory-index';

/**
 * The search index on disk, so an instance starts from it and replays only the change log since.
 *
 * Layout: "STKSIDX\n", format version (u32 LE), meta length, layout length, CRC-32 of everything
 * after this 24-byte head (u32 LE each); meta (JSON); layout (JSON: the IndexState with each typed
 * array and long string replaced by {"$": n}); zero bytes up to a multiple of 8; then the blobs, each
 * at a multiple of 8: typed arrays as their bytes (little-endian), strings as UTF-8. Loading makes
 * each typed array a view of the file's buffer (no copy, no parse) and each string one decode.
 * At 100,000 entries (331 MB) v8.serialize's format took 2.1 s to check and decode, mostly copying
 * misaligned arrays and SHA-256; this one about a tenth of that (see docs/ARCHITECTURE.md).
 */
const MAGIC = Buffer.from('STKSIDX\n', 'latin1');
const HEAD = MAGIC.length + 16;
/** Bumped whenever the layout or the meaning of any part changes: an older file is then rebuilt. */
export const SNAPSHOT_FORMAT = 3;

export interface SnapshotMeta {
  /** The newest change-log id the index had applied. */
  changeId: number;
  /** The ids it had applied in the re-read window below changeId (those may commit out of order). */
  seen: number[];
  /** When it was taken, by the database's clock (ms): the change log is pruned after a day. */
  takenAt: number;
  documents: number;
  /** Which database it was taken from (never a password): a snapshot of another one is not used. */
  database: string;
}

export class SnapshotError extends Error {}

/** Strings at least this long go to a blob of their own rather than into the layout's JSON. */
const BLOB_STRING = 4096;
const ARRAYS = {
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
  Float64Array,
  Float32Array,
} as const;
type ArrayName = keyof typeof ARRAYS;
type Blob = { kind: ArrayName; bytes: Uint8Array } | { kind: 'string'; bytes: Buffer };

const align8 = (n: number) => (n + 7) & ~7;

export function encodeSnapshot(meta: SnapshotMeta, state: IndexState): Buffer[] {
  if (endianness() !== 'LE') throw new Error('index snapshots are written on little-endian machines only');
  const blobs: Blob[] = [];
  const layout = JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length >= BLOB_STRING) {
      blobs.push({ kind: 'string', bytes: Buffer.from(value, 'utf8') });
      return { $: blobs.length - 1 };
    }
    if (ArrayBuffer.isView(value)) {
      const kind = (Object.keys(ARRAYS) as ArrayName[]).find((k) => value instanceof ARRAYS[k]);
      if (!kind) throw new Error(`a snapshot cannot hold a ${value.constructor.name}`);
      blobs.push({ kind, bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) });
      return { $: blobs.length - 1, t: kind };
    }
    return value;
  });
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const layoutBytes = Buffer.from(JSON.stringify({ layout: JSON.parse(layout) as unknown, blobs: blobs.map((b) => b.bytes.byteLength) }), 'utf8');
  const parts: Buffer[] = [metaBytes, layoutBytes];
  let offset = HEAD + metaBytes.length + layoutBytes.length;
  for (const blob of blobs) {
    const padded = align8(offset);
    if (padded > offset) parts.push(Buffer.alloc(padded - offset));
    parts.push(Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength));
    offset = padded + blob.bytes.byteLength;
  }
  let sum = 0;
  for (const part of parts) sum = crc32(part, sum);
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(SNAPSHOT_FORMAT, MAGIC.length);
  head.writeUInt32LE(metaBytes.length, MAGIC.length + 4);
  head.writeUInt32LE(layoutBytes.length, MAGIC.length + 8);
  head.writeUInt32LE(sum, MAGIC.length + 12);
  return [head, ...parts];
}

/** Reads a snapshot; throws a SnapshotError saying what is wrong with a bad one. */
export function decodeSnapshot(file: Buffer): { meta: SnapshotMeta; state: IndexState } {
  if (file.length < HEAD || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotError('not a search index snapshot');
  const version = file.readUInt32LE(MAGIC.length);
  if (version !== SNAPSHOT_FORMAT) throw new SnapshotError(`format ${version}, this version reads ${SNAPSHOT_FORMAT}`);
  if (endianness() !== 'LE') throw new SnapshotError('this machine is big-endian');
  const metaLength = file.readUInt32LE(MAGIC.length + 4);
  const layoutLength = file.readUInt32LE(MAGIC.length + 8);
  if (file.length < HEAD + metaLength + layoutLength) throw new SnapshotError('truncated');
  if (crc32(file.subarray(HEAD)) !== file.readUInt32LE(MAGIC.length + 12)) throw new SnapshotError('checksum mismatch (truncated or corrupt)');
  let meta: SnapshotMeta;
  let state: IndexState;
  try {
    meta = JSON.parse(file.toString('utf8', HEAD, HEAD + metaLength)) as SnapshotMeta;
    const { layout, blobs } = JSON.parse(file.toString('utf8', HEAD + metaLength, HEAD + metaLength + layoutLength)) as { layout: unknown; blobs: number[] };
    // Where each blob starts, as the writer laid them out.
    const starts: number[] = [];
    let offset = HEAD + metaLength + layoutLength;
    for (const length of blobs) {
      offset = align8(offset);
      starts.push(offset);
      offset += length;
    }
    if (offset !== file.length) throw new SnapshotError('its blobs do not fill the file');
    state = JSON.parse(JSON.stringify(layout), (_key, value: unknown) => {
      if (!value || typeof value !== 'object' || !('$' in value)) return value;
      const { $: n, t } = value as { $: number; t?: ArrayName };
      const start = starts[n];
      const length = blobs[n];
      if (start === undefined || length === undefined) throw new SnapshotError('a blob it names is missing');
      if (t === undefined) return file.toString('utf8', start, start + length);
      const Kind = ARRAYS[t];
      if (!Kind || length % Kind.BYTES_PER_ELEMENT !== 0) throw new SnapshotError('a blob of an unknown type or size');
      // A view of the file's bytes: the start is a multiple of 8 within the file, so aligned unless the buffer itself is not.
      const at = file.byteOffset + start;
      if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(file.buffer as ArrayBuffer, at, length / Kind.BYTES_PER_ELEMENT);
      return new Kind(Uint8Array.prototype.slice.call(file, start, start + length).buffer);
    }) as IndexState;
  } catch (e) {
    if (e instanceof SnapshotError) throw e;
    throw new SnapshotError(`unreadable: ${String(e)}`);
  }
  if (typeof meta.changeId !== 'number' || !Array.isArray(meta.seen) || typeof meta.takenAt !== 'number' || !Array.isArray(state?.segments))
    throw new SnapshotError('unexpected contents');
  return { meta, state };
}

/**
 * Writes a snapshot so that a reader only ever sees a whole file: into a new temporary file beside
 * it, flushed to disk, then renamed over the old one. Two instances writing the same path each
 * rename a whole file of their own; the last one stays.
 */
export async function writeSnapshotFile(path: string, parts: Buffer[]): Promise<number> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  let bytes = 0;
  try {
    for (const part of parts) {
      await handle.write(part);
      bytes += part.length;
    }
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(temporary, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw e;
  }
  return bytes;
}

/** The snapshot file's bytes, or null when there is none. */
export async function readSnapshotFile(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
