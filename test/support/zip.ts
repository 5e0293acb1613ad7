/**
 * A small ZIP writer for building upload fixtures inside tests, so no binary files live in the repository.
 * It writes what real archivers write — local headers, a central directory and an end record — because the
 * file checker reads that structure, not just the first bytes.
 */
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

export type ZipEntryInput = {
  name: string;
  data: string | Uint8Array;
  /** 0 stores the data (the default); 8 deflates it, which ODF and EPUB forbid for `mimetype`. */
  method?: 0 | 8;
};

export type ZipOptions = {
  /** Archive comment, which sits after the end record and makes readers search backwards for it. */
  comment?: string;
  /** Also write the ZIP64 end record and locator and saturate the classic fields, as some writers always do. */
  zip64?: boolean;
};

const SIG = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50, zip64End: 0x06064b50, zip64Locator: 0x07064b50 } as const;

/** CRC-32 (IEEE) of data; node:zlib has it since Node 20.15, the table version covers older 20.x. */
export function crc32(data: Uint8Array): number {
  if (typeof zlibCrc32 === 'function') return zlibCrc32(data) >>> 0;
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Writes a ZIP archive holding the entries in the given order (the first one first, as ODF and EPUB need). */
export function writeZip(entries: readonly ZipEntryInput[], options: ZipOptions = {}): Uint8Array {
  const utf8 = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;

  for (const entry of entries) {
    const name = utf8.encode(entry.name);
    const raw = typeof entry.data === 'string' ? utf8.encode(entry.data) : entry.data;
    const method = entry.method ?? 0;
    const stored = method === 8 ? new Uint8Array(deflateRawSync(raw)) : raw;
    const crc = crc32(raw);

    const local = new Uint8Array(30 + name.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, SIG.local, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, 0x0800, true); // names are UTF-8
    l.setUint16(8, method, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, stored.length, true);
    l.setUint32(22, raw.length, true);
    l.setUint16(26, name.length, true);
    local.set(name, 30);

    const header = new Uint8Array(46 + name.length);
    const c = new DataView(header.buffer);
    c.setUint32(0, SIG.central, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, method, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, stored.length, true);
    c.setUint32(24, raw.length, true);
    c.setUint16(28, name.length, true);
    c.setUint32(42, offset, true);
    header.set(name, 46);

    parts.push(local, stored);
    central.push(header);
    offset += local.length + stored.length;
  }

  const cdOffset = offset;
  const cdSize = central.reduce((sum, part) => sum + part.length, 0);
  parts.push(...central);
  offset += cdSize;

  if (options.zip64) {
    const record = new Uint8Array(56);
    const r = new DataView(record.buffer);
    r.setUint32(0, SIG.zip64End, true);
    r.setBigUint64(4, 44n, true); // size of the rest of this record
    r.setUint16(12, 45, true);
    r.setUint16(14, 45, true);
    r.setBigUint64(24, BigInt(entries.length), true);
    r.setBigUint64(32, BigInt(entries.length), true);
    r.setBigUint64(40, BigInt(cdSize), true);
    r.setBigUint64(48, BigInt(cdOffset), true);
    const locator = new Uint8Array(20);
    const k = new DataView(locator.buffer);
    k.setUint32(0, SIG.zip64Locator, true);
    k.setBigUint64(8, BigInt(offset), true);
    k.setUint32(16, 1, true); // total number of disks
    parts.push(record, locator);
  }

  const comment = utf8.encode(options.comment ?? '');
  const end = new Uint8Array(22 + comment.length);
  const e = new DataView(end.buffer);
  e.setUint32(0, SIG.end, true);
  e.setUint16(8, options.zip64 ? 0xffff : entries.length, true);
  e.setUint16(10, options.zip64 ? 0xffff : entries.length, true);
  e.setUint32(12, options.zip64 ? 0xffffffff : cdSize, true);
  e.setUint32(16, options.zip64 ? 0xffffffff : cdOffset, true);
  e.setUint16(20, comment.length, true);
  end.set(comment, 22);
  parts.push(end);

  return concat(parts);
}

/** Joins byte arrays into one. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Every file of a zip by name, read whole by yauzl (a third-party reader, checking each entry's sizes): test archives are small. */
export function readZip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err) return reject(err);
      const files = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => {
            files.set(entry.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
