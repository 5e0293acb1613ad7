/**
 * A ZIP archive written as a stream, in constant memory: each file's bytes go out as they are deflated,
 * and only a few dozen bytes per file (for the central directory at the end) are kept. Small files are
 * written whole (their sizes in the local header); a streamed file has general-purpose bit 3 set and a
 * data descriptor after its data, so nothing has to be seeked back to. CRC-32 comes from node:zlib
 * (Node ≥ 20.15, as the search index's snapshots already require).
 *
 * ZIP64: a streamed file opened with `zip64: true` carries 64-bit sizes (a zip64 extra field in its local
 * and central headers, an 8-byte data descriptor), for a file that may pass 4 GiB. Others are refused
 * past 4 GiB instead of written wrong. The end of the archive gets its zip64 records only when the central
 * directory starts or ends past 4 GiB. Spreadsheet programs warn about zip64 they do not need, so it is
 * the caller's choice.
 */
import { once } from 'node:events';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** Writes bytes out, resolving when the reader can take more (backpressure) and rejecting when it has gone. */
export type ByteSink = (chunk: Buffer) => Promise<void>;

/** A file being streamed into the archive: text or bytes written in order, then `end()`. */
export interface ZipEntryWriter {
  write(data: string | Buffer): Promise<void>;
  end(): Promise<void>;
  /** Gives up the file (the archive stays unfinished): frees the compressor. */
  destroy(): void;
}

export interface ZipWriter {
  /** Adds a small file whole (deflated at once). */
  file(name: string, data: string | Buffer): Promise<void>;
  /** Starts a streamed file; no other file may be added until it ends. */
  entry(name: string, options?: { zip64?: boolean }): Promise<ZipEntryWriter>;
  /** Writes the central directory and the end record; the sink is not ended. */
  finish(): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const ZIP64_END_OF_CENTRAL = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
/** General-purpose flags: bit 3 (sizes and CRC in a data descriptor after the data), bit 11 (names in UTF-8). */
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const DEFLATED = 8;
/** Versions needed to extract: 2.0 for deflate, 4.5 for zip64. */
const V_DEFLATE = 20;
const V_ZIP64 = 45;
const MAX32 = 0xffffffff;

interface Written {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  zip64: boolean;
}

/** MS-DOS time and date fields (two-second precision, years 1980–2107), from the UTC fields of `d`. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function zip64Extra(values: readonly number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(ZIP64_EXTRA, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return b;
}

/**
 * A ZIP writer whose bytes go to `push`, each chunk after the last was taken. `level` is the deflate
 * level (zlib's 0–9); `modified` the time every file is dated with (default now).
 */
export function createZipWriter(push: ByteSink, options: { level?: number; modified?: Date } = {}): ZipWriter {
  const level = options.level ?? 6;
  const { time, date } = dosDateTime(options.modified ?? new Date());
  const written: Written[] = [];
  let offset = 0;
  let open = false;

  const emit = async (chunk: Buffer) => {
    offset += chunk.length;
    await push(chunk);
  };

  const localHeader = (name: Buffer, flags: number, crc: number, compressed: number, size: number, extra: Buffer) => {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL_HEADER, 0);
    h.writeUInt16LE(extra.length ? V_ZIP64 : V_DEFLATE, 4);
    h.writeUInt16LE(flags, 6);
    h.writeUInt16LE(DEFLATED, 8);
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(compressed, 18);
    h.writeUInt32LE(size, 22);
    h.writeUInt16LE(name.length, 26);
    h.writeUInt16LE(extra.length, 28);
    return Buffer.concat([h, name, extra]);
  };

