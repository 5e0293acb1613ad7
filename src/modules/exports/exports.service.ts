import { z } from 'zod';
import type { Config } from '../../config/config';
import { DEFAULT_LOCALE, type Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { createXlsxWriter, type XlsxCell } from '../../lib/xlsx-stream';
import { searchScope, type EntryDeps } from '../entries/entries.service';
import type { Filter } from '../entries/entry';
import type { EntrySearchInput } from '../entries/entry.schemas';
import type { SearchRequest } from '../search/search';
import { defineJob, type JobHandler, type Schedule } from '../jobs/jobs';
import { EXPORT_COLUMNS, csvHeader, csvRecord, labelCells, type LabelContext } from './exports.columns';
import type { RecordPart } from './exports.repository';
import { readRecords, recordCells, refillExportRecords, withBaseUrl } from './exports.records';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an export needs: the search's dependencies and the public base URL that entry URLs are made from. */
export type ExportDeps = Pick<EntryDeps, 'db' | 'taxonomy' | 'search'> & { config: Pick<Config, 'baseUrl'> };

/** The search an export runs: the API search's parsed query (its `page` and `pageSize` are ignored: an export has every match). */
export type ExportQuery = Pick<EntrySearchInput, 'q' | 'sort'> & Partial<Record<Filter, string[]>> & { crosswalk?: EntrySearchInput['crosswalk'] };

/** Entries read and written per round trip (about 3 MB of records): memory stays bounded by this, whatever the size of the export. */
export const EXPORT_BATCH = 1000;
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
  // Only ids: no facet counts (the SQL path's costliest part).
  const request: SearchRequest = {
    text: query?.q ?? '',
    ...searchScope(query, deps.taxonomy),
    sort: query?.sort ?? 'newest',
    page: 1,
    pageSize: 0,
    locale,
    counts: false,
  };
  const { total } = await deps.search.search(request);
  if (total > MAX_EXPORT_ROWS) throw new AppError('validation_failed', [{ field: 'q', code: 'too_big', params: { max: MAX_EXPORT_ROWS } }]);
  if (total === 0) return [];
  const { hits } = await deps.search.search({ ...request, pageSize: total });
  return hits.map((h) => h.id);
}

/** How many entries an export of this search would hold (its total), without listing them: for a download menu's wording. */
export async function exportCount(deps: Pick<ExportDeps, 'taxonomy' | 'search'>, query: ExportQuery | undefined, locale: Locale): Promise<number> {
  const { total } = await deps.search.search({
    text: query?.q ?? '',
    ...searchScope(query, deps.taxonomy),
    sort: query?.sort ?? 'newest',
    page: 1,
    pageSize: 0,
    locale,
    counts: false,
  });
  return total;
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
async function write(out: NodeJS.WritableStream, chunk: string | Uint8Array, signal: AbortSignal | undefined): Promise<void> {
  if (isGone(out, signal)) throw new Stopped();
  if (!out.write(chunk)) await drained(out, signal);
}

/**
 * Pieces written at a time: a batch's text (megabytes for NDJSON) goes out in pieces the reader takes at
 * once, so no large buffer outlives a garbage collection of the young generation and piles up until a
 * full one (measured: +150 MB of RSS over 100,000 entries with one write per batch, flat with pieces).
 */
const PIECE = 64 * 1024;

/** Writes the lines one piece at a time, each after the reader took the last (backpressure). */
async function writeLines(out: NodeJS.WritableStream, lines: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  let piece = '';
  for (const line of lines) {
    piece += line;
    if (piece.length >= PIECE) {
      await write(out, piece, signal);
      piece = '';
    }
  }
  if (piece) await write(out, piece, signal);
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
  const sink = formatWriter(format, out, signal, { taxonomy: deps.taxonomy, locale }, deps.config.baseUrl, ids.length);
  let rows = 0;
  try {
    await sink.start();
    for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
      if (isGone(out, signal)) throw new Stopped();
      // Stored records (each entry's public JSON), straight from the database: not the memory of entries kept for visitors' pages.
      const records = await readRecords(deps.db, ids.slice(i, i + EXPORT_BATCH), sink.part);
      await sink.rows(records, rows === 0);
      rows += records.length;
    }
    await sink.end();
    return { rows, complete: true };
  } catch (err) {
    sink.abort?.();
    if (err instanceof Stopped || isGone(out, signal)) return { rows, complete: false };
    throw err;
  }
}

