/**
 * A one-sheet XLSX workbook written as a stream (see zip-stream.ts): rows become SpreadsheetML as they
 * come and are deflated straight out, so memory does not grow with the sheet. Text is stored inline
 * (`t="inlineStr"`: no shared-strings table to keep), numbers as numbers, the header row bold, frozen and
 * filtered. Characters XML 1.0 cannot carry (and C1 controls) are dropped; text that looks like one of
 * Excel's `_xHHHH_` escapes has its underscore escaped, so it reads back as written.
 */
import { xmlText } from './xml';
import { createZipWriter, type ByteSink } from './zip-stream';

/** A cell: text, a number, or nothing (an empty string or a non-finite number leaves the cell out). */
export type XlsxCell = string | number;

/** Excel's limit on one cell's text, in UTF-16 code units; longer text is cut. */
export const XLSX_CELL_MAX = 32767;
/** Excel's limit on a sheet's rows. */
export const XLSX_ROWS_MAX = 1_048_576;

export interface XlsxWriter {
  /** Writes the workbook's fixed parts and the header row. */
  start(): Promise<void>;
  /** Appends rows (cells in the header's column order). */
  rows(rows: Iterable<readonly XlsxCell[]>): Promise<void>;
  /** Closes the sheet and the archive; the sink is not ended. */
  end(): Promise<void>;
  /** Gives up the workbook unfinished (the reader has gone): frees the compressor. */
  abort(): void;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES =
  `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '</Types>';

const ROOT_RELS =
  `${DECL}<Relationships xmlns="${PKG_REL}">` + `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` + '</Relationships>';

const WORKBOOK_RELS =
  `${DECL}<Relationships xmlns="${PKG_REL}">` +
  `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
  `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
  '</Relationships>';

/** Two cell formats: 0 the default, 1 bold (the header). */
const STYLES =
  `${DECL}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The sheet's start: the header row frozen (the pane below it scrolls). */
const SHEET_START =
  `${DECL}<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
  '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
  '<sheetFormatPr defaultRowHeight="15"/><sheetData>';

/** Column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Characters that need more than copying: markup, controls (a carriage return is kept as a reference, which XML parsers do not fold into a line feed), surrogates, U+FFFE/U+FFFF, and Excel's `_x` escapes. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SPECIAL = /[&<>\u0000-\u0008\u000B\u000C\r\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
/** `_x0041_` in a cell is read by Excel as "A": its underscore written as `_x005F_` keeps the text as it is. */
const EXCEL_ESCAPE = /_(x[0-9A-Fa-f]{4}_)/g;

/** Text as a `<t>` element's content: cut to Excel's limit, escaped, unwritable characters dropped. */
export function cellText(value: string): string {
  const v = value.length > XLSX_CELL_MAX ? value.slice(0, XLSX_CELL_MAX) : value;
  return SPECIAL.test(v) ? xmlText(v).replace(EXCEL_ESCAPE, '_x005F_$1').replace(/\r/g, '&#13;') : v;
}

/** Text keeps its outer spaces and line breaks only when marked so. */
const NEEDS_PRESERVE = /^\s|\s$|\n/;

function cellXml(ref: string, value: XlsxCell, style: string): string {
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}"${style}><v>${value}</v></c>` : '';
  if (value === '') return '';
  const text = cellText(value);
  if (text === '') return '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${NEEDS_PRESERVE.test(text) ? ' xml:space="preserve"' : ''}>${text}</t></is></c>`;
}

/** SpreadsheetML written to the zip in pieces of about this many characters. */
const PIECE = 64 * 1024;

/**
 * A workbook of one sheet named `sheetName`, with `header` as its bold first row, written to `push`.
 * `zip64`: the sheet may pass 4 GiB (see zip-stream.ts); `level`: the deflate level (1, the fastest, by
 * default: spreadsheet XML compresses well at any level, and the time goes to deflate).
 */
export function createXlsxWriter(
  push: ByteSink,
  options: { sheetName: string; header: readonly string[]; zip64?: boolean; level?: number; modified?: Date },
): XlsxWriter {
  if (!/^[^[\]:*?/\\]{1,31}$/.test(options.sheetName) || /^'|'$/.test(options.sheetName))
    throw new Error(`xlsx: "${options.sheetName}" is not a sheet name Excel accepts (1–31 characters, none of []:*?/\\, no outer apostrophe)`);
  const zip = createZipWriter(push, { level: options.level ?? 1, modified: options.modified });
  const columns = options.header.map((_, i) => columnName(i));
  const lastColumn = columnName(Math.max(options.header.length - 1, 0));
  let sheet: Awaited<ReturnType<typeof zip.entry>> | undefined;
  let rowNumber = 0;

  const rowXml = (cells: readonly XlsxCell[], style: string): string => {
    rowNumber++;
    if (rowNumber > XLSX_ROWS_MAX) throw new Error(`xlsx: more than ${XLSX_ROWS_MAX} rows`);
    let xml = `<row r="${rowNumber}">`;
    for (let i = 0; i < columns.length; i++) {
      const v = cells[i];
      if (v !== undefined) xml += cellXml(columns[i]! + rowNumber, v, style);
    }
    return `${xml}</row>`;
  };

  return {
    async start() {
      await zip.file('[Content_Types].xml', CONTENT_TYPES);
      await zip.file('_rels/.rels', ROOT_RELS);
      await zip.file('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
      await zip.file('xl/styles.xml', STYLES);
      sheet = await zip.entry('xl/worksheets/sheet1.xml', { zip64: options.zip64 });
      await sheet.write(SHEET_START + rowXml(options.header, ' s="1"'));
    },
    async rows(rows) {
      if (!sheet) throw new Error('xlsx: rows before start');
      let piece = '';
      for (const cells of rows) {
        piece += rowXml(cells, '');
        if (piece.length >= PIECE) {
          await sheet.write(piece);
          piece = '';
        }
      }
      if (piece) await sheet.write(piece);
    },
    async end() {
      if (!sheet) throw new Error('xlsx: end before start');
      const range = `A1:${lastColumn}${Math.max(rowNumber, 1)}`;
      await sheet.write(`</sheetData><autoFilter ref="${range}"/></worksheet>`);
      await sheet.end();
      // The workbook last: its filter's defined name needs the sheet's size.
      const name = xmlText(options.sheetName);
      const quoted = `'${options.sheetName.replace(/'/g, "''")}'`;
      await zip.file(
        'xl/workbook.xml',
        `${DECL}<workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
          `<bookViews><workbookView/></bookViews><sheets><sheet name="${name}" sheetId="1" r:id="rId1"/></sheets>` +
          `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">${xmlText(`${quoted}!$A$1:$${lastColumn}$${Math.max(rowNumber, 1)}`)}</definedName></definedNames>` +
          '</workbook>',
      );
      await zip.finish();
    },
    abort() {
      sheet?.destroy();
    },
  };
}
