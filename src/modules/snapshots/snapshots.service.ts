import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { z } from 'zod';
import type { Config } from '../../config/config';
import type { Db } from '../../db/connection';
import type { SnapshotFormats } from '../../db/schema';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { EXPORT_FORMATS, exportFileName, writeExport, type ExportDeps } from '../exports/exports.service';
import { defineJob, type JobHandler, type Schedule } from '../jobs/jobs';
import { enqueueJob, hasActiveJob } from '../jobs/jobs.repository';
import { SNAPSHOT_JOB, isSnapshotFileName, snapshotFileName } from './snapshots';
import { deleteSnapshotsBeyond, findSnapshot, insertSnapshot, listSnapshots } from './snapshots.repository';

/** What a snapshot needs: the export's dependencies and the snapshot settings. */
export type SnapshotDeps = ExportDeps & { db: Db; config: Pick<Config, 'baseUrl' | 'snapshots' | 'dataLicence'> };

/** Counts the bytes that pass (an entry's size before compression) without holding them. */
class ByteCounter extends PassThrough {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * Writes a zip of every published entry in each export format into the snapshot folder, streaming: each
 * format is written by the export writer straight into the zip, which goes straight to a temporary file,
 * renamed once complete (a download never sees half a file). Records it and deletes snapshots beyond
 * SNAPSHOT_KEEP. Returns the file's name.
 */
export async function makeSnapshot(deps: SnapshotDeps, opts: { signal?: AbortSignal; jobId?: number | null; now?: Date } = {}): Promise<string> {
  const dir = deps.config.snapshots.dir;
  if (!dir) throw new Error('snapshots are off: no SNAPSHOT_DIR (and an in-memory database)');
  await mkdir(dir, { recursive: true });
  const at = opts.now ?? new Date();
  const file = snapshotFileName(at);
  const path = join(dir, file);
  const partial = join(dir, `.${file}.partial`);
  const zip = new yazl.ZipFile();
  const out = createWriteStream(partial, { flags: 'wx' });
  zip.outputStream.pipe(out);
  const written = finished(out);
  const formats: SnapshotFormats = {};
  try {
    for (const format of EXPORT_FORMATS) {
      const counter = new ByteCounter();
      zip.addReadStream(counter, exportFileName(format, at), { mtime: at });
      const { rows, complete } = await writeExport(deps, undefined, format, counter, { ...(opts.signal ? { signal: opts.signal } : {}) });
      if (!complete) throw opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('the snapshot was stopped');
      await finished(counter);
      formats[format] = { rows, bytes: counter.bytes };
    }
    const { name, url } = deps.config.dataLicence;
    zip.end({ forceZip64Format: false, comment: `Stocktake register snapshot, ${at.toISOString()}. Licence: ${name} (${url}).`.replace(/[^\x20-\x7e]/g, '?') });
    await written;
    await rename(partial, path);
  } catch (error) {
    out.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  const { size } = await stat(path);
  await insertSnapshot(deps.db, { file, entries: formats.csv?.rows ?? 0, bytes: size, formats, jobId: opts.jobId ?? null });
  for (const old of await deleteSnapshotsBeyond(deps.db, deps.config.snapshots.keep)) {
    if (isSnapshotFileName(old)) await rm(join(dir, old), { force: true });
  }
  return file;
}

/** The snapshot job: made by the schedule, at start when none exists, and by a curator's request. */
export function snapshotJob(deps: SnapshotDeps): JobHandler<unknown> {
  return defineJob({
    kind: SNAPSHOT_JOB,
    payload: z.object({ requestedBy: z.number().int().optional() }),
    // A snapshot that failed three times will fail again until someone looks; the next period tries anew.
    maxAttempts: 3,
    run: async (_payload, ctx) => {
      const file = await makeSnapshot(deps, { signal: ctx.signal, jobId: ctx.jobId });
      ctx.log.info('snapshot written', { file });
    },
  });
}

/** The snapshot schedule, when snapshots are on. */
export function snapshotSchedules(config: Pick<Config, 'snapshots'>): Schedule[] {
  if (!config.snapshots.dir || config.snapshots.everyMs <= 0) return [];
  return [{ name: 'snapshot', kind: SNAPSHOT_JOB, everyMs: config.snapshots.everyMs }];
}

/** Enqueues a snapshot when none exists and none is on its way (the demo's data page is never empty). */
export async function ensureFirstSnapshot(deps: Pick<SnapshotDeps, 'db' | 'config'>): Promise<boolean> {
  if (!deps.config.snapshots.dir) return false;
  if ((await listSnapshots(deps.db, 1)).length > 0 || (await hasActiveJob(deps.db, SNAPSHOT_JOB))) return false;
  return (await enqueueJob(deps.db, { kind: SNAPSHOT_JOB, maxAttempts: 3 })) !== null;
}

/**
 * A curator's "make a snapshot now": enqueued and audited in one transaction. While one is already queued
 * or running, a second press adds nothing (jobId null): the one on its way will hold the same entries.
 */
export async function requestSnapshot(deps: Pick<SnapshotDeps, 'db' | 'config'>, actor: Actor | null): Promise<{ jobId: number | null }> {
  authorize(actor, 'snapshot.create');
  if (!deps.config.snapshots.dir) throw new AppError('conflict', [{ field: '', code: 'snapshots_off' }]);
  return deps.db.transaction().execute(async (trx) => {
    if (await hasActiveJob(trx, SNAPSHOT_JOB)) return { jobId: null };
    const jobId = await enqueueJob(trx, { kind: SNAPSHOT_JOB, payload: { requestedBy: actor.userId }, maxAttempts: 3 });
    await audit(trx, { actorId: actor.userId, action: 'snapshot.request', entity: 'job', entityId: jobId });
    return { jobId };
  });
}

/** The data page's list: the kept snapshots, newest first, and whether one is being made. */
export async function snapshotOverview(deps: Pick<SnapshotDeps, 'db' | 'config'>) {
  const snapshots = await listSnapshots(deps.db, Math.max(1, deps.config.snapshots.keep));
  const pending = await hasActiveJob(deps.db, SNAPSHOT_JOB);
  return { snapshots, pending, enabled: deps.config.snapshots.dir !== null };
}

/**
 * A snapshot to download: only a name of the snapshot pattern, recorded in the table and present in the
 * folder; anything else is not found (no name from a URL is joined to a path before that).
 */
export async function openSnapshot(deps: Pick<SnapshotDeps, 'db' | 'config'>, file: string) {
  const dir = deps.config.snapshots.dir;
  if (!dir || !isSnapshotFileName(file)) throw new AppError('not_found');
  const row = await findSnapshot(deps.db, file);
  if (!row) throw new AppError('not_found');
  const path = join(dir, row.file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new AppError('not_found');
  }
  return { file: row.file, size, createdAt: row.createdAt, open: () => createReadStream(path) };
}
