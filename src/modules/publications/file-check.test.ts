import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { concat, writeZip, type ZipEntryInput } from '../../../test/support/zip';
import { ALLOWED_FILE_TYPES, checkUpload, MAX_UPLOAD_BYTES, sniffFileType, type FileKind } from './file-check';

// ——— fixtures, built here so no binary file is committed ———

const ascii = (text: string) => new TextEncoder().encode(text);

/** A small but complete PDF: catalog, page tree, one page, a correct xref table and trailer. */
function pdf(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return ascii(text);
}

const CONTENT_TYPES = {
  name: '[Content_Types].xml',
  data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
};
const RELS = { name: '_rels/.rels', data: '<?xml version="1.0"?><Relationships/>' };

function ooxml(mainPart: string, extra: ZipEntryInput[] = []): Uint8Array {
  return writeZip([CONTENT_TYPES, RELS, { name: mainPart, data: '<?xml version="1.0"?><root/>' }, ...extra]);
}

function odfPackage(mimetype: string, manifest = 'META-INF/manifest.xml'): ZipEntryInput[] {
  return [
    { name: 'mimetype', data: mimetype },
    { name: manifest, data: '<?xml version="1.0"?><manifest/>' },
    { name: 'content.xml', data: '<doc/>' },
  ];
}

const rtf = () => ascii('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Annual report\\par }\r\n');

const NO_STREAM = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;

type CfbEntry = { name: string; type: 1 | 2 | 5; left?: number; right?: number; child?: number };

/**
 * A minimal OLE2 compound file: FAT sectors, DIFAT sectors when more than 109 FAT sectors are needed, then
 * the directory (at `directoryAt`, to push it far into the file). Streams are empty; only names matter here.
 */
function compoundFile(entries: CfbEntry[], options: { shift?: 9 | 12; directoryAt?: number } = {}): Uint8Array {
  const shift = options.shift ?? 9;
  const size = 2 ** shift;
  const perSector = size / 4;
  const directorySectors = Math.ceil(entries.length / (size / 128));
  let fatSectors = 1;
  let difatSectors = 0;
  let directoryAt = 0;
  for (let settled = false; !settled;) {
    directoryAt = options.directoryAt ?? fatSectors + difatSectors;
    const total = directoryAt + directorySectors;
    const nextFat = Math.ceil(total / perSector);
    const nextDifat = Math.max(0, Math.ceil((nextFat - 109) / (perSector - 1)));
    settled = nextFat === fatSectors && nextDifat === difatSectors;
    fatSectors = nextFat;
    difatSectors = nextDifat;
  }
  assert.ok(directoryAt >= fatSectors + difatSectors, 'the directory must come after the FAT and DIFAT');

  const bytes = new Uint8Array(size * (directoryAt + directorySectors + 1));
  const view = new DataView(bytes.buffer);
  const sectorAt = (sector: number) => (sector + 1) * size;
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  view.setUint16(0x18, 0x3e, true);
  view.setUint16(0x1a, shift === 9 ? 3 : 4, true);
  view.setUint16(0x1c, 0xfffe, true);
  view.setUint16(0x1e, shift, true);
  view.setUint16(0x20, 6, true);
  view.setUint32(0x28, shift === 9 ? 0 : directorySectors, true);
  view.setUint32(0x2c, fatSectors, true);
  view.setUint32(0x30, directoryAt, true);
  view.setUint32(0x38, 4096, true);
  view.setUint32(0x3c, END_OF_CHAIN, true);
  view.setUint32(0x44, difatSectors > 0 ? fatSectors : END_OF_CHAIN, true);
  view.setUint32(0x48, difatSectors, true);
  for (let i = 0; i < 109; i++) view.setUint32(0x4c + 4 * i, i < fatSectors ? i : FREE, true);
  for (let d = 0; d < difatSectors; d++) {
    const at = sectorAt(fatSectors + d);
    for (let j = 0; j < perSector - 1; j++) {
      const fat = 109 + d * (perSector - 1) + j;
      view.setUint32(at + 4 * j, fat < fatSectors ? fat : FREE, true);
    }
    view.setUint32(at + size - 4, d + 1 < difatSectors ? fatSectors + d + 1 : END_OF_CHAIN, true);
  }
  const setFat = (sector: number, value: number) => view.setUint32(sectorAt(Math.floor(sector / perSector)) + 4 * (sector % perSector), value, true);
  for (let s = 0; s < fatSectors * perSector; s++) setFat(s, FREE);
  for (let s = 0; s < fatSectors; s++) setFat(s, 0xfffffffd);
  for (let s = 0; s < difatSectors; s++) setFat(fatSectors + s, 0xfffffffc);
  for (let s = 0; s < directorySectors; s++) setFat(directoryAt + s, s + 1 < directorySectors ? directoryAt + s + 1 : END_OF_CHAIN);

  const slots = directorySectors * (size / 128);
  for (let i = 0; i < slots; i++) {
    const at = sectorAt(directoryAt + Math.floor(i / (size / 128))) + (i % (size / 128)) * 128;
    const entry = entries[i];
    view.setUint32(at + 0x44, entry?.left ?? NO_STREAM, true);
    view.setUint32(at + 0x48, entry?.right ?? NO_STREAM, true);
    view.setUint32(at + 0x4c, entry?.child ?? NO_STREAM, true);
    if (!entry) continue;
    for (let c = 0; c < entry.name.length; c++) view.setUint16(at + 2 * c, entry.name.charCodeAt(c), true);
    view.setUint16(at + 0x40, (entry.name.length + 1) * 2, true);
    bytes[at + 0x42] = entry.type;
    bytes[at + 0x43] = 1; // black
    view.setUint32(at + 0x74, END_OF_CHAIN, true);
  }
  return bytes;
}

