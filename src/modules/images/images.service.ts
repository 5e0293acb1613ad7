import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { line } from '../../lib/text';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import { actorDetailsSchema } from '../entries/kinds/actor';
import { imageFileIds, type EntryImage } from '../entries/kinds/image';
import { storyDetailsSchema } from '../entries/kinds/story';
import {
  deleteDraftOnlyFile,
  deleteFile,
  findStoredFile,
  insertUnstoredFile,
  markStored,
  readChunks,
  sweepUnstoredFiles,
  writeChunks,
} from '../publications/files.repository';
import { saveDraftData } from '../publications/publications.repository';
import { receiveFile, type IncomingFile } from '../publications/receive-file';
import { editableDraft } from '../submissions/drafts.service';
import { draftSchema, type DraftData } from '../submissions/submissions.schemas';
import { checkImage, IMAGE_LEADING_BYTES, MAX_IMAGE_BYTES } from './image-check';
import { imageProblem, makeVariants } from './image-variants';

/** The kinds whose entries may carry an image. */
export const IMAGE_KINDS = ['story', 'actor'] as const;
type ImageKind = (typeof IMAGE_KINDS)[number];

const hasImageKind = (data: DraftData): data is DraftData & { kind: ImageKind } => (IMAGE_KINDS as readonly string[]).includes(data.kind);

/** A draft's image, if its kind has one. */
export function draftImage(data: DraftData): EntryImage | null {
  if (data.kind === 'story') return data.story?.image ?? null;
  if (data.kind === 'actor') return data.actor?.image ?? null;
  return null;
}

/** The draft patch that sets (or, with null, removes) a draft's image, its other details kept. */
export function withImage(data: DraftData, image: EntryImage | null): Record<string, unknown> {
  if (data.kind === 'story') return { story: { ...storyDetailsSchema.parse({}), ...data.story, image } };
  if (data.kind === 'actor') return { actor: { ...actorDetailsSchema.parse({}), ...data.actor, image } };
  return {};
}

async function draftForImage(trx: Tx, actor: Actor | null, submissionId: number) {
  const row = await editableDraft(trx, actor, submissionId);
  const data = draftSchema.parse(row.data);
  if (!hasImageKind(data)) throw new AppError('validation_failed', [{ field: 'image', code: 'image_not_for_kind' }]);
  return { row, data };
}

const altSchema = line(300);

/**
 * Sets a story's or actor's image from an upload, with its alt text in the draft's original language.
 * Everything is checked before a byte is written — who may edit, the alt text, the name and first bytes
 * (as they arrive), the size (as it flows), the pixel count (from the header, before decoding) — then the
 * variants are made with sharp, stored chunk by chunk, and put on the draft in one short transaction.
 * A refused or failed upload leaves nothing behind; the image it replaces, if never published, is deleted.
 */
export async function uploadImage(
  db: Db,
  actor: Actor | null,
  submissionId: number,
  file: IncomingFile | null,
  alt: string | undefined,
  locale: Locale,
): Promise<void> {
  await db.transaction().execute((trx) => draftForImage(trx, actor, submissionId));
  const altText = altSchema.safeParse((alt ?? '').trim());
  if (!altText.success || altText.data === '')
    throw new AppError('validation_failed', [{ field: 'alt', code: altText.success ? 'image_alt_required' : 'invalid_characters' }]);
  if (!file) throw imageProblem('image_missing');
  const { bytes } = await receiveFile(file, MAX_IMAGE_BYTES, {
    bytes: IMAGE_LEADING_BYTES,
    problem: (name, leading) => {
      const verdict = checkImage(name, leading);
      return verdict.ok ? null : imageProblem(verdict.problem);
    },
  });
  // A form sent without choosing a file carries an empty part with no name.
  if (bytes.length === 0 && file.name === '') throw imageProblem('image_missing');
  const verdict = checkImage(file.name, bytes.subarray(0, IMAGE_LEADING_BYTES));
  if (!verdict.ok) throw imageProblem(verdict.problem);
  const made = await makeVariants(bytes, verdict.type);

  await sweepUnstoredFiles(db);
  const { row } = await db.transaction().execute((trx) => draftForImage(trx, actor, submissionId));
  const ids: number[] = [];
  try {
    const variants: EntryImage['variants'] = [];
    for (const v of made.variants) {
      const id = await insertUnstoredFile(db, {
        submissionId,
        entryId: row.entryId,
        uploadedBy: actor!.userId,
        name: `image-${v.width}.${v.type === 'image/webp' ? 'webp' : 'jpg'}`,
        mimeType: v.type,
        fileKind: 'image',
        size: v.bytes.byteLength,
        sha256: createHash('sha256').update(v.bytes).digest('hex'),
      });
      ids.push(id);
      await writeChunks(db, id, v.bytes);
      variants.push({ id, width: v.width, type: v.type });
    }
    await db.transaction().execute(async (trx) => {
      // Checked again under the draft's lock: it may have been submitted while the chunks were written.
      const { data } = await draftForImage(trx, actor, submissionId);
      const language = data.originalLanguage ?? locale;
      const image: EntryImage = { width: made.width, height: made.height, variants, alt: { [language]: altText.data } };
      const old = draftImage(data);
      await saveDraftData(trx, submissionId, { ...data, ...withImage(data, image) });
      for (const id of ids) await markStored(trx, id);
      for (const id of imageFileIds(old)) await deleteDraftOnlyFile(trx, submissionId, id);
    });
  } catch (error) {
    for (const id of ids) await deleteFile(db, id);
    throw error;
  }
}

/** Takes the image off a draft; variants never published are deleted, published ones stay with the entry's earlier revisions. */
export async function removeImage(db: Db, actor: Actor | null, submissionId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const { data } = await draftForImage(trx, actor, submissionId);
    const old = draftImage(data);
    if (!old) throw new AppError('not_found');
    await saveDraftData(trx, submissionId, { ...data, ...withImage(data, null) });
    for (const id of imageFileIds(old)) await deleteDraftOnlyFile(trx, submissionId, id);
  });
}

/**
 * One stored image variant to serve: public (and cacheable for good: a variant's bytes never change,
 * a new upload gets new ids) once its entry is published and names it; before that, only to whoever may
 * edit or review its submission.
 */
export async function imageFile(db: Db, actor: Actor | null, fileId: number) {
  const file = await findStoredFile(db, fileId);
  if (!file || !file.mimeType.startsWith('image/')) throw new AppError('not_found');
  const body = { ...file, chunks: () => readChunks(db, fileId) };
  const listed = imageFileIds((file.details as { image?: EntryImage | null } | null)?.image).includes(fileId);
  if (file.state === 'published' && listed) return { ...body, public: true };
  const reviewer = can(actor, 'review.decide');
  const editor =
    actor &&
    file.organisationId !== null &&
    file.createdBy !== null &&
    can(actor, 'submission.edit', { organisationId: file.organisationId, createdBy: file.createdBy });
  if (!reviewer && !editor) throw new AppError('not_found');
  return { ...body, public: false };
}
