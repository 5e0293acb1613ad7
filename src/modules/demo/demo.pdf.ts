/**
 * A tiny PDF writer for the demo register's publications: one or more A4 pages of Helvetica text,
 * written by hand (PDF 1.4: catalog, pages, font, content streams, cross-reference table). Only the
 * standard font is used, so the text must be in Latin script (WinAnsi): callers pass Russian through
 * `transliterate` and give Arabic and Chinese documents in a Latin-script transcription.
 */

/** Cyrillic letters in a simple Latin transcription (close to ISO 9 / BGN usage, without diacritics). */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Russian text in Latin letters (capitals kept). */
export function transliterate(text: string): string {
  return text.replace(/[а-яё]/giu, (c) => {
    const lower = c.toLowerCase();
    const latin = CYRILLIC[lower] ?? '';
    return c === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  });
}

/** Characters WinAnsi has outside Latin-1, by their Unicode code point. */
const WIN_ANSI_EXTRA: Record<number, number> = {
  0x2013: 0x96,
  0x2014: 0x97,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2026: 0x85,
};

/** A line of text as a PDF string literal in WinAnsi; characters it cannot hold become "?". */
function pdfString(text: string): string {
  let out = '(';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const byte = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : (WIN_ANSI_EXTRA[cp] ?? 0x3f);
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** Splits a paragraph into lines of at most `width` characters, at spaces. */
function wrap(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of paragraph.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

export interface PdfDocument {
  title: string;
  /** Paragraphs of body text; an empty string leaves a blank line. */
  paragraphs: string[];
  /** The document's language tag (the catalog's /Lang). */
  language: string;
}

const PAGE = { width: 595, height: 842, margin: 56, leading: 15, lines: 48 } as const;

/** A small, valid PDF holding the title (bold, larger) and the paragraphs, wrapped, over as many pages as they need. */
export function writePdf(doc: PdfDocument): Uint8Array {
  type Line = { text: string; bold: boolean };
  const lines: Line[] = [...wrap(doc.title, 60).map((text) => ({ text, bold: true })), { text: '', bold: false }];
  for (const p of doc.paragraphs) {
    if (p === '') lines.push({ text: '', bold: false });
    else for (const text of wrap(p, 88)) lines.push({ text, bold: false });
  }
  const pages: Line[][] = [];
  for (let i = 0; i < lines.length; i += PAGE.lines) pages.push(lines.slice(i, i + PAGE.lines));

  // Objects: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info, then a page and its content per page.
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 6 + i * 2);
  objects[1] = `<< /Type /Catalog /Pages 2 0 R /Lang ${pdfString(doc.language)} >>`;
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  objects[4] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';
  objects[5] = `<< /Title ${pdfString(doc.title)} /Producer (Stocktake demo register) >>`;
  pages.forEach((page, i) => {
    const pageId = pageIds[i]!;
    let y: number = PAGE.height - PAGE.margin;
    const ops: string[] = [];
    for (const l of page) {
      if (l.text) ops.push(`BT /${l.bold ? 'F2 14' : 'F1 11'} Tf ${PAGE.margin} ${y} Td ${pdfString(l.text)} Tj ET`);
      y -= l.bold ? PAGE.leading + 3 : PAGE.leading;
    }
    const stream = ops.join('\n');
    objects[pageId] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`;
    objects[pageId + 1] = `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`;
  });

  // The body is pure ASCII (every other byte is escaped above), so string length is byte length.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = Buffer.byteLength(body, 'latin1');
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id += 1) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
