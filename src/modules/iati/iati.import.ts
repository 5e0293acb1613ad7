/**
 * The IATI import: an activity file read as a stream, each activity mapped on its own and either created,
 * updated (matched by its IATI identifier), left unchanged, or refused with its reasons. Valid activities
 * are written in transactional batches through the same path as the JSON Lines import
 * (`publishing.service`'s `writeImported`), so validation, derived rows and revisions are the same; a
 * refused activity writes nothing, and the others still import.
 */
import type { Db, Tx } from '../../db/connection';
import { audit } from '../audit/audit.repository';
import type { EntryInput } from '../entries/entry.schemas';
import { ensureBaseline, writeImported } from '../submissions/publishing.service';
import { changedFields } from '../submissions/revisions';
import { draftSchema, type DraftData } from '../submissions/submissions.schemas';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { mapIatiActivity, type IatiIssue } from './iati.mapping';
import { IatiFileError, readIatiActivities, utf8Chunks } from './iati.reader';
import { importTargets, setExternalId, setIatiIdentifiers } from './iati-import.repository';

export type IatiOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

/** What happened to one activity of the file. */
export interface IatiActivityReport {
  index: number;
  line: number;
  identifier: string | null;
  title: string | null;
  outcome: IatiOutcome;
  /** The entry written or matched. */
  id: number | null;
  reasons: IatiIssue[];
  notes: IatiIssue[];
}

/** The whole file: counts by outcome, and what stopped the file if it was not read to its end. */
export interface IatiImportSummary {
  activities: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  fileProblem: { code: IatiFileError['code']; line: number | null; detail: string } | null;
}

const BATCH = 200;

/**
 * Imports an IATI activity file (text chunks, e.g. `utf8Chunks(stream)`). Each activity's report is given
 * to `onActivity` in file order as its batch is written; the summary comes back at the end.
 */
export async function importIati(
  deps: { db: Db; taxonomy: Taxonomy },
  source: AsyncIterable<string>,
  opts: { onActivity?: (r: IatiActivityReport) => void } = {},
): Promise<IatiImportSummary> {
  const summary: IatiImportSummary = { activities: 0, created: 0, updated: 0, unchanged: 0, refused: 0, fileProblem: null };
  let pending: Array<{ report: IatiActivityReport; input: EntryInput | null }> = [];
  const seen = new Map<string, number>();

  const flush = async () => {
    if (!pending.length) return;
    const current = pending;
    pending = [];
    const writable = current.filter((p) => p.input);
    if (writable.length) await deps.db.transaction().execute((trx) => writeBatch(trx, deps.taxonomy, writable));
    for (const { report } of current) {
      summary[report.outcome] += 1;
      opts.onActivity?.(report);
    }
  };

  try {
    for await (const read of readIatiActivities(source)) {
      summary.activities += 1;
      const mapped = mapIatiActivity(read, deps.taxonomy);
      const report: IatiActivityReport = {
        index: read.index,
        line: read.line,
        identifier: mapped.identifier,
        title: mapped.title,
        outcome: 'refused',
        id: null,
        reasons: mapped.ok ? [] : mapped.reasons,
        notes: mapped.notes,
      };
      let input: EntryInput | null = null;
      if (mapped.ok) {
        const earlier = seen.get(mapped.identifier);
        if (earlier !== undefined) report.reasons.push({ code: 'duplicate_in_file', params: { index: earlier } });
        else input = mapped.input;
        seen.set(mapped.identifier, read.index);
      }
      pending.push({ report, input });
      if (pending.length >= BATCH) await flush();
    }
  } catch (e) {
    if (!(e instanceof IatiFileError)) throw e;
    summary.fileProblem = { code: e.code, line: e.line, detail: e.message };
  }
  await flush();
  return summary;
}

