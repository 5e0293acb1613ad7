import { createHash, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { loadEntries } from '../entries/entries.repository';
import { draftSchema } from '../submissions/submissions.schemas';
import { editableDraft } from '../submissions/drafts.service';
import { countDownload, downloadSalt, deleteDraftOnlyFile, findOwnFiles, findStoredFile, insertUnstoredFile, markStored, readChunks } from './files.repository';
import {
  findEntryKindAndState,
  publishedPublicationIds,
  ratingsBy,
  publicationTotals,
  saveDraftData,
  upsertRating,
  type PublicationOrder,
} from './publications.repository';
import type { IncomingFile } from './receive-file';
import { storeCheckedUpload } from './stored-upload';

export const MAX_FILES = 10;

/** The draft a file may be added to: the actor may edit it, it is a publication, and it has room for one more. */
async function draftForFile(trx: Tx, actor: Actor | null, submissionId: number) {
  const row = await editableDraft(trx, actor, submissionId);
  const data = draftSchema.parse(row.data);
  if (data.kind !== 'publication') throw new AppError('validation_failed', [{ field: 'file', code: 'not_a_publication' }]);
  const fileIds = data.publication?.fileIds ?? [];
  if (fileIds.length >= MAX_FILES) throw new AppError('validation_failed', [{ field: 'file', code: 'file_too_many', params: { max: MAX_FILES } }]);
  return { row, data, fileIds };
}

/**
 * Adds a file to a publication's draft. The bytes are checked by content before anything is written,
 * then stored chunk by chunk (other requests run between the chunks), and the file joins the draft's
 * list in one short transaction at the end: a refused or failed upload leaves nothing behind.
 */
export async function uploadFile(db: Db, actor: Actor | null, submissionId: number, file: IncomingFile | null): Promise<number> {
  // Authorisation and the draft's state first, before a byte of the file is read.
  const { row } = await db.transaction().execute((trx) => draftForFile(trx, actor, submissionId));
  return storeCheckedUpload(
    db,
    file,
    (checked) => insertUnstoredFile(db, { ...checked, submissionId, entryId: row.entryId, uploadedBy: actor!.userId }),
    async (trx, id) => {
      // Checked again under the draft's lock: it may have been submitted or filled while the chunks were written.
      const { data, fileIds } = await draftForFile(trx, actor, submissionId);
      const publication = { authors: [], year: null, language: null, ...data.publication, fileIds: [...fileIds, id] };
      await saveDraftData(trx, submissionId, { ...data, publication });
      await markStored(trx, id);
    },
  );
}

/** Takes a file off a draft; a file never published is deleted, a published one stays with the entry's earlier revisions. */
export async function removeFile(db: Db, actor: Actor | null, submissionId: number, fileId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await editableDraft(trx, actor, submissionId);
    const data = draftSchema.parse(row.data);
    const fileIds = data.publication?.fileIds ?? [];
    if (!fileIds.includes(fileId)) throw new AppError('not_found');
    const publication = { authors: [], year: null, language: null, ...data.publication, fileIds: fileIds.filter((f) => f !== fileId) };
    await saveDraftData(trx, submissionId, { ...data, publication });
    await deleteDraftOnlyFile(trx, submissionId, fileId);
  });
}

/**
 * Names and sizes of an entry's or a submission's own files, in the order given (never their bytes). An
 * id of someone else's file is left out, so a list cannot be used to read other organisations' files.
 */
