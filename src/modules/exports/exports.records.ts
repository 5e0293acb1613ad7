/**
 * Export records: each published entry's public JSON, worked out when the entry is published and kept in
 * `export_records`, so a bulk export reads one short row per entry instead of assembling entries from five
 * tables (0.21 ms an entry on the embedded database, most of an export's time). See ARCHITECTURE.md,
 * "Exports read records".
 */
import type { Db, Tx } from '../../db/connection';
import { presentEntry } from '../entries/entries.presenter';
import { loadEntries } from '../entries/entries.repository';
import type { Entry } from '../entries/entry';
import { JSON_COLUMNS, storedCells } from './exports.columns';
import { entriesWithoutExportRecord, lockExportRecords, readExportRecords, upsertExportRecords, type RecordPart } from './exports.repository';

/**
 * The records' layout. Records are `presentEntry`'s JSON: when the presenter's output changes, raise this,
 * and records of the old layout are read as missing (exported live) until the refill job rewrites them.
 */
export const EXPORT_RECORD_FORMAT = 1;

/**
 * Stands for the base URL in a stored record, so one record serves any `BASE_URL`. Stored text can never
 * hold U+0000 (PostgreSQL refuses it in text and jsonb), so in a record's JSON the escape `\u0000` is
 * always this mark.
 */
const BASE_URL_MARK = '\u0000';
const MARK_ESCAPED = '\\u0000';

/** An entry's record: its public JSON and its spreadsheet cells (a JSON array), with the base URL left as a mark. */
export function exportRecord(entry: Entry): { record: string; cells: string } {
  const json = presentEntry(entry, BASE_URL_MARK);
  return { record: JSON.stringify(json), cells: JSON.stringify(storedCells(json)) };
}

/** A record's JSON with the base URL in place: exactly `JSON.stringify(presentEntry(entry, baseUrl))`. */
export function withBaseUrl(json: string, baseUrl: string): string {
  let at = json.indexOf(MARK_ESCAPED);
  if (at < 0) return json;
  const base = JSON.stringify(baseUrl).slice(1, -1);
  let out = '';
  let from = 0;
  while (at >= 0) {
    // `\u0000` is an escaped backslash followed by text: a mark only after an even run of backslashes.
    let slashes = 0;
    while (at - slashes - 1 >= 0 && json.charCodeAt(at - slashes - 1) === 92) slashes++;
    if (slashes % 2 === 0) {
      out += json.slice(from, at) + base;
      from = at + MARK_ESCAPED.length;
    }
    at = json.indexOf(MARK_ESCAPED, at + MARK_ESCAPED.length);
  }
  return out + json.slice(from);
}

/** Stored cells (their JSON array) as a row's values with the base URL in place; label columns still hold codes. */
export function recordCells(cellsJson: string, baseUrl: string): string[] {
  const cells = JSON.parse(withBaseUrl(cellsJson, baseUrl)) as string[];
  // A JSON cell's own marks were escaped once more inside the array's text.
  for (const i of JSON_COLUMNS) cells[i] = withBaseUrl(cells[i]!, baseUrl);
  return cells;
}

/**
 * Writes the records of these entries (those published) inside the transaction that wrote them: the
 * publishing path calls this last, after every change it makes, so the record is that of the entry it
 * commits. A later change in the same or another transaction empties it again (the database's triggers).
 */
export async function saveExportRecords(trx: Tx, entries: readonly Entry[]): Promise<void> {
  const rows = entries.filter((e) => e.state === 'published').map((e) => ({ entryId: e.id, ...exportRecord(e) }));
  await upsertExportRecords(trx, rows, EXPORT_RECORD_FORMAT);
}

/**
 * One part of the records of published entries by id, in the order of `ids`, base URL still marked. An
 * entry without a current record is read live (and not written back: an export only reads, and may run
 * on a replica); an id no longer published is left out, as `loadEntries` leaves it out.
 */
export async function readRecords(db: Db, ids: readonly number[], part: RecordPart): Promise<string[]> {
  const stored = await readExportRecords(db, ids, EXPORT_RECORD_FORMAT, part);
  const missing = ids.filter((_, i) => stored[i] === null);
  const live = new Map<number, string>();
  if (missing.length) for (const e of await loadEntries(db, missing, ['published'])) live.set(e.id, exportRecord(e)[part]);
  const out: string[] = [];
  ids.forEach((id, i) => {
    const text = stored[i] ?? live.get(id);
    if (text !== undefined) out.push(text);
  });
  return out;
}

/** Entries a refill reads and writes per transaction. */
export const REFILL_BATCH = 500;

/**
 * Writes the missing records of published entries (after an upgrade, a bulk load, or a change outside the
 * publishing path such as a confirmation), a batch per transaction under the lock that keeps changes out
 * while a batch is read; returns how many it wrote. Stops between batches when `signal` aborts.
 */
export async function refillExportRecords(db: Db, opts: { batch?: number; signal?: AbortSignal } = {}): Promise<number> {
  const batch = opts.batch ?? REFILL_BATCH;
  let after = 0;
  let written = 0;
  for (;;) {
    if (opts.signal?.aborted) break;
    const ids = await db.transaction().execute(async (trx) => {
      await lockExportRecords(trx);
      const found = await entriesWithoutExportRecord(trx, EXPORT_RECORD_FORMAT, after, batch);
      if (found.length) await saveExportRecords(trx, await loadEntries(trx, found, ['published']));
      return found;
    });
    written += ids.length;
    if (ids.length < batch) break;
    after = ids[ids.length - 1]!;
  }
  return written;
}
