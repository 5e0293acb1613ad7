/**
 * Tells what an uploaded publication file really is from its bytes, not its name, so a renamed
 * executable or web page never gets stored and served as a document. Pure: bytes in, verdict out.
 *
 * Every read goes through the bounds-checked readers below and every loop has a limit taken from the
 * input's size, because the bytes come from strangers: a lying offset or a cyclic chain yields a
 * verdict (null), never an exception, a hang or a read past the end.
 */

/** The formats a publications repository accepts: file extension → MIME type. */
export const ALLOWED_FILE_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  rtf: 'application/rtf',
  epub: 'application/epub+zip',
} as const;

export type FileKind = keyof typeof ALLOWED_FILE_TYPES;

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type FileProblem = 'empty' | 'too_large' | 'type_not_allowed' | 'extension_mismatch' | 'bad_name';

export type UploadVerdict = { ok: true; kind: FileKind; mimeType: string; safeName: string } | { ok: false; problem: FileProblem };

/** What the bytes really are, or null when they are none of the allowed formats. */
export function sniffFileType(bytes: Uint8Array): FileKind | null {
  try {
    if (startsWith(bytes, MAGIC.pdf)) return isCompletePdf(bytes) ? 'pdf' : null;
    if (startsWith(bytes, MAGIC.rtf)) return isCompleteRtf(bytes) ? 'rtf' : null;
    // Requiring the local header at offset 0 rejects self-extracting executables, whose archive follows a program.
    if (startsWith(bytes, MAGIC.zip)) return sniffZip(bytes);
    if (startsWith(bytes, MAGIC.cfb)) return sniffCompoundFile(bytes);
    return null;
  } catch (error) {
    if (error instanceof OutOfBounds) return null;
    throw error;
  }
}

/** Checks an upload: returns its kind and MIME type, or the problem with it. */
export function checkUpload(file: { name: string; bytes: Uint8Array }, maxBytes: number = MAX_UPLOAD_BYTES): UploadVerdict {
  const { name, bytes } = file;
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  // Before sniffing, so an oversized file is never parsed.
  if (bytes.length > maxBytes) return { ok: false, problem: 'too_large' };
  // Before the bytes, because a missing or path-like name has no extension worth comparing.
  if (!isAcceptableName(name)) return { ok: false, problem: 'bad_name' };
  const kind = sniffFileType(bytes);
  if (kind === null) return { ok: false, problem: 'type_not_allowed' };
  if (extensionOf(name) !== kind) return { ok: false, problem: 'extension_mismatch' };
  return { ok: true, kind, mimeType: ALLOWED_FILE_TYPES[kind], safeName: safeFileName(name, kind) };
}

/** How many leading bytes {@link checkLeadingBytes} needs to tell the family of a file. */
export const LEADING_BYTES = 8;

// Each accepted kind begins with one of four signatures; the rest of the file only narrows it down.
const FAMILY: Record<FileKind, keyof typeof MAGIC> = {
  pdf: 'pdf',
  rtf: 'rtf',
  docx: 'zip',
  xlsx: 'zip',
  pptx: 'zip',
  odt: 'zip',
  ods: 'zip',
  odp: 'zip',
  epub: 'zip',
  doc: 'cfb',
  xls: 'cfb',
  ppt: 'cfb',
};

/**
 * Judges an upload by its name and first {@link LEADING_BYTES} bytes, so that a wrong type is refused
 * before the rest is read: the bytes must begin with a signature of an accepted format, and of the
 * format the name's extension claims. A file that passes still gets the full {@link checkUpload}.
 */
export function checkLeadingBytes(name: string, head: Uint8Array): FileProblem | null {
  if (!isAcceptableName(name)) return 'bad_name';
  const family = (Object.keys(MAGIC) as Array<keyof typeof MAGIC>).find((f) => startsWith(head, MAGIC[f]));
  if (family === undefined) return 'type_not_allowed';
  const claimed = extensionOf(name);
  if (!(claimed in FAMILY) || FAMILY[claimed as FileKind] !== family) return 'extension_mismatch';
  return null;
}

// ——— names ———

const MAX_NAME_LENGTH = 200;
const MAX_SAFE_NAME_LENGTH = 120;
const PATH_SEPARATOR = /[/\\]/;
// C0, DEL and C1 controls, plus the bidi embeddings, overrides and isolates that make
// "report\u202Efdp.exe" display as "reportexe.pdf".
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Marks are kept with letters: without them Arabic vowels, Devanagari and decomposed accents would turn into "_".
const UNSAFE_CHAR = /[^\p{L}\p{M}\p{Nd} .\-_()]/gu;

