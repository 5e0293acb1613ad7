import ExcelJS from 'exceljs';
import type { Stream } from 'node:stream';
import type { Config } from '../../config/config';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { presentEntry, type PublicEntry } from '../entries/entries.presenter';
import { readPublishedEntries, searchScope, type EntryDeps } from '../entries/entries.service';
import type { Filter } from '../entries/entry';
import type { EntrySearchInput } from '../entries/entry.schemas';
import type { SearchRequest } from '../search/search';
import { EXPORT_COLUMNS, csvHeader, csvRow, rowValues, type LabelContext } from './exports.columns';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export needs: the search's dependencies and the public base URL that entry URLs are made from. */
export type ExportDeps = Pick<EntryDeps, 'db' | 'taxonomy' | 'search'> & { config: Pick<Config, 'baseUrl'> };

/** The search an export runs: the API search's parsed query (its `page` and `pageSize` are ignored: an export has every match). */
export type ExportQuery = Pick<EntrySearchInput, 'q' | 'sort'> & Partial<Record<Filter, string[]>> & { crosswalk?: EntrySearchInput['crosswalk'] };

/** Entries read and written per round trip: memory stays bounded by this, whatever the size of the export. */
export const EXPORT_BATCH = 500;
/** The most rows one export may hold: ten times the largest register measured; a larger search is refused. */
export const MAX_EXPORT_ROWS = 1_000_000;

export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function isExportFormat(v: string): v is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(v);
}

/** The file name of an export made on `date`: `stocktake-2026-12-03.csv`, or `stocktake-events-2026-12-03.csv` for one kind. */
export function exportFileName(format: ExportFormat, date: Date, kinds?: readonly string[]): string {
  const day = date.toISOString().slice(0, 10);
  const kind = kinds && kinds.length === 1 ? `-${kinds[0]}` : '';
  return `stocktake${kind}-${day}.${format}`;
}

/**
 * The ids of every published entry the search finds, in the order the search shows them. A first
 * call with no page learns the total (the in-process index then skips ranking), a second asks for
 * exactly that many: the engines keep their top-k in arrays of that size.
 */
export async function exportIds(deps: Pick<ExportDeps, 'taxonomy' | 'search'>, query: ExportQuery | undefined, locale: Locale): Promise<number[]> {
  const request: SearchRequest = { text: query?.q ?? '', ...searchScope(query, deps.taxonomy), sort: query?.sort ?? 'newest', page: 1, pageSize: 0, locale };
  const { total } = await deps.search.search(request);
  if (total > MAX_EXPORT_ROWS) throw new AppError('validation_failed', [{ field: 'q', code: 'too_big', params: { max: MAX_EXPORT_ROWS } }]);
  if (total === 0) return [];
  const { hits } = await deps.search.search({ ...request, pageSize: total });
  return hits.map((h) => h.id);
}

/** Thrown inside the loop when the reader has gone: the export stops, and says how far it got. */
class Stopped extends Error {}

/** Resolves when `out` can take more, rejects with Stopped when it closes, fails or the signal aborts. */
function drained(out: NodeJS.WritableStream, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => () => {
      out.removeListener('drain', onDrain);
      out.removeListener('close', onClose);
      out.removeListener('error', onClose);
      signal?.removeEventListener('abort', onClose);
      fn();
    };
    const onDrain = done(resolve);
    const onClose = done(() => reject(new Stopped()));
    out.once('drain', onDrain);
    out.once('close', onClose);
    out.once('error', onClose);
    signal?.addEventListener('abort', onClose, { once: true });
  });
}

function isGone(out: NodeJS.WritableStream, signal: AbortSignal | undefined): boolean {
  const w = out as Partial<{ destroyed: boolean; writableEnded: boolean }>;
  return Boolean(signal?.aborted || w.destroyed || w.writableEnded);
}

/** Writes a chunk, waiting for the reader when the stream's buffer is full (backpressure). */
async function write(out: NodeJS.WritableStream, chunk: string, signal: AbortSignal | undefined): Promise<void> {
  if (isGone(out, signal)) throw new Stopped();
  if (!out.write(chunk)) await drained(out, signal);
}

/** Waits while a stream someone else writes into (the XLSX zip) holds more than its high-water mark. */
async function whileFull(out: NodeJS.WritableStream, signal: AbortSignal | undefined): Promise<void> {
  if (isGone(out, signal)) throw new Stopped();
  const w = out as Partial<{ writableNeedDrain: boolean }>;
  if (w.writableNeedDrain) await drained(out, signal);
}

