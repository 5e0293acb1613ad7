import { sql, type UpdateObject } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { Database, JobState } from '../../db/schema';

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  /** Not before this many milliseconds from now (database clock). */
  delayMs?: number;
  maxAttempts?: number;
  /** Unique over every job ever stored: a second job with the same key is not enqueued. */
  uniqueKey?: string | null;
}

/** Enqueues a job; returns its id, or null when a job with its unique key already exists. */
export async function enqueueJob(db: Db | Tx, job: NewJob): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload ?? {}),
      runAfter: sql<Date>`now() + make_interval(secs => ${(job.delayMs ?? 0) / 1000})`,
      ...(job.maxAttempts !== undefined ? { maxAttempts: job.maxAttempts } : {}),
      uniqueKey: job.uniqueKey ?? null,
    })
    // One statement: of several instances inserting the same key, the database lets exactly one through.
    .onConflict((oc) => oc.column('uniqueKey').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The database's clock: leases and periods are judged by one clock for every instance. */
export async function databaseNow(db: Db): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return new Date(rows[0]!.now);
}

/** Gives up running jobs whose lease ran out on their last allowed attempt (their instance died holding them). */
export async function failExpiredLeases(db: Db, kinds: readonly string[]): Promise<number> {
  if (kinds.length === 0) return 0;
  const rows = await db
    .updateTable('jobs')
    .set({
      state: 'failed',
      lastError: sql<string>`coalesce(last_error || ' · ', '') || 'lease expired on the last attempt (held by ' || coalesce(locked_by, '?') || ')'`,
      leaseUntil: null,
      lockedBy: null,
      finishedAt: sql<Date>`now()`,
      updatedAt: sql<Date>`now()`,
    })
    .where('state', '=', 'running')
    .where('leaseUntil', '<', sql<Date>`now()`)
    .where('kind', 'in', kinds)
    .where(sql<boolean>`attempts >= max_attempts`)
    .returning('id')
    .execute();
  return rows.length;
}

/**
 * Claims up to `limit` jobs of the given kinds that are due, or running under a lease that has run out,
 * in one statement that skips rows another instance is claiming: each job goes to one claimer. The
 * claimer holds it until `leaseMs` from now and counts the attempt.
 */
export async function claimJobs(db: Db, opts: { kinds: readonly string[]; workerId: string; leaseMs: number; limit: number }) {
  if (opts.kinds.length === 0 || opts.limit < 1) return [];
  return db
    .updateTable('jobs')
    .set({
      state: 'running',
      attempts: sql<number>`attempts + 1`,
      leaseUntil: sql<Date>`now() + make_interval(secs => ${opts.leaseMs / 1000})`,
      lockedBy: opts.workerId,
      startedAt: sql<Date>`now()`,
      updatedAt: sql<Date>`now()`,
    })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('jobs')
        .select('id')
        .where('kind', 'in', opts.kinds)
        .where((w) =>
          w.or([
            w.and([w('state', '=', 'queued'), w('runAfter', '<=', sql<Date>`now()`)]),
            w.and([w('state', '=', 'running'), w('leaseUntil', '<', sql<Date>`now()`), w(sql<number>`attempts`, '<', sql<number>`max_attempts`)]),
          ]),
        )
        .orderBy('runAfter')
        .orderBy('id')
        .limit(opts.limit)
        .forUpdate()
        .skipLocked(),
    )
    .returning(['id', 'kind', 'payload', 'attempts', 'maxAttempts'])
    .execute();
}

/** Updates a job only while this worker holds it (running, locked by it); false when it holds it no more. */
async function updateHeldJob(db: Db, id: number, workerId: string, set: UpdateObject<Database, 'jobs'>): Promise<boolean> {
  const rows = await db
    .updateTable('jobs')
    .set({ ...set, updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .where('lockedBy', '=', workerId)
    .where('state', '=', 'running')
    .returning('id')
    .execute();
  return rows.length > 0;
}

/** Extends the lease of a job this worker still holds; false when it holds it no more (it expired and was retaken). */
export function renewLease(db: Db, id: number, workerId: string, leaseMs: number): Promise<boolean> {
  return updateHeldJob(db, id, workerId, { leaseUntil: sql<Date>`now() + make_interval(secs => ${leaseMs / 1000})` });
}

/** Marks a held job done; false when this worker no longer held it. */
export function completeJob(db: Db, id: number, workerId: string): Promise<boolean> {
  return updateHeldJob(db, id, workerId, { state: 'done', leaseUntil: null, lockedBy: null, lastError: null, finishedAt: sql<Date>`now()` });
}

/**
 * Records a failed attempt of a held job: queued again after `retryInMs`, or failed for good when that
 * is null. False when this worker no longer held it.
 */
export function failAttempt(db: Db, id: number, workerId: string, failure: { error: string; retryInMs: number | null }): Promise<boolean> {
  const retry = failure.retryInMs;
  return updateHeldJob(db, id, workerId, {
    state: retry === null ? 'failed' : 'queued',
    lastError: failure.error,
    runAfter: retry === null ? sql<Date>`run_after` : sql<Date>`now() + make_interval(secs => ${retry / 1000})`,
    leaseUntil: null,
    lockedBy: null,
    finishedAt: retry === null ? sql<Date>`now()` : null,
  });
}

/** Hands a held job back without counting the attempt (this instance is stopping): another may take it at once. */
export async function releaseJob(db: Db, id: number, workerId: string): Promise<void> {
  await updateHeldJob(db, id, workerId, {
    state: 'queued',
    attempts: sql<number>`greatest(attempts - 1, 0)`,
    runAfter: sql<Date>`now()`,
    leaseUntil: null,
    lockedBy: null,
  });
}

/** Deletes finished jobs older than `days` (their unique keys name periods long past). */
export async function pruneFinishedJobs(db: Db, days: number): Promise<number> {
  const rows = await db
    .deleteFrom('jobs')
    .where('state', 'in', ['done', 'failed'])
    .where('finishedAt', '<', sql<Date>`now() - make_interval(days => ${days})`)
    .returning('id')
    .execute();
  return rows.length;
}

/** Jobs of a kind, newest first (tests and the data page's "snapshot on its way"). */
export async function listJobs(db: Db, opts: { kind?: string; states?: readonly JobState[]; limit: number }) {
  let q = db.selectFrom('jobs').selectAll();
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  if (opts.states?.length) q = q.where('state', 'in', opts.states);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

/** Whether a job of the kind is queued or running. */
export async function hasActiveJob(db: Db | Tx, kind: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('kind', '=', kind).where('state', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}