export async function describeFiles(
  db: Db,
  ids: number[],
  owner: { submissionId?: number | null; entryId: number | null },
): Promise<Array<{ id: number; name: string; size: number; mimeType: string; fileKind: string; downloads: number }>> {
  const scope = [owner.submissionId, owner.entryId];
  if (!ids.length || scope.every((v) => v === null || v === undefined)) return [];
  const rows = await findOwnFiles(db, ids, owner);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Who downloads, as far as counting goes: never stored, only hashed under the day's salt. */
export type DownloadVisit = { address: string; userAgent: string };

/**
 * A file to download (its bytes as a stream of chunks): public once its publication is published;
 * before that, only to whoever may edit or review its submission. A public download with a `visit`
 * (a GET, not a HEAD) counts once per visitor and day.
 */
export async function downloadFile(db: Db, actor: Actor | null, fileId: number, visit: DownloadVisit | null) {
  const file = await findStoredFile(db, fileId);
  if (!file) throw new AppError('not_found');
  const body = { ...file, chunks: () => readChunks(db, fileId) };
  const listed = ((file.details as { fileIds?: number[] } | null)?.fileIds ?? []).includes(fileId);
  if (file.state === 'published' && listed) {
    if (visit) {
      const { day, salt } = await downloadSalt(db, randomBytes(32).toString('base64url'));
      const visitor = createHash('sha256').update(`${salt}\0${visit.address}\0${visit.userAgent}`).digest('base64url').slice(0, 32);
      await countDownload(db, fileId, day, visitor);
    }
    return body;
  }
  const reviewer = can(actor, 'review.decide');
  const editor =
    actor &&
    file.organisationId !== null &&
    file.createdBy !== null &&
    can(actor, 'submission.edit', { organisationId: file.organisationId, createdBy: file.createdBy });
  if (!reviewer && !editor) throw new AppError('not_found');
  return body;
}

/** A signed-in reader's rating of a published publication: one each, changeable. */
export async function ratePublication(db: Db, actor: Actor | null, entryId: number, rating: number): Promise<void> {
  authorize(actor, 'publication.rate');
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('validation_failed', [{ field: 'rating', code: 'rating_range' }]);
  const entry = await findEntryKindAndState(db, entryId);
  if (!entry || entry.kind !== 'publication' || entry.state !== 'published') throw new AppError('not_found');
  await upsertRating(db, { entryId, userId: actor.userId, rating });
}

/** Downloads and ratings of publications: total downloads, mean rating and count, and the reader's own rating. */
export async function publicationStats(db: Db, ids: number[], userId: number | null) {
  const out = new Map<number, { downloads: number; rating: number | null; ratings: number; mine: number | null }>();
  if (!ids.length) return out;
  const [totals, mine] = await Promise.all([publicationTotals(db, ids), userId ? ratingsBy(db, ids, userId) : Promise.resolve([])]);
  for (const id of ids) out.set(id, { downloads: 0, rating: null, ratings: 0, mine: null });
  for (const t of totals) {
    const stats = out.get(t.entryId)!;
    stats.downloads = Number(t.downloads ?? 0);
    if (Number(t.ratings) > 0) Object.assign(stats, { rating: Math.round(Number(t.mean) * 10) / 10, ratings: Number(t.ratings) });
  }
  for (const m of mine) out.get(m.entryId)!.mine = m.rating;
  return out;
}

export const PUBLICATION_SORTS = ['date', 'title', 'institution', 'actionLine', 'downloads', 'rating'] as const satisfies readonly PublicationOrder[];
export type PublicationSort = (typeof PUBLICATION_SORTS)[number];
export const PUBLICATION_PAGE_SIZE = 25;

/**
 * The Global Repository's list: published publications, filtered by action line and country, sorted by
 * date (year, newest first), title, issuing institution, first action line, downloads or mean rating.
 */
export async function listPublications(
  db: Db,
  q: { sort: PublicationSort; actionLine?: string[]; country?: string[]; page: number },
): Promise<{ ids: number[]; total: number }> {
  return publishedPublicationIds(db, {
    sort: q.sort,
    actionLine: q.actionLine,
    country: q.country,
    limit: PUBLICATION_PAGE_SIZE,
    offset: (q.page - 1) * PUBLICATION_PAGE_SIZE,
  });
}

/** One page of the repository list with the publications and their counts, for the list page. */
export async function publicationsPage(db: Db, q: { sort: PublicationSort; actionLine?: string[]; country?: string[]; page: number }) {
  const { ids, total } = await listPublications(db, q);
  const [publications, stats] = await Promise.all([loadEntries(db, ids, ['published']), publicationStats(db, ids, null)]);
  return { publications, stats, total };
}