  const begin = (name: string) => {
    if (open) throw new Error(`zip: "${name}" added while another file is being written`);
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.length > 0xffff) throw new Error('zip: file name too long');
    return bytes;
  };

  return {
    get bytes() {
      return offset;
    },

    async file(name, data) {
      const nameBytes = begin(name);
      const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      if (raw.length >= MAX32) throw new Error(`zip: "${name}" is too large to add whole`);
      const deflated = deflateRawSync(raw, { level });
      const entry: Written = { name: nameBytes, flags: FLAG_UTF8, crc: crc32(raw), compressed: deflated.length, size: raw.length, offset, zip64: false };
      written.push(entry);
      await emit(localHeader(nameBytes, entry.flags, entry.crc, entry.compressed, entry.size, Buffer.alloc(0)));
      await emit(deflated);
    },

    async entry(name, { zip64 = false } = {}) {
      const nameBytes = begin(name);
      open = true;
      const entry: Written = { name: nameBytes, flags: FLAG_UTF8 | FLAG_DESCRIPTOR, crc: 0, compressed: 0, size: 0, offset, zip64 };
      // Sizes unknown yet: zero, or 0xFFFFFFFF pointing to a zip64 field (zeros too); the descriptor has them.
      await emit(
        zip64 ? localHeader(nameBytes, entry.flags, 0, MAX32, MAX32, zip64Extra([0, 0])) : localHeader(nameBytes, entry.flags, 0, 0, 0, Buffer.alloc(0)),
      );
      const deflate = createDeflateRaw({ level });
      // Its errors reach the pump below; a write after it stopped must not throw out of an event.
      deflate.on('error', () => {});
      let failure: unknown;
      // The deflated bytes, taken as the sink takes them: a slow reader pauses deflate, which pauses `write`.
      const pump = (async () => {
        for await (const chunk of deflate as AsyncIterable<Buffer>) {
          entry.compressed += chunk.length;
          await emit(chunk);
        }
      })();
      // Observed by `write` and `end`; a rejection nobody awaits yet must not crash the process.
      pump.catch((err: unknown) => {
        failure = err ?? new Error('zip: the file failed');
      });
      const gone = pump.then(() => {
        throw new Error('zip: file ended while being written');
      });
      gone.catch(() => {});
      return {
        async write(data) {
          if (failure !== undefined) throw failure;
          const raw = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
          if (raw.length === 0) return;
          entry.crc = crc32(raw, entry.crc);
          entry.size += raw.length;
          if (!zip64 && entry.size >= MAX32) {
            deflate.destroy();
            throw new Error(`zip: "${name}" passed 4 GiB without zip64`);
          }
          if (!deflate.write(raw)) await Promise.race([once(deflate, 'drain'), gone]);
        },
        async end() {
          deflate.end();
          await pump;
          if (!zip64 && entry.compressed >= MAX32) throw new Error(`zip: "${name}" passed 4 GiB without zip64`);
          const d = Buffer.alloc(zip64 ? 24 : 16);
          d.writeUInt32LE(DATA_DESCRIPTOR, 0);
          d.writeUInt32LE(entry.crc, 4);
          if (zip64) {
            d.writeBigUInt64LE(BigInt(entry.compressed), 8);
            d.writeBigUInt64LE(BigInt(entry.size), 16);
          } else {
            d.writeUInt32LE(entry.compressed, 8);
            d.writeUInt32LE(entry.size, 12);
          }
          await emit(d);
          written.push(entry);
          open = false;
        },
        destroy() {
          deflate.destroy();
        },
      };
    },

    async finish() {
      if (open) throw new Error('zip: finished while a file is being written');
      const start = offset;
      for (const e of written) {
        const big = e.zip64 || e.offset >= MAX32;
        // A zip64 entry's sizes and offset all live in its extra field (each header field 0xFFFFFFFF says so).
        const extra = big ? zip64Extra([e.size, e.compressed, e.offset]) : Buffer.alloc(0);
        const h = Buffer.alloc(46);
        h.writeUInt32LE(CENTRAL_HEADER, 0);
        h.writeUInt16LE(V_ZIP64, 4); // made by: MS-DOS attributes (none), spec 4.5
        h.writeUInt16LE(big ? V_ZIP64 : V_DEFLATE, 6);
        h.writeUInt16LE(e.flags, 8);
        h.writeUInt16LE(DEFLATED, 10);
        h.writeUInt16LE(time, 12);
        h.writeUInt16LE(date, 14);
        h.writeUInt32LE(e.crc, 16);
        h.writeUInt32LE(big ? MAX32 : e.compressed, 20);
        h.writeUInt32LE(big ? MAX32 : e.size, 24);
        h.writeUInt16LE(e.name.length, 28);
        h.writeUInt16LE(extra.length, 30);
        // Comment length, disk number, internal and external attributes: zero.
        h.writeUInt32LE(big ? MAX32 : e.offset, 42);
        await emit(Buffer.concat([h, e.name, extra]));
      }
      const size = offset - start;
      const count = written.length;
      const needs64 = start >= MAX32 || size >= MAX32 || count >= 0xffff;
      if (needs64) {
        const end64 = offset;
        const r = Buffer.alloc(56 + 20);
        r.writeUInt32LE(ZIP64_END_OF_CENTRAL, 0);
        r.writeBigUInt64LE(44n, 4); // the size of the rest of this record
        r.writeUInt16LE(V_ZIP64, 12);
        r.writeUInt16LE(V_ZIP64, 14);
        // This disk and the central directory's disk: zero.
        r.writeBigUInt64LE(BigInt(count), 24);
        r.writeBigUInt64LE(BigInt(count), 32);
        r.writeBigUInt64LE(BigInt(size), 40);
        r.writeBigUInt64LE(BigInt(start), 48);
        r.writeUInt32LE(ZIP64_LOCATOR, 56);
        r.writeBigUInt64LE(BigInt(end64), 64);
        r.writeUInt32LE(1, 72); // disks in all
        await emit(r);
      }
      const e = Buffer.alloc(22);
      e.writeUInt32LE(END_OF_CENTRAL, 0);
      e.writeUInt16LE(Math.min(count, 0xffff), 8);
      e.writeUInt16LE(Math.min(count, 0xffff), 10);
      e.writeUInt32LE(Math.min(size, MAX32), 12);
      e.writeUInt32LE(Math.min(start, MAX32), 16);
      await emit(e);
    },
  };
}
