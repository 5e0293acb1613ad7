/**
 * The one way content becomes a published entry: validated data is written to the public tables and
 * recorded as a revision. Approval, restore, merge, a curator's actor match and every import (atlas,
 * JSON Lines) go through here, so every published version has a revision with its source.
 */
import type { Tx } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { insertEntriesBulk, insertEntry, loadEntries, replaceEntry } from '../entries/entries.repository';
import { prepareWrite } from '../entries/entries.service';
import { entryInputSchema, type EntryInput } from '../entries/entry.schemas';
import { kindOf } from '../entries/kinds';
import { saveExportRecords } from '../exports/exports.records';
import { imageFileIds } from '../entries/kinds/image';
import type { Taxonomy } from '../taxonomy/taxonomy';
import {
  attachFiles,
  entryByExternalId,
  entryIdsByExternalId,
  entryKeptFields,
  insertRevision,
  insertRevisions,
  latestRevision,
  linkActorsByName,
  markPublished,
  organisationLead,
  unarchiveUnmerged,
  type RevisionRow,
} from './publishing.repository';
import { changedFields } from './revisions';
import { activityToDraft, submissionProblems, type SubmissionDeps } from './submissions';
import { draftSchema, type DraftData } from './submissions.schemas';

/** An entry's latest revision: its content and number. */
export interface RevisionHead {
  data: DraftData;
  number: number;
}

/** Where a revision came from and who made it. */
export interface RevisionMeta {
  source: string;
  authorId: number | null;
  approvedBy: number | null;
  reason: string | null;
  submissionId: number | null;
}

/** What to publish: the content, its owner, the entry it replaces (null for a new one) and its revision's provenance. */
export interface Publication extends RevisionMeta {
  entryId: number | null;
  organisationId: number | null;
  data: DraftData;
  externalId?: string;
}

const revisionRow = (entryId: number, data: DraftData, head: RevisionHead | null, p: RevisionMeta): RevisionRow => ({
  entityId: entryId,
  number: (head?.number ?? 0) + 1,
  data,
  changedFields: changedFields(head?.data ?? null, data),
  source: p.source,
  reason: p.reason,
  authorId: p.authorId,
  approvedBy: p.approvedBy,
  submissionId: p.submissionId,
});

/** Records the next revision after `head` (the entry's latest, or null for its first). */
export async function recordRevision(trx: Tx, entryId: number, data: DraftData, head: RevisionHead | null, p: RevisionMeta): Promise<RevisionHead> {
  const row = revisionRow(entryId, data, head, p);
  await insertRevision(trx, row);
  return { data, number: row.number };
}

const IMPORTED: RevisionMeta = { source: 'import', authorId: null, approvedBy: null, reason: null, submissionId: null };

/** The entry's latest revision. An entry stored before imports wrote revisions has none: its current content becomes revision 1. */
export async function ensureBaseline(trx: Tx, entryId: number): Promise<RevisionHead> {
  const last = await latestRevision(trx, entryId);
  if (last) return { data: draftSchema.parse(last.data), number: last.number };
  const [entry] = await loadEntries(trx, [entryId]);
  if (!entry) throw new AppError('not_found');
  return recordRevision(trx, entryId, activityToDraft(entry), null, IMPORTED);
}

/** The entry as stored, as revision data (what was written, after normalisation). */
async function storedDraft(trx: Tx, entryId: number): Promise<DraftData> {
  const [stored] = await loadEntries(trx, [entryId]);
  return activityToDraft(stored!);
}

/** Writes content to the public entry and records it as a revision (the first change of an entry without history first records what it was). */
export async function publish(trx: Tx, deps: Pick<SubmissionDeps, 'taxonomy'>, p: Publication): Promise<number> {
  const org = p.organisationId ? await organisationLead(trx, p.organisationId) : undefined;
  const organisations = [...p.data.organisations];
  // The owning organisation leads the entry unless the questionnaire names it otherwise (an actor profile names none).
  if (org && kindOf(p.data.kind).steps.some((s) => s.id === 'organisations') && !organisations.some((o) => o.name.toLowerCase() === org.name.toLowerCase())) {
    organisations.unshift({ name: org.name, role: 'lead', stakeholderType: org.stakeholderType as DraftData['organisations'][number]['stakeholderType'] });
  }
  const data = { ...p.data, organisations };
  const input = entryInputSchema.parse({ ...data, state: 'published', contact: data.contact ?? null });
  let entryId = p.entryId;
  let head: RevisionHead | null = null;
  if (entryId) {
    const current = await entryKeptFields(trx, entryId);
    head = await ensureBaseline(trx, entryId);
    const write = prepareWrite({ ...input, externalId: current.externalId ?? undefined, lastConfirmedAt: null }, deps.taxonomy, { isDemo: current.isDemo });
    await replaceEntry(trx, entryId, write);
  } else {
    entryId = await insertEntry(trx, prepareWrite({ ...input, externalId: p.externalId }, deps.taxonomy, { isDemo: false }));
  }
  // A publication's files and an image's variants become the entry's (those uploaded with this submission, or already its own);
  // files the new version no longer lists stay stored, unlisted.
  const fileIds = [...(p.data.publication?.fileIds ?? []), ...imageFileIds(p.data.story?.image), ...imageFileIds(p.data.actor?.image)];
  if (fileIds.length) await attachFiles(trx, entryId, fileIds, p.submissionId);
  // A curator's own match (or unmatch) is not second-guessed by name.
  if (p.source !== 'curation') await linkActorsByName(trx, entryId);
  // Approving content confirms it is current.
  await markPublished(trx, entryId, p.organisationId);
  const [stored] = await loadEntries(trx, [entryId]);
  await recordRevision(trx, entryId, activityToDraft(stored!), head, p);
  // Last, after every change above: the record is the entry this transaction commits.
  await saveExportRecords(trx, [stored!]);
  return entryId;
}

