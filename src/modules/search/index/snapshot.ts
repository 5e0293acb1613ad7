import { createHash, randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { IndexState } from './memory-index';

/**
 * The search index on disk, so an instance starts from it and replays only the change log since.
 *
 * Layout: "STKSIDX\n", format version (u32 LE), meta length (u32 LE), meta (JSON), SHA-256 of
 * meta + payload (32 bytes), payload (v8.serialize of the IndexState: typed arrays and a few long
 * strings, which v8 writes as raw bytes and reads back as views of the file's buffer, no copy).
 * Measured at 100,000 entries: see docs/ARCHITECTURE.md (search index snapshot).
 */
const MAGIC = Buffer.from('STKSIDX\n', 'latin1');
/** Bumped whenever the layout or the meaning of any part changes: an older file is then rebuilt. */
export const SNAPSHOT_FORMAT = 2;

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

export function encodeSnapshot(meta: SnapshotMeta, state: IndexState): Buffer[] {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const payload = serialize(state);
  const head = Buffer.alloc(MAGIC.length + 8);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(SNAPSHOT_FORMAT, MAGIC.length);
  head.writeUInt32LE(metaBytes.length, MAGIC.length + 4);
  const sum = createHash('sha256').update(metaBytes).update(payload).digest();
  return [head, metaBytes, sum, payload];
}

/** Reads a snapshot; throws a SnapshotError saying what is wrong with a bad one. */
export function decodeSnapshot(file: Buffer): { meta: SnapshotMeta; state: IndexState } {
  if (file.length < MAGIC.length + 8 || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new SnapshotError('not a search index snapshot');
  const version = file.readUInt32LE(MAGIC.length);
  if (version !== SNAPSHOT_FORMAT) throw new SnapshotError(`format ${version}, this version reads ${SNAPSHOT_FORMAT}`);
  const metaLength = file.readUInt32LE(MAGIC.length + 4);
  const metaStart = MAGIC.length + 8;
  const sumStart = metaStart + metaLength;
  const payloadStart = sumStart + 32;
  if (file.length < payloadStart) throw new SnapshotError('truncated');
  const metaBytes = file.subarray(metaStart, sumStart);
  const payload = file.subarray(payloadStart);
  const sum = createHash('sha256').update(metaBytes).update(payload).digest();
  if (!sum.equals(file.subarray(sumStart, payloadStart))) throw new SnapshotError('checksum mismatch (truncated or corrupt)');
  let meta: SnapshotMeta;
  let state: IndexState;
  try {
    meta = JSON.parse(metaBytes.toString('utf8')) as SnapshotMeta;
    state = deserialize(payload) as IndexState;
  } catch (e) {
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
