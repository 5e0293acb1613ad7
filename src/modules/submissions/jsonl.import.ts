/**
 * The JSON Lines import (the command line's `import` and the demo register): each line is an entry
 * record, validated on its own; valid ones are published through publishing.service in transactional
 * batches, each with a revision of source "import".
 */
import type { Db } from '../../db/connection';
import type { ErrorDetail } from '../../lib/errors';
import { checkVocabularyCodes } from '../entries/entries.service';
import { zodDetails } from '../../lib/zod-details';
import { entryInputSchema, type EntryInput } from '../entries/entry.schemas';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { writeImported } from './publishing.service';

export interface ImportLineError {
  line: number;
  details: ErrorDetail[];
}

export interface ImportReport {
  created: number;
  updated: number;
  failed: number;
  errors: ImportLineError[];
}

const IMPORT_BATCH = 200;

/**
 * Imports entries from JSON Lines. Each line is validated on its own; valid lines are written in
 * transactional batches; a line whose externalId exists updates that entry instead of adding one.
 */
export async function importEntries(
  deps: { db: Db; taxonomy: Taxonomy },
  lines: Iterable<string> | AsyncIterable<string>,
  opts: { isDemo?: boolean } = {},
): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, failed: 0, errors: [] };
  let batch: EntryInput[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    const outcomes = await deps.db.transaction().execute((trx) => writeImported(trx, deps.taxonomy, current, { isDemo: opts.isDemo ?? false }));
    for (const { outcome } of outcomes) report[outcome] += 1;
  };
  const seen = new Map<string, number>();
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    const text = raw.trim();
    if (text === '') continue;
    const fail = (details: ErrorDetail[]) => {
      report.failed += 1;
      report.errors.push({ line: lineNumber, details });
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      fail([{ field: '', code: 'invalid_json' }]);
      continue;
    }
    const parsed = entryInputSchema.safeParse(json);
    if (!parsed.success) {
      fail(zodDetails(parsed.error.issues));
      continue;
    }
    const vocabularyProblems = checkVocabularyCodes(parsed.data, deps.taxonomy);
    if (vocabularyProblems.length) {
      fail(vocabularyProblems);
      continue;
    }
    const externalId = parsed.data.externalId;
    if (externalId && seen.has(externalId)) {
      fail([{ field: 'externalId', code: 'duplicate_in_file', params: { line: seen.get(externalId)! } }]);
      continue;
    }
    if (externalId) seen.set(externalId, lineNumber);
    batch.push(parsed.data);
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  return report;
}