interface FormatWriter {
  /** The part of the records it writes: the public JSON, or the spreadsheet cells. */
  part: RecordPart;
  start(): Promise<void>;
  /** Entries as stored records' text (the base URL still marked). */
  rows(records: string[], first: boolean): Promise<void>;
  end(): Promise<void>;
  /** Frees what a writer holds when the export stops before its end. */
  abort?(): void;
}

function endStream(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => out.end(resolve));
}

function formatWriter(
  format: ExportFormat,
  out: NodeJS.WritableStream,
  signal: AbortSignal | undefined,
  ctx: LabelContext,
  baseUrl: string,
  expectedRows: number,
): FormatWriter {
  // Labels looked up once per code and file.
  const memo = new Map<string, string>();
  const row = (cells: string) => labelCells(recordCells(cells, baseUrl), ctx, memo);
  switch (format) {
    case 'csv':
      return {
        part: 'cells',
        // The byte order mark makes spreadsheet programs read the file as UTF-8.
        start: () => write(out, `\uFEFF${csvHeader()}\r\n`, signal),
        rows: (records) =>
          writeLines(
            out,
            records.map((r) => `${csvRecord(row(r))}\r\n`),
            signal,
          ),
        end: () => endStream(out),
      };
    case 'ndjson':
      return {
        part: 'record',
        start: async () => {},
        rows: (records) =>
          writeLines(
            out,
            records.map((r) => `${withBaseUrl(r, baseUrl)}\n`),
            signal,
          ),
        end: () => endStream(out),
      };
    case 'json':
      return {
        part: 'record',
        start: () => write(out, '[', signal),
        rows: (records, first) =>
          writeLines(
            out,
            records.map((r, i) => (first && i === 0 ? '\n' : ',\n') + withBaseUrl(r, baseUrl)),
            signal,
          ),
        end: async () => {
          await write(out, '\n]\n', signal);
          await endStream(out);
        },
      };
    case 'xlsx':
      return xlsxWriter(out, signal, row, expectedRows);
  }
}

/**
 * Above this many rows the sheet is written with zip64 sizes. Below it the sheet would need 43 KB of XML a
 * row on average to pass 4 GiB (the register's rows take about 2.2 KB); above it, where that is less sure,
 * the zip64 fields cost nothing but a warning in some spreadsheet programs, which is better than a
 * refused export. Without them, a sheet that passed 4 GiB would stop the export with an error.
 */
const XLSX_ZIP64_ROWS = 100_000;
/** Columns of whole numbers (the id): number cells, so that a spreadsheet sorts and sums them as numbers. */
const NUMBER_COLUMN = EXPORT_COLUMNS.map((c) => c.numeric === true);

function xlsxWriter(out: NodeJS.WritableStream, signal: AbortSignal | undefined, row: (cells: string) => string[], expectedRows: number): FormatWriter {
  // Our own streaming writer (src/lib/xlsx-stream.ts): each batch is deflated straight into `out`, waiting for it to drain.
  const book = createXlsxWriter((chunk) => write(out, chunk, signal), {
    sheetName: 'entries',
    header: EXPORT_COLUMNS.map((c) => c.name),
    zip64: expectedRows > XLSX_ZIP64_ROWS,
  });
  const cells = (record: string): XlsxCell[] => row(record).map((v, i) => (NUMBER_COLUMN[i] && /^\d{1,15}$/.test(v) ? Number(v) : v));
  return {
    part: 'cells',
    start: () => book.start(),
    rows: (records) => book.rows(records.map(cells)),
    end: async () => {
      await book.end();
      await endStream(out);
    },
    abort: () => book.abort(),
  };
}

export const EXPORT_RECORDS_JOB = 'export-records';

/** The job that writes missing export records (see `refillExportRecords`): hourly, and at once after a start that needs it. */
export function exportRecordsJob(deps: Pick<ExportDeps, 'db'>): JobHandler<unknown> {
  return defineJob({
    kind: EXPORT_RECORDS_JOB,
    payload: z.object({}),
    run: async (_payload, ctx) => {
      const written = await refillExportRecords(deps.db, { signal: ctx.signal });
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error('stopped');
      if (written) ctx.log.info('export records written', { written });
    },
  });
}

/** Its schedule: a run per hour on all instances together (the first is due when the runner starts). */
export const EXPORT_RECORDS_SCHEDULE: Schedule = { name: 'export-records', kind: EXPORT_RECORDS_JOB, everyMs: 3_600_000 };