/** Writes one batch: unchanged activities are left alone, merged entries refused, the rest written as the JSON Lines import writes. */
async function writeBatch(trx: Tx, taxonomy: Taxonomy, batch: Array<{ report: IatiActivityReport; input: EntryInput | null }>): Promise<void> {
  const targets = await importTargets(
    trx,
    batch.map((b) => ({ iati: b.report.identifier!, externalId: b.input!.externalId! })),
  );
  const toWrite: Array<{ report: IatiActivityReport; input: EntryInput }> = [];
  for (const b of batch) {
    let input = b.input!;
    const target = targets.get(b.report.identifier!);
    if (target && (target.mergedInto !== null || target.kind !== 'activity')) {
      b.report.reasons.push(target.mergedInto !== null ? { code: 'entry_merged', params: { id: target.mergedInto } } : { code: 'identifier_taken' });
      continue;
    }
    if (target) {
      // The writer updates by import identifier: an entry matched by its IATI identifier alone is given one.
      if (target.externalId) input = { ...input, externalId: target.externalId };
      else await setExternalId(trx, target.id, input.externalId!);
      const head = await ensureBaseline(trx, target.id);
      // A curator's match of an organisation to an actor profile is kept when the name is the same.
      const matched = new Map(head.data.organisations.filter((o) => o.actorId).map((o) => [o.name.toLowerCase(), o.actorId]));
      input = {
        ...input,
        organisations: input.organisations.map((o) => (matched.get(o.name.toLowerCase()) ? { ...o, actorId: matched.get(o.name.toLowerCase()) } : o)),
      };
      if (changedFields(head.data, draftOf(input)).length === 0) {
        b.report.outcome = 'unchanged';
        b.report.id = target.id;
        continue;
      }
    }
    toWrite.push({ report: b.report, input });
  }
  const outcomes = await writeImported(
    trx,
    taxonomy,
    toWrite.map((w) => w.input),
    { isDemo: false },
  );
  outcomes.forEach((o, i) => {
    const report = toWrite[i]!.report;
    report.outcome = o.outcome;
    report.id = o.id;
  });
  // Written entries, and matched ones from before the identifier had its column (a no-op for the others).
  await setIatiIdentifiers(
    trx,
    batch.filter((b) => b.report.id !== null).map((b) => ({ id: b.report.id!, iati: b.report.identifier! })),
  );
}

/** The revision data an input would be stored as (a target implies its goal, as the write does). */
function draftOf(input: EntryInput): DraftData {
  const sdgs = [...new Set(input.sdgs.flatMap((c) => (c.includes('.') ? [c.split('.')[0]!, c] : [c])))];
  return draftSchema.parse({
    kind: input.kind,
    originalLanguage: input.originalLanguage,
    translations: input.translations,
    activityType: input.activityType,
    status: input.status,
    scope: input.scope,
    startDate: input.startDate,
    endDate: input.endDate,
    countries: input.countries,
    regions: input.regions,
    actionLines: input.actionLines,
    sdgs,
    targetGroups: input.targetGroups,
    issues: input.issues,
    organisations: input.organisations,
    links: input.links,
  });
}

/** The largest file the upload page takes (bigger files go through `npm run import -- iati`, which has no limit). */
export const MAX_IATI_UPLOAD_BYTES = 20 * 1024 * 1024;
/** How many activities' reports the upload page shows (the counts cover them all). */
export const SHOWN_REPORTS = 500;

/**
 * An administrator's upload: the file (already read, within MAX_IATI_UPLOAD_BYTES) imported as the command
 * line would, then recorded in the audit log with its counts.
 */
export async function importIatiUpload(
  deps: { db: Db; taxonomy: Taxonomy },
  actorId: number,
  file: { name: string; bytes: Uint8Array },
): Promise<{ summary: IatiImportSummary; reports: IatiActivityReport[] }> {
  const reports: IatiActivityReport[] = [];
  const summary = await importIati(deps, utf8Chunks(slices(file.bytes)), {
    onActivity: (r) => {
      if (reports.length < SHOWN_REPORTS) reports.push(r);
    },
  });
  await audit(deps.db, {
    actorId,
    action: 'iati.import',
    entity: 'import',
    entityId: null,
    details: {
      name: file.name.slice(0, 200),
      bytes: file.bytes.byteLength,
      created: summary.created,
      updated: summary.updated,
      unchanged: summary.unchanged,
      refused: summary.refused,
    },
  });
  return { summary, reports };
}

/** The bytes in 64 KiB slices, as a file stream would give them. */
async function* slices(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += 65536) yield bytes.subarray(i, i + 65536);
}