function isAcceptableName(name: string): boolean {
  if (name.trim() === '') return false;
  if ([...name].length > MAX_NAME_LENGTH) return false;
  return !PATH_SEPARATOR.test(name) && !CONTROL.test(name);
}

/** The lower-cased text after the last dot, or '' when there is none (".pdf" is a hidden file, not a PDF). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The name reduced to letters, marks, digits, space and `.-_()`, at most 120 UTF-16 units, ending in ".kind". */
function safeFileName(name: string, kind: FileKind): string {
  const normalized = name.normalize('NFC');
  const stem = normalized.slice(0, normalized.lastIndexOf('.'));
  // Leading dots would make a hidden file or a ".." look-alike wherever the name is reused.
  const cleaned = stem
    .replace(UNSAFE_CHAR, '_')
    .trim()
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  const room = MAX_SAFE_NAME_LENGTH - kind.length - 1;
  let kept = '';
  // By code point, so a letter outside the BMP is never cut in half.
  for (const char of cleaned) {
    if (kept.length + char.length > room) break;
    kept += char;
  }
  return `${kept.trimEnd() || 'file'}.${kind}`;
}

// ——— bounds-checked reading ———

/** Thrown by the readers when a structure points outside the bytes: the file is truncated or lying. */
class OutOfBounds extends Error {}

function within(bytes: Uint8Array, at: number, length: number): void {
  if (!Number.isSafeInteger(at) || at < 0 || length < 0 || at + length > bytes.length) throw new OutOfBounds();
}

function u16(bytes: Uint8Array, at: number): number {
  within(bytes, at, 2);
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  within(bytes, at, 4);
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

/** A 64-bit length or offset; anything past 2^53 cannot lie inside an array anyway. */
function u64(bytes: Uint8Array, at: number): number {
  const high = u32(bytes, at + 4);
  if (high > 0x1fffff) throw new OutOfBounds();
  return high * 0x1_0000_0000 + u32(bytes, at);
}

function slice(bytes: Uint8Array, start: number, end: number): Uint8Array {
  within(bytes, start, end - start);
  return bytes.subarray(start, end);
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function includesAt(bytes: Uint8Array, needle: Uint8Array, from: number): boolean {
  for (let i = Math.max(0, from); i + needle.length <= bytes.length; i++) {
    if (needle.every((byte, j) => bytes[i + j] === byte)) return true;
  }
  return false;
}

const MAGIC = {
  pdf: ascii('%PDF-'),
  rtf: ascii('{\\rtf'),
  zip: ascii('PK\x03\x04'),
  cfb: Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
} as const;

const utf8 = new TextDecoder('utf-8');

// ——— PDF and RTF ———

/** A version after the magic, and "%%EOF" in the last KiB as readers expect: a cut-off upload fails here. */
function isCompletePdf(bytes: Uint8Array): boolean {
  const isDigit = (at: number) => (bytes[at] ?? 0) >= 0x30 && (bytes[at] ?? 0) <= 0x39;
  if (!isDigit(5) || bytes[6] !== 0x2e || !isDigit(7)) return false;
  return includesAt(bytes, ascii('%%EOF'), bytes.length - 1024);
}

/** The document is one group, so a complete file ends with "}" (writers may add whitespace or NULs). */
function isCompleteRtf(bytes: Uint8Array): boolean {
  const stop = Math.max(0, bytes.length - 1024);
  for (let i = bytes.length - 1; i >= stop; i--) {
    const byte = bytes[i];
    if (byte === 0x7d) return true;
    if (byte !== 0x00 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x20) return false;
  }
  return false;
}

// ——— ZIP: OOXML, ODF, EPUB ———

const ZIP = {
  local: 0x04034b50,
  central: 0x02014b50,
  end: 0x06054b50,
  zip64End: 0x06064b50,
  zip64Locator: 0x07064b50,
  endSize: 22,
  centralSize: 46,
  localSize: 30,
  maxComment: 0xffff,
} as const;

type ZipEntry = { name: string; method: number; compressedSize: number; localOffset: number };

// The `mimetype` file of ODF and EPUB holds exactly these MIME types, and the package must carry its manifest.
const PACKAGE_KINDS: ReadonlyArray<{ kind: FileKind; manifest: string }> = [
  { kind: 'odt', manifest: 'META-INF/manifest.xml' },
  { kind: 'ods', manifest: 'META-INF/manifest.xml' },
  { kind: 'odp', manifest: 'META-INF/manifest.xml' },
  { kind: 'epub', manifest: 'META-INF/container.xml' },
];

const OOXML_KINDS: ReadonlyArray<{ kind: FileKind; folder: string }> = [
  { kind: 'docx', folder: 'word/' },
  { kind: 'xlsx', folder: 'xl/' },
  { kind: 'pptx', folder: 'ppt/' },
];

function sniffZip(bytes: Uint8Array): FileKind | null {
  const entries = readCentralDirectory(bytes);
  if (entries === null) return null;

  const mimetype = readLeadingMimetype(bytes, entries);
  if (mimetype !== null) {
    const match = PACKAGE_KINDS.find((p) => ALLOWED_FILE_TYPES[p.kind] === mimetype);
    return match && entries.some((e) => e.name === match.manifest) ? match.kind : null;
  }

  // OPC part names compare case-insensitively.
  const names = entries.map((e) => e.name.toLowerCase());
  if (!names.includes('[content_types].xml')) return null;
  const kinds = OOXML_KINDS.filter((o) => names.some((n) => n.startsWith(o.folder)));
  // Both word/ and xl/ at the top is no file Office writes; refuse to guess.
  return kinds.length === 1 ? (kinds[0]?.kind ?? null) : null;
}

/** The end record's position: the last signature whose comment reaches exactly to the end, else the last one that fits. */
function findEndRecord(bytes: Uint8Array): number | null {
  const last = bytes.length - ZIP.endSize;
  const stop = Math.max(0, last - ZIP.maxComment);
  let loose: number | null = null;
  for (let at = last; at >= stop; at--) {
    if (bytes[at] !== 0x50 || u32(bytes, at) !== ZIP.end) continue;
    const end = at + ZIP.endSize + u16(bytes, at + 20);
    if (end === bytes.length) return at;
    if (end < bytes.length && loose === null) loose = at;
  }
  return loose;
}

/** The central directory's entries, or null when the end record or any entry is missing or inconsistent. */
function readCentralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const end = findEndRecord(bytes);
  if (end === null) return null;
  if (u16(bytes, end + 4) !== 0 || u16(bytes, end + 6) !== 0) return null; // split archives are not uploads

  let count = u16(bytes, end + 10);
  let size = u32(bytes, end + 12);
  let offset = u32(bytes, end + 16);
  let limit = end;
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const zip64 = readZip64End(bytes, end);
    if (zip64 === null) return null;
    ({ count, size, offset } = zip64);
    limit = zip64.at;
  }
  if (offset + size > limit || count * ZIP.centralSize > size) return null;

  const entries: ZipEntry[] = [];
  const stop = offset + size;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + ZIP.centralSize > stop || u32(bytes, at) !== ZIP.central) return null;
    const nameEnd = at + ZIP.centralSize + u16(bytes, at + 28);
    if (nameEnd > stop) return null;
    entries.push({
      name: utf8.decode(slice(bytes, at + ZIP.centralSize, nameEnd)),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      localOffset: u32(bytes, at + 42),
    });
    at = nameEnd + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return at <= stop ? entries : null;
}