/** A compound file whose root holds the given streams, linked as a chain of right siblings. */
function ole(streams: string[], options: { shift?: 9 | 12; directoryAt?: number } = {}): Uint8Array {
  return compoundFile(
    [
      { name: 'Root Entry', type: 5, child: streams.length > 0 ? 1 : NO_STREAM },
      ...streams.map((name, i): CfbEntry => ({ name, type: 2, right: i + 1 < streams.length ? i + 2 : NO_STREAM })),
    ],
    options,
  );
}

const FIXTURES: Record<FileKind, () => Uint8Array> = {
  pdf,
  docx: () => ooxml('word/document.xml'),
  xlsx: () => ooxml('xl/workbook.xml'),
  pptx: () => ooxml('ppt/presentation.xml'),
  odt: () => writeZip(odfPackage(ALLOWED_FILE_TYPES.odt)),
  ods: () => writeZip(odfPackage(ALLOWED_FILE_TYPES.ods)),
  odp: () => writeZip(odfPackage(ALLOWED_FILE_TYPES.odp)),
  doc: () => ole(['\u0001CompObj', 'WordDocument', '1Table', '\u0005SummaryInformation']),
  xls: () => ole(['Workbook', '\u0005SummaryInformation']),
  ppt: () => ole(['Current User', 'PowerPoint Document', 'Pictures']),
  rtf,
  epub: () => writeZip(odfPackage(ALLOWED_FILE_TYPES.epub, 'META-INF/container.xml')),
};
const KINDS = Object.keys(ALLOWED_FILE_TYPES) as FileKind[];

const plainZip = () =>
  writeZip([
    { name: 'readme.txt', data: 'hello' },
    { name: 'data/table.csv', data: 'a,b\n1,2\n' },
  ]);
const endRecordOf = (zip: Uint8Array) => zip.length - 22;
const withU32 = (bytes: Uint8Array, at: number, value: number) => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(at, value, true);
  return copy;
};
const withU16 = (bytes: Uint8Array, at: number, value: number) => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(at, value, true);
  return copy;
};

// ——— tests ———