export interface ImportedEntry {
  /** Stable across runs (e.g. "atlas:itu"): the same entry is updated, never duplicated. */
  externalId: string;
  data: DraftData;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

/**
 * The administrator's import of questionnaire data (atlas profiles): each entry is published at once as
 * a revision with source "import" (the one path around the review queue). An entry whose content is what
 * its latest revision holds is left alone, so a second run of the same file changes nothing; a changed
 * entry gets a new revision.
 */
export async function importDrafts(
  deps: SubmissionDeps,
  entries: ImportedEntry[],
  reason: string,
): Promise<Array<{ externalId: string; id: number; outcome: ImportOutcome }>> {
  const out: Array<{ externalId: string; id: number; outcome: ImportOutcome }> = [];
  const meta: RevisionMeta = { ...IMPORTED, reason };
  await deps.db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const data = draftSchema.parse(entry.data);
      const problems = submissionProblems(data, deps.taxonomy);
      if (problems.length)
        throw new AppError(
          'validation_failed',
          problems.map((d) => ({ ...d, field: `${entry.externalId}: ${d.field}` })),
        );
      const existing = await entryByExternalId(trx, entry.externalId);
      if (existing) {
        const head = await ensureBaseline(trx, existing.id);
        if (changedFields(head.data, data).length === 0) {
          out.push({ externalId: entry.externalId, id: existing.id, outcome: 'unchanged' });
          continue;
        }
        await unarchiveUnmerged(trx, existing.id);
        await publish(trx, deps, { ...meta, entryId: existing.id, organisationId: existing.ownerOrganisationId, data });
        out.push({ externalId: entry.externalId, id: existing.id, outcome: 'updated' });
      } else {
        const id = await publish(trx, deps, { ...meta, entryId: null, organisationId: null, data, externalId: entry.externalId });
        out.push({ externalId: entry.externalId, id, outcome: 'created' });
      }
    }
  });
  return out;
}

/**
 * Writes validated entry records as they come (their state and confirmation date as given: the JSON
 * Lines import and bulk loads), each with a revision of source "import". New entries are inserted in
 * bulk with their first revisions; an entry with the same externalId is replaced, and gets a revision
 * when its content changed.
 */
export async function writeImported(
  trx: Tx,
  taxonomy: Taxonomy,
  inputs: readonly EntryInput[],
  opts: { isDemo: boolean },
): Promise<Array<{ id: number; outcome: 'created' | 'updated' }>> {
  const outcomes: Array<{ id: number; outcome: 'created' | 'updated' }> = [];
  const fresh: EntryInput[] = [];
  const freshAt: number[] = [];
  const known = await entryIdsByExternalId(
    trx,
    inputs.flatMap((i) => (i.externalId ? [i.externalId] : [])),
  );
  for (const input of inputs) {
    const existingId = input.externalId ? known.get(input.externalId) : undefined;
    if (existingId === undefined) {
      freshAt.push(outcomes.length);
      outcomes.push({ id: 0, outcome: 'created' });
      fresh.push(input);
      continue;
    }
    const head = await ensureBaseline(trx, existingId);
    await replaceEntry(trx, existingId, prepareWrite(input, taxonomy, opts));
    const data = await storedDraft(trx, existingId);
    if (changedFields(head.data, data).length) await recordRevision(trx, existingId, data, head, IMPORTED);
    outcomes.push({ id: existingId, outcome: 'updated' });
  }
  const ids = await insertEntriesBulk(
    trx,
    fresh.map((input) => prepareWrite(input, taxonomy, opts)),
  );
  const stored = await loadEntries(trx, ids);
  await insertRevisions(
    trx,
    stored.map((entry) => revisionRow(entry.id, activityToDraft(entry), null, IMPORTED)),
  );
  ids.forEach((id, i) => (outcomes[freshAt[i]!]!.id = id));
  // Replaced entries are read again here, once each, after every write of the batch.
  const replaced = [...new Set(outcomes.filter((o) => o.outcome === 'updated').map((o) => o.id))];
  await saveExportRecords(trx, [...stored, ...(await loadEntries(trx, replaced))]);
  return outcomes;
}