function readZip64End(bytes: Uint8Array, end: number): { count: number; size: number; offset: number; at: number } | null {
  const locator = end - 20;
  if (locator < 0 || u32(bytes, locator) !== ZIP.zip64Locator) return null;
  const at = u64(bytes, locator + 8);
  if (at + 56 > locator || u32(bytes, at) !== ZIP.zip64End) return null;
  return { count: u64(bytes, at + 32), size: u64(bytes, at + 40), offset: u64(bytes, at + 48), at };
}

/** The text of `mimetype` when it is the archive's first file and stored uncompressed, as ODF and EPUB require. */
function readLeadingMimetype(bytes: Uint8Array, entries: readonly ZipEntry[]): string | null {
  const nameLength = u16(bytes, 26);
  const name = utf8.decode(slice(bytes, ZIP.localSize, ZIP.localSize + nameLength));
  if (name !== 'mimetype' || u16(bytes, 8) !== 0) return null;
  const entry = entries.find((e) => e.localOffset === 0 && e.name === 'mimetype');
  // Sizes come from the central directory: the local header may defer them to a trailing descriptor.
  if (!entry || entry.method !== 0 || entry.compressedSize > 100) return null;
  const start = ZIP.localSize + nameLength + u16(bytes, 28);
  return utf8.decode(slice(bytes, start, start + entry.compressedSize));
}

// ——— OLE2 compound files: doc, xls, ppt ———

const CFB = {
  maxRegularSector: 0xfffffffa,
  noStream: 0xffffffff,
  headerFatSlots: 109,
  entrySize: 128,
  rootType: 5,
  streamType: 2,
} as const;