describe('sniffFileType', () => {
  it('has a fixture for every allowed kind and recognises each one', () => {
    assert.deepEqual(Object.keys(FIXTURES).sort(), [...KINDS].sort());
    for (const kind of KINDS) assert.equal(sniffFileType(FIXTURES[kind]()), kind, kind);
  });

  it('refuses executables, web pages, plain text and empty input', () => {
    assert.equal(sniffFileType(concat([ascii('MZ\x90\x00'), new Uint8Array(200)])), null);
    assert.equal(sniffFileType(ascii('<!doctype html><html><body>%PDF-1.4 %%EOF</body></html>')), null);
    assert.equal(sniffFileType(ascii('just some text')), null);
    assert.equal(sniffFileType(new Uint8Array()), null);
  });

  describe('PDF and RTF', () => {
    it('wants a version after %PDF- and %%EOF near the end, so a cut-off upload is refused', () => {
      const full = pdf();
      assert.equal(sniffFileType(full.subarray(0, full.length - 10)), null);
      assert.equal(sniffFileType(ascii('%PDF-x.y\n%%EOF')), null);
      assert.equal(sniffFileType(concat([full, new Uint8Array(2000)])), null, '%%EOF more than 1 KiB before the end');
      assert.equal(sniffFileType(concat([ascii(' '), full])), null, 'the magic must be at offset 0');
    });

    it('wants an RTF document to close its group', () => {
      const full = rtf();
      assert.equal(sniffFileType(concat([full, new Uint8Array(3)])), 'rtf', 'trailing NULs are tolerated');
      assert.equal(sniffFileType(full.subarray(0, full.length - 5)), null);
    });
  });

  describe('ZIP-based formats', () => {
    it('refuses a ZIP that is none of the formats', () => {
      assert.equal(sniffFileType(plainZip()), null);
      assert.equal(sniffFileType(writeZip([])), null);
    });

    it('needs [Content_Types].xml and exactly one of word/, xl/, ppt/ for OOXML', () => {
      assert.equal(sniffFileType(writeZip([RELS, { name: 'word/document.xml', data: '<w/>' }])), null);
      assert.equal(sniffFileType(ooxml('word/document.xml', [{ name: 'xl/workbook.xml', data: '<x/>' }])), null);
      assert.equal(sniffFileType(ooxml('custom/part.xml')), null);
      // An embedded workbook lives under word/, so it does not make the document ambiguous.
      assert.equal(sniffFileType(ooxml('word/document.xml', [{ name: 'word/embeddings/Sheet1.xlsx', data: 'PK' }])), 'docx');
    });

    it('needs ODF and EPUB mimetype to be the first file, stored, with the exact MIME type and the manifest', () => {
      const [mimetype, manifest, content] = odfPackage(ALLOWED_FILE_TYPES.odt) as [ZipEntryInput, ZipEntryInput, ZipEntryInput];
      assert.equal(sniffFileType(writeZip([manifest, mimetype, content])), null, 'mimetype not first');
      assert.equal(sniffFileType(writeZip([{ ...mimetype, method: 8 }, manifest, content])), null, 'mimetype deflated');
      assert.equal(sniffFileType(writeZip([{ ...mimetype, name: 'mimetype.txt' }, manifest, content])), null);
      assert.equal(sniffFileType(writeZip([mimetype, content])), null, 'no manifest');
      assert.equal(sniffFileType(writeZip(odfPackage('application/vnd.oasis.opendocument.text-template'))), null);
      assert.equal(sniffFileType(writeZip(odfPackage(`${ALLOWED_FILE_TYPES.odt}\n`))), null);
      assert.equal(sniffFileType(writeZip(odfPackage(ALLOWED_FILE_TYPES.epub))), null, 'EPUB needs container.xml');
    });

    it('needs the local header and the central directory to agree on mimetype', () => {
      const odt = FIXTURES.odt();
      const directory = new DataView(odt.buffer).getUint32(endRecordOf(odt) + 16, true);
      assert.equal(sniffFileType(withU16(odt, directory + 10, 8)), null, 'directory says deflated');
      const renamed = odt.slice();
      renamed[30 + 7] = 0x58; // local header name "mimetypX"
      assert.equal(sniffFileType(renamed), null, 'local header names another file');
    });

    it('finds the end record behind a comment and reads a ZIP64 end record', () => {
      assert.equal(sniffFileType(writeZip([CONTENT_TYPES, { name: 'xl/workbook.xml', data: '<x/>' }], { comment: 'x'.repeat(60_000) })), 'xlsx');
      assert.equal(sniffFileType(writeZip(odfPackage(ALLOWED_FILE_TYPES.ods), { zip64: true })), 'ods');
      assert.equal(sniffFileType(writeZip([CONTENT_TYPES, { name: 'ppt/presentation.xml', data: '<p/>' }], { zip64: true })), 'pptx');
    });

    it('refuses an archive behind a program (self-extracting executable)', () => {
      assert.equal(sniffFileType(concat([ascii('MZ'), new Uint8Array(510), FIXTURES.docx()])), null);
    });

    it('refuses every truncation of a valid archive', () => {
      for (const kind of ['docx', 'odt', 'epub'] as const) {
        const full = FIXTURES[kind]();
        for (let length = 0; length < full.length; length++) {
          assert.equal(sniffFileType(full.subarray(0, length)), null, `${kind} cut to ${length} bytes`);
        }
      }
    });

    it('refuses an end record or directory entry that points outside the bytes', () => {
      const zip = FIXTURES.docx();
      const end = endRecordOf(zip);
      assert.equal(sniffFileType(withU32(zip, end + 16, 0x7fff_fff0)), null, 'directory offset past the end');
      assert.equal(sniffFileType(withU32(zip, end + 12, 0xffff_fff0)), null, 'directory size past the end');
      assert.equal(sniffFileType(withU16(zip, end + 10, 0xfffe)), null, 'more entries than the directory holds');
      const directory = new DataView(zip.buffer).getUint32(end + 16, true);
      assert.equal(sniffFileType(withU16(zip, directory + 28, 0xffff)), null, 'name longer than the directory');
      assert.equal(sniffFileType(withU32(zip, directory, 0)), null, 'bad entry signature');
      const zip64 = writeZip([CONTENT_TYPES, { name: 'word/document.xml', data: '<w/>' }], { zip64: true });
      assert.equal(sniffFileType(withU32(zip64, zip64.length - 22 - 20 + 8, 0xffff_0000)), null, 'ZIP64 record past the end');
    });
  });

  describe('OLE2 compound files', () => {
    it('decides by the main stream in the root storage', () => {
      assert.equal(sniffFileType(ole(['Book'])), 'xls', 'Excel 5 workbooks name it Book');
      assert.equal(sniffFileType(ole(['WordDocument'], { shift: 12 })), 'doc', 'version 4, 4 KiB sectors');
      assert.equal(sniffFileType(ole(['\u0005SummaryInformation', 'Contents'])), null, 'no Office main stream');
      assert.equal(sniffFileType(ole(['WordDocument', 'Workbook'])), null, 'two main streams: refuse to guess');
      assert.equal(sniffFileType(ole([])), null);
    });

    it('ignores streams inside embedded objects', () => {
      const wordWithSheet = compoundFile([
        { name: 'Root Entry', type: 5, child: 1 },
        { name: 'WordDocument', type: 2, right: 2 },
        { name: 'ObjectPool', type: 1, child: 3 },
        { name: 'Workbook', type: 2 },
      ]);
      assert.equal(sniffFileType(wordWithSheet), 'doc');
      const onlyEmbedded = compoundFile([
        { name: 'Root Entry', type: 5, child: 1 },
        { name: 'ObjectPool', type: 1, child: 2 },
        { name: 'WordDocument', type: 2 },
      ]);
      assert.equal(sniffFileType(onlyEmbedded), null);
    });

    it("follows the DIFAT to a directory whose FAT sector is not among the header's 109", () => {
      const big = ole(['Workbook'], { directoryAt: 14_100 }); // 109 FAT sectors map 13,952 sectors
      const header = new DataView(big.buffer);
      assert.ok(header.getUint32(0x2c, true) > 109 && header.getUint32(0x48, true) === 1, 'fixture needs a DIFAT sector');
      assert.equal(sniffFileType(big), 'xls');
      const difat = header.getUint32(0x44, true);
      const looping = withU32(withU32(big, (difat + 1) * 512 + 508, difat), 0x2c, 0xffff_ffff);
      assert.equal(sniffFileType(looping), null, 'a DIFAT chain that loops back on itself');
    });

    it('refuses every truncation, and corrupt headers, chains and trees, without hanging', () => {
      const doc = ole(['WordDocument']);
      for (let length = 0; length < doc.length; length++) {
        assert.equal(sniffFileType(doc.subarray(0, length)), null, `cut to ${length} bytes`);
      }
      // Layout of ole(): header, FAT in sector 0 (at 512), directory in sector 1 (at 1024).
      assert.equal(sniffFileType(withU16(doc, 0x1e, 10)), null, 'unknown sector size');
      assert.equal(sniffFileType(withU16(doc, 0x1c, 0xfeff)), null, 'wrong byte order');
      assert.equal(sniffFileType(withU32(doc, 0x30, 5000)), null, 'directory sector past the end');
      assert.equal(sniffFileType(withU32(doc, 512 + 4, 1)), null, 'directory chain loops onto itself');
      assert.equal(sniffFileType(withU32(doc, 0x4c, 0xffff_fff0)), null, 'FAT sector number out of range');
      assert.equal(sniffFileType(withU32(doc, 1024 + 0x4c, 1000)), null, 'root child id out of range');
      assert.equal(sniffFileType(withU32(doc, 1024 + 128 + 0x48, 1)), null, 'sibling link back to itself');
      assert.equal(sniffFileType(withU16(doc, 1024 + 128 + 0x40, 200)), null, 'name length beyond the field');
      const notRoot = doc.slice();
      notRoot[1024 + 0x42] = 2;
      assert.equal(sniffFileType(notRoot), null, 'entry 0 is not the root');
    });
  });
});