/**
 * Streams every published entry a search finds (`query` undefined: every published entry of every
 * kind) to `out` in `format`, in the search's order, and resolves to the number of rows written. Entries
 * are read and written EXPORT_BATCH at a time, waiting for `out` to drain, so memory does not grow with
 * the export. When `out` closes or `signal` aborts the reading stops; the promise then resolves with
 * the rows written so far and `complete: false`. `out` is ended on completion (not when stopped).
 */
export async function writeExport(
  deps: ExportDeps,
  query: ExportQuery | undefined,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  options: { locale?: Locale; signal?: AbortSignal } = {},
): Promise<{ rows: number; complete: boolean }> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const ids = await exportIds(deps, query, locale);
  return writeExportOf(deps, ids, format, out, { ...options, locale });
}

/**
 * The writing half of {@link writeExport}, for ids already found (the HTTP route finds them first, so
 * that a bad query is answered 400 before any byte of the file is sent).
 */
export async function writeExportOf(
  deps: Pick<ExportDeps, 'db' | 'taxonomy' | 'config'>,
  ids: readonly number[],
  format: ExportFormat,
  out: NodeJS.WritableStream,
  options: { locale?: Locale; signal?: AbortSignal } = {},
): Promise<{ rows: number; complete: boolean }> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const { signal } = options;
  const sink = formatWriter(format, out, signal, { taxonomy: deps.taxonomy, locale });
  let rows = 0;
  try {
    await sink.start();
    for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
      if (isGone(out, signal)) throw new Stopped();
      // Straight from the database: an export must not fill the memory of entries kept for visitors' pages.
      const entries = await readPublishedEntries(deps, ids.slice(i, i + EXPORT_BATCH), { visitor: false });
      const presented = entries.map((e) => presentEntry(e, deps.config.baseUrl));
      await sink.rows(presented, rows === 0);
      rows += presented.length;
    }
    await sink.end();
    return { rows, complete: true };
  } catch (err) {
    if (err instanceof Stopped || isGone(out, signal)) return { rows, complete: false };
    throw err;
  }
}

interface FormatWriter {
  start(): Promise<void>;
  rows(entries: PublicEntry[], first: boolean): Promise<void>;
  end(): Promise<void>;
}

function endStream(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => out.end(resolve));
}

function formatWriter(format: ExportFormat, out: NodeJS.WritableStream, signal: AbortSignal | undefined, ctx: LabelContext): FormatWriter {
  switch (format) {
    case 'csv':
      return {
        // The byte order mark makes spreadsheet programs read the file as UTF-8.
        start: () => write(out, `\uFEFF${csvHeader()}\r\n`, signal),
        rows: (entries) => write(out, entries.map((e) => `${csvRow(e, ctx)}\r\n`).join(''), signal),
        end: () => endStream(out),
      };
    case 'ndjson':
      return {
        start: async () => {},
        rows: (entries) => write(out, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), signal),
        end: () => endStream(out),
      };
    case 'json':
      return {
        start: () => write(out, '[', signal),
        rows: (entries, first) => write(out, (first ? '\n' : ',\n') + entries.map((e) => JSON.stringify(e)).join(',\n'), signal),
        end: async () => {
          await write(out, '\n]\n', signal);
          await endStream(out);
        },
      };
    case 'xlsx':
      return xlsxWriter(out, signal, ctx);
  }
}

/** Excel's limit on one cell's text. */
const XLSX_CELL_MAX = 32767;

function xlsxWriter(out: NodeJS.WritableStream, signal: AbortSignal | undefined, ctx: LabelContext): FormatWriter {
  // Streaming: each committed row goes to the zip and out; inline strings and no styles keep nothing per row in memory.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out as unknown as Stream,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('entries');
  return {
    start: async () => {
      sheet.addRow(EXPORT_COLUMNS.map((c) => c.name)).commit();
    },
    rows: async (entries) => {
      for (const e of entries) sheet.addRow(rowValues(e, ctx).map((v) => (v.length > XLSX_CELL_MAX ? v.slice(0, XLSX_CELL_MAX) : v))).commit();
      await whileFull(out, signal);
    },
    end: async () => {
      sheet.commit();
      // The workbook's commit ends `out` once the zip is finished.
      await workbook.commit();
    },
  };
}