// The main stream in the root storage names the application; embedded objects live in sub-storages and are ignored.
const COMPOUND_KINDS: ReadonlyArray<{ kind: FileKind; streams: readonly string[] }> = [
  { kind: 'doc', streams: ['worddocument'] },
  { kind: 'xls', streams: ['workbook', 'book'] },
  { kind: 'ppt', streams: ['powerpoint document'] },
];

/**
 * Reads the compound file's directory and decides by the root's streams. A file whose directory cannot be
 * read is refused rather than trusted by its extension: every file Office writes has a readable directory.
 */
function sniffCompoundFile(bytes: Uint8Array): FileKind | null {
  if (bytes.length < 512 || u16(bytes, 0x1c) !== 0xfffe) return null;
  const shift = u16(bytes, 0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const sectorSize = 2 ** shift;
  const perSector = sectorSize / 4;
  // No chain can be longer than the number of sectors the file holds.
  const sectorCount = Math.ceil(bytes.length / sectorSize);
  const sectorAt = (sector: number): number => {
    const at = (sector + 1) * sectorSize;
    within(bytes, at, sectorSize);
    return at;
  };

  const fat = readFatLocations(bytes, sectorAt, perSector, sectorCount);
  if (fat === null) return null;
  const next = (sector: number): number => {
    const fatSector = fat[Math.floor(sector / perSector)];
    if (fatSector === undefined) throw new OutOfBounds();
    return u32(bytes, sectorAt(fatSector) + 4 * (sector % perSector));
  };

  const directory: number[] = [];
  const seen = new Set<number>();
  for (let sector = u32(bytes, 0x30); sector <= CFB.maxRegularSector; sector = next(sector)) {
    if (seen.has(sector) || directory.length >= sectorCount) return null; // a cycle
    seen.add(sector);
    directory.push(sector);
  }

  const perDirectorySector = sectorSize / CFB.entrySize;
  const entryAt = (id: number): number => {
    const sector = directory[Math.floor(id / perDirectorySector)];
    if (sector === undefined) throw new OutOfBounds();
    return sectorAt(sector) + (id % perDirectorySector) * CFB.entrySize;
  };

  const root = entryAt(0);
  if (bytes[root + 0x42] !== CFB.rootType) return null;
  const streams = new Set<string>();
  const visited = new Set<number>();
  // The root's children form a binary tree through the left and right sibling links.
  const pending = [u32(bytes, root + 0x4c)];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    if (id === CFB.noStream) continue;
    if (visited.has(id)) return null; // a cycle: the tree is corrupt
    visited.add(id);
    const at = entryAt(id);
    if (bytes[at + 0x42] === CFB.streamType) streams.add(entryName(bytes, at).toLowerCase());
    pending.push(u32(bytes, at + 0x44), u32(bytes, at + 0x48));
  }

  const kinds = COMPOUND_KINDS.filter((c) => c.streams.some((s) => streams.has(s)));
  return kinds.length === 1 ? (kinds[0]?.kind ?? null) : null;
}

/** Where each FAT sector lives: the header's 109 slots, then the DIFAT chain; null when that chain loops. */
function readFatLocations(bytes: Uint8Array, sectorAt: (sector: number) => number, perSector: number, sectorCount: number): number[] | null {
  const wanted = Math.min(u32(bytes, 0x2c), sectorCount);
  const fat: number[] = [];
  for (let i = 0; i < Math.min(wanted, CFB.headerFatSlots); i++) fat.push(u32(bytes, 0x4c + 4 * i));
  const seen = new Set<number>();
  // Each DIFAT sector adds perSector - 1 locations, so this ends within wanted / 127 rounds.
  for (let sector = u32(bytes, 0x44); fat.length < wanted && sector <= CFB.maxRegularSector;) {
    if (seen.has(sector)) return null;
    seen.add(sector);
    const at = sectorAt(sector);
    for (let i = 0; i < perSector - 1 && fat.length < wanted; i++) fat.push(u32(bytes, at + 4 * i));
    sector = u32(bytes, at + 4 * (perSector - 1));
  }
  return fat;
}

/** A directory entry's UTF-16 name (at most 31 characters plus the terminator). */
function entryName(bytes: Uint8Array, at: number): string {
  const length = u16(bytes, at + 0x40);
  if (length < 2 || length > 64 || length % 2 !== 0) return '';
  let name = '';
  for (let i = 0; i < length / 2 - 1; i++) name += String.fromCharCode(u16(bytes, at + 2 * i));
  return name;
}