describe('checkUpload', () => {
  it('accepts each allowed kind with its MIME type', () => {
    for (const kind of KINDS) {
      assert.deepEqual(checkUpload({ name: `Annual report 2024.${kind}`, bytes: FIXTURES[kind]() }), {
        ok: true,
        kind,
        mimeType: ALLOWED_FILE_TYPES[kind],
        safeName: `Annual report 2024.${kind}`,
      });
    }
  });

  it('answers type_not_allowed for content outside the list, whatever the name says', () => {
    const exe = concat([ascii('MZ\x90\x00\x03\x00\x00\x00'), new Uint8Array(120)]);
    assert.deepEqual(checkUpload({ name: 'x.pdf', bytes: exe }), { ok: false, problem: 'type_not_allowed' });
    assert.deepEqual(checkUpload({ name: 'x.pdf', bytes: ascii('<html><body>Hi</body></html>') }), { ok: false, problem: 'type_not_allowed' });
    assert.deepEqual(checkUpload({ name: 'x.zip', bytes: plainZip() }), { ok: false, problem: 'type_not_allowed' });
    assert.deepEqual(checkUpload({ name: 'x.docx', bytes: plainZip() }), { ok: false, problem: 'type_not_allowed' });
  });

  it('answers extension_mismatch when the name lies about allowed content', () => {
    assert.deepEqual(checkUpload({ name: 'x.docx', bytes: pdf() }), { ok: false, problem: 'extension_mismatch' });
    assert.deepEqual(checkUpload({ name: 'x.doc', bytes: FIXTURES.xls() }), { ok: false, problem: 'extension_mismatch' });
    assert.deepEqual(checkUpload({ name: 'x.zip', bytes: FIXTURES.odt() }), { ok: false, problem: 'extension_mismatch' });
    assert.deepEqual(checkUpload({ name: 'report', bytes: pdf() }), { ok: false, problem: 'extension_mismatch' });
    assert.deepEqual(checkUpload({ name: '.pdf', bytes: pdf() }), { ok: false, problem: 'extension_mismatch' });
    assert.deepEqual(checkUpload({ name: 'x.pdf.exe', bytes: pdf() }), { ok: false, problem: 'extension_mismatch' });
    const upper = checkUpload({ name: 'REPORT.PDF', bytes: pdf() });
    assert.deepEqual(upper, { ok: true, kind: 'pdf', mimeType: 'application/pdf', safeName: 'REPORT.pdf' });
  });

  it('answers empty for no bytes, and too_large one byte past the limit but not at it', () => {
    assert.deepEqual(checkUpload({ name: 'x.pdf', bytes: new Uint8Array() }), { ok: false, problem: 'empty' });
    const bytes = pdf();
    assert.deepEqual(checkUpload({ name: 'x.pdf', bytes }, bytes.length - 1), { ok: false, problem: 'too_large' });
    assert.equal(checkUpload({ name: 'x.pdf', bytes }, bytes.length).ok, true);
    const huge = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    assert.deepEqual(checkUpload({ name: 'x.pdf', bytes: huge }), { ok: false, problem: 'too_large' });
  });

  it('answers bad_name for empty, over-long, path-like and control-character names', () => {
    const bad = [
      '',
      '   ',
      '../x.pdf',
      'a/b.pdf',
      'a\\b.pdf',
      'x\u0000.pdf',
      'x\n.pdf',
      'x\u007f.pdf',
      'x\u0085.pdf',
      'report\u202Efdp.pdf',
      `${'a'.repeat(197)}.pdf`,
    ];
    for (const name of bad) {
      assert.deepEqual(checkUpload({ name, bytes: pdf() }), { ok: false, problem: 'bad_name' }, JSON.stringify(name));
    }
    assert.equal(checkUpload({ name: `${'a'.repeat(196)}.pdf`, bytes: pdf() }).ok, true, '200 characters is allowed');
    assert.equal(checkUpload({ name: `${'报'.repeat(196)}.pdf`, bytes: pdf() }).ok, true, 'counted in characters');
  });

  describe('safeName', () => {
    const safeName = (name: string) => {
      const verdict = checkUpload({ name, bytes: pdf() });
      assert.ok(verdict.ok, `${name} should be accepted`);
      return verdict.safeName;
    };

    it('keeps letters and digits of any script', () => {
      assert.equal(safeName('تقرير سنوي ٢٠٢٤.pdf'), 'تقرير سنوي ٢٠٢٤.pdf');
      assert.equal(safeName('年度报告 (草案).pdf'), '年度报告 (草案).pdf');
      assert.equal(safeName('Отчёт-2024_v2.pdf'), 'Отчёт-2024_v2.pdf');
      assert.equal(safeName('hindi हिन्दी.pdf'), 'hindi हिन्दी.pdf', 'combining vowel signs stay');
      assert.equal(safeName('Cafe\u0301.pdf'), 'Café.pdf', 'decomposed accents are composed');
    });

    it('replaces everything else, including leading dots, with _', () => {
      assert.equal(safeName('a<b>:"c"|?*.pdf'), 'a_b___c____.pdf');
      assert.equal(safeName('年度报告（草案）.pdf'), '年度报告_草案_.pdf', 'full-width brackets are not in the list');
      assert.equal(safeName('..hidden.pdf'), '__hidden.pdf');
      assert.equal(safeName('tab\there.pdf'.replace('\t', '\u00a0')), 'tab_here.pdf');
      assert.equal(safeName('  .pdf'), 'file.pdf');
    });

    it('stays within 120 characters, keeps the extension, and never splits a character', () => {
      assert.equal(safeName(`${'x'.repeat(150)}.pdf`), `${'x'.repeat(116)}.pdf`);
      const astral = safeName(`${'\u{20000}'.repeat(150)}.pdf`);
      assert.equal(astral, `${'\u{20000}'.repeat(58)}.pdf`);
      assert.ok(astral.length <= 120);
    });
  });
});

