import type { Db, Tx } from '../../db/connection';
import { checkUpload } from './file-check';
import { deleteFile, sweepUnstoredFiles, writeChunks } from './files.repository';
import { fileProblem, receiveFile, type IncomingFile } from './receive-file';

/** What is known of a checked upload before its row exists: the row's columns. */
export interface CheckedFile {
  name: string;
  mimeType: string;
  fileKind: string;
  size: number;
  sha256: string;
}

/**
 * The one way an upload is kept, whoever it belongs to (a publication's draft, a consultation's statement):
 * the bytes are read and judged by content, an unstored row is made by `insert`, the chunks are written
 * outside any transaction (other requests run between them), and `attach` links the file to its owner in
 * one short transaction that checks the owner again. A refused or failed upload leaves nothing behind.
 * The caller checks who may upload before calling, so no byte is read for someone who may not.
 */
export async function storeCheckedUpload(
  db: Db,
  file: IncomingFile | null,
  insert: (checked: CheckedFile) => Promise<number>,
  attach: (trx: Tx, fileId: number) => Promise<void>,
): Promise<number> {
  if (!file) throw fileProblem('missing');
  const { bytes, sha256 } = await receiveFile(file);
  // A form sent without choosing a file carries an empty part with no name.
  if (bytes.length === 0 && file.name === '') throw fileProblem('missing');
  const verdict = checkUpload({ name: file.name, bytes });
  if (!verdict.ok) throw fileProblem(verdict.problem);
  await sweepUnstoredFiles(db);
  const id = await insert({ name: verdict.safeName, mimeType: verdict.mimeType, fileKind: verdict.kind, size: bytes.byteLength, sha256 });
  try {
    await writeChunks(db, id, bytes);
    await db.transaction().execute((trx) => attach(trx, id));
  } catch (error) {
    await deleteFile(db, id);
    throw error;
  }
  return id;
}
