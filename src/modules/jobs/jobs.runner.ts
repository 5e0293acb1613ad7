import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../db/connection';
import { backoffMs, errorText, periodKey, type JobHandler, type JobLog, type Schedule } from './jobs';
import { claimJobs, completeJob, databaseNow, enqueueJob, failAttempt, failExpiredLeases, pruneFinishedJobs, releaseJob, renewLease } from './jobs.repository';

export interface JobRunnerOptions {
  /** Names this instance in `locked_by`; by default host, PID and a random suffix. */
  workerId?: string;
  /** How often due jobs are looked for (2 s). */
  pollMs?: number;
  /** How long a claim holds a job before another instance may take it (5 minutes); renewed every third of it while the job runs. */
  leaseMs?: number;
  /** Jobs run at once by this instance (1). */
  concurrency?: number;
  /** Backoff after a failed attempt: `baseBackoffMs` doubling, at most `maxBackoffMs` (30 s, 1 hour). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  schedules?: readonly Schedule[];
  /** Finished jobs are deleted after this many days (40; longer than any schedule's period). */
  keepFinishedDays?: number;
  log?: JobLog & { error?(msg: string, fields?: Record<string, unknown>): void };
  /** false: no timer; tests call runDue(). */
  autostart?: boolean;
  /** The first look for work, this long after the start (0): a server lets its start-up work go first. */
  firstPassMs?: number;
}

export interface RunReport {
  done: number;
  failed: number;
  retried: number;
}

export interface JobRunner {
  readonly workerId: string;
  /** Enqueues due schedule runs, then claims and runs due jobs until none is left (serialised with the timer's runs). */
  runDue(): Promise<RunReport>;
  /** Looks for work now rather than at the next poll (after this instance enqueued something). */
  wake(): void;
  /** Stops polling, aborts running jobs and hands them back, and waits for them (at most `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

const silent: JobLog = { info() {}, warn() {} };

/** Enqueues the run of each schedule for the current period (database clock); the unique key lets one instance through. */
export async function enqueueDueSchedules(db: Db, schedules: readonly Schedule[]): Promise<number> {
  if (schedules.length === 0) return 0;
  const now = await databaseNow(db);
  let enqueued = 0;
  for (const s of schedules) {
    if (s.everyMs <= 0) continue;
    const id = await enqueueJob(db, { kind: s.kind, payload: s.payload ?? {}, uniqueKey: periodKey(s, now) });
    if (id !== null) enqueued += 1;
  }
  return enqueued;
}

/**
 * Runs the jobs stored in the database whose kinds have a handler here. Any number of instances may run
 * one: claims skip rows another instance holds, a lease lets a crashed instance's job be taken again once
 * it expires, and a failed attempt is retried after an exponential backoff until `max_attempts`.
 */
export function startJobRunner(db: Db, handlers: ReadonlyMap<string, JobHandler<unknown>>, opts: JobRunnerOptions = {}): JobRunner {
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const pollMs = opts.pollMs ?? 2000;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const baseBackoff = opts.baseBackoffMs ?? 30_000;
  const maxBackoff = opts.maxBackoffMs ?? 3_600_000;
  const schedules = (opts.schedules ?? []).filter((s) => s.everyMs > 0 && handlers.has(s.kind));
  const log: NonNullable<JobRunnerOptions['log']> = opts.log ?? silent;
  const kinds = [...handlers.keys()];
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  let lastPrune = 0;

  const runOne = async (job: { id: number; kind: string; payload: Record<string, unknown>; attempts: number; maxAttempts: number }, report: RunReport) => {
    const handler = handlers.get(job.kind)!;
    const aborter = new AbortController();
    const onStop = () => aborter.abort(new Error('the instance is stopping'));
    stopping.signal.addEventListener('abort', onStop, { once: true });
    // Keeps the claim while the job runs; a lost lease (another instance took the job) stops it here.
    const renewer = setInterval(
      () => {
        renewLease(db, job.id, workerId, leaseMs)
          .then((held) => {
            if (!held) aborter.abort(new Error('the job was taken by another instance after its lease expired'));
          })
          .catch((e: unknown) => log.warn('job lease could not be renewed', { job: job.id, error: String(e) }));
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    renewer.unref();
    try {
      const parsed = handler.payload.safeParse(job.payload);
      if (!parsed.success) {
        await failAttempt(db, job.id, workerId, { error: `invalid payload: ${parsed.error.message}`.slice(0, 1000), retryInMs: null });
        report.failed += 1;
        return;
      }
      try {
        await handler.run(parsed.data, { jobId: job.id, attempt: job.attempts, signal: aborter.signal, log });
      } catch (error) {
        if (stopping.signal.aborted) {
          await releaseJob(db, job.id, workerId);
          return;
        }
        const last = job.attempts >= job.maxAttempts;
        const retryInMs = last ? null : backoffMs(job.attempts, baseBackoff, maxBackoff);
        const held = await failAttempt(db, job.id, workerId, { error: errorText(error), retryInMs });
        if (held) {
          if (last) report.failed += 1;
          else report.retried += 1;
        }
        log.warn(last ? 'job failed for good' : 'job failed; it will be retried', {
          job: job.id,
          kind: job.kind,
          attempt: job.attempts,
          error: errorText(error),
        });
        return;
      }
      if (await completeJob(db, job.id, workerId)) report.done += 1;
    } finally {
      clearInterval(renewer);
      stopping.signal.removeEventListener('abort', onStop);
    }
  };

  const pass = async (): Promise<RunReport> => {
    const report: RunReport = { done: 0, failed: 0, retried: 0 };
    await enqueueDueSchedules(db, schedules);
    await failExpiredLeases(db, kinds);
    while (!stopping.signal.aborted) {
      const claimed = await claimJobs(db, { kinds, workerId, leaseMs, limit: concurrency });
      if (claimed.length === 0) break;
      await Promise.all(claimed.map((job) => runOne(job, report)));
    }
    if (Date.now() - lastPrune > 3_600_000) {
      lastPrune = Date.now();
      await pruneFinishedJobs(db, opts.keepFinishedDays ?? 40);
    }
    return report;
  };

  let running: Promise<RunReport> | null = null;
  const run = () => {
    if (running) return running;
    const p = pass().finally(() => {
      running = null;
      inFlight.delete(p);
    });
    running = p;
    inFlight.add(p);
    return p;
  };
  const onError = (e: unknown) => (log.error ?? log.warn)('job runner pass failed', { error: String(e) });

  let timer: NodeJS.Timeout | null = null;
  const schedule = (ms: number) => {
    if (stopping.signal.aborted || opts.autostart === false) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      run()
        .catch(onError)
        .finally(() => schedule(pollMs));
    }, ms);
    timer.unref();
  };
  schedule(opts.firstPassMs ?? 0);

  return {
    workerId,
    runDue: async () => {
      // A pass already under way may have claimed nothing new since the caller enqueued: run another after it.
      if (running) await running.catch(() => undefined);
      return run();
    },
    wake: () => {
      if (!running) schedule(0);
    },
    stop: async (graceMs = 10_000) => {
      if (timer) clearTimeout(timer);
      timer = null;
      stopping.abort();
      const all = Promise.allSettled([...inFlight]);
      let waited: NodeJS.Timeout | undefined;
      // A handler that ignores its signal is left behind: its lease expires and another instance retakes it.
      await Promise.race([all, new Promise((r) => (waited = setTimeout(r, graceMs)))]);
      clearTimeout(waited);
    },
  };
}