describe('hostile input', () => {
  const isVerdict = (kind: FileKind | null) => kind === null || KINDS.includes(kind);
  const bytesAfter = (prefix: Uint8Array) => fc.uint8Array({ maxLength: 4096 }).map((tail) => concat([prefix, tail]));
  const cfbHeader = ole(['WordDocument']).subarray(0, 0x4c);

  it('never throws on random bytes, and answers null or an allowed kind', () => {
    for (const bytes of [
      fc.uint8Array({ maxLength: 4096 }),
      bytesAfter(ascii('PK\x03\x04')),
      bytesAfter(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)),
      bytesAfter(cfbHeader),
    ]) {
      fc.assert(
        fc.property(bytes, (b) => isVerdict(sniffFileType(b))),
        { numRuns: 2000 },
      );
    }
  });

  it('never throws on valid files with random bytes overwritten and random truncation', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...KINDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.option(fc.nat()))
      .map(([kind, edits, cut]) => {
        const bytes = FIXTURES[kind]();
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        return cut === null ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      });
    fc.assert(
      fc.property(mutated, (b) => isVerdict(sniffFileType(b))),
      { numRuns: 2000 },
    );
  });

  it('never throws on random names, and any accepted name is safe', () => {
    const bytes = pdf();
    const names = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 250 }).map((s) => `${s}.pdf`),
      fc.string({ unit: 'binary', maxLength: 250 }),
    );
    fc.assert(
      fc.property(names, (name) => {
        const verdict = checkUpload({ name, bytes });
        if (!verdict.ok) return ['bad_name', 'extension_mismatch'].includes(verdict.problem);
        return (
          /^[\p{L}\p{M}\p{Nd} .\-_()]+$/u.test(verdict.safeName) &&
          verdict.safeName.length <= 120 &&
          verdict.safeName.endsWith('.pdf') &&
          !verdict.safeName.startsWith('.')
        );
      }),
      { numRuns: 2000 },
    );
  });
});
