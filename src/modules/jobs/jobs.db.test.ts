import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { z } from 'zod';
import { openDatabase, type Db, type DbHandle } from '../../db/connection';
import { createTestDb, usingPostgres, type TestDb } from '../../../test/support/test-db';
import { backoffMs, defineJob, jobRegistry, parseDuration, periodKey, type JobHandler, type Schedule } from './jobs';
import { claimJobs, enqueueJob, listJobs } from './jobs.repository';
import { enqueueDueSchedules, startJobRunner } from './jobs.runner';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function job(db: Db, id: number) {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Makes a queued job due now (the test does not wait out a backoff). */
async function makeDue(db: Db, id: number) {
  await db
    .updateTable('jobs')
    .set({ runAfter: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

describe('job runner: pure rules', () => {
  it('doubles the backoff from its base up to its cap', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 20].map((a) => backoffMs(a, 1000, 10_000)),
      [1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
    );
  });
  it('reads durations and refuses anything else', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('7d'), 604_800_000);
    assert.equal(parseDuration('0'), 0);
    for (const bad of ['', 'h', '24', '1.5h', '-1h', '24 hours', '1w']) assert.equal(parseDuration(bad), null, bad);
  });
  it('names one period the same way whatever the moment inside it', () => {
    const s: Schedule = { name: 'snap', kind: 'k', everyMs: 6 * 3_600_000 };
    assert.equal(periodKey(s, new Date('2026-12-03T06:00:00Z')), 'schedule:snap:2026-12-03T06:00:00.000Z');
    assert.equal(periodKey(s, new Date('2026-12-03T11:59:59.999Z')), 'schedule:snap:2026-12-03T06:00:00.000Z');
    assert.equal(periodKey(s, new Date('2026-12-03T12:00:00Z')), 'schedule:snap:2026-12-03T12:00:00.000Z');
  });
  it('refuses a kind registered twice', () => {
    const h = defineJob({ kind: 'x', payload: z.object({}), run: async () => {} });
    assert.throws(() => jobRegistry([h, h]), /registered twice/);
  });
});

describe('job runner on the database', () => {
  let t: TestDb;
  // A second connection pool on the same PostgreSQL database: a second instance. On PGlite, the same handle.
  let second: DbHandle | null = null;
  let other: Db;
  let kind: string;

  before(async () => {
    t = await createTestDb();
    if (t.databaseUrl) second = await openDatabase({ databaseUrl: t.databaseUrl });
    other = second?.db ?? t.handle.db;
  });
  after(async () => {
    await second?.close();
    await t.close();
  });
  // Each test its own kind, so what one leaves queued is not another's business.
  let n = 0;
  beforeEach(() => {
    kind = `test-${(n += 1)}`;
  });

  it('gives each job to exactly one of many parallel claimers', async () => {
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await enqueueJob(t.handle.db, { kind, payload: { i } }));
    const claimedBy = new Map<number, string>();
    const claimer = async (db: Db, name: string) => {
      for (;;) {
        const rows = await claimJobs(db, { kinds: [kind], workerId: name, leaseMs: 60_000, limit: 3 });
        if (rows.length === 0) return;
        for (const r of rows) {
          assert.equal(claimedBy.has(r.id), false, `job ${r.id} claimed by ${claimedBy.get(r.id)} and ${name}`);
          claimedBy.set(r.id, name);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => claimer(i % 2 ? other : t.handle.db, `w${i}`)));
    assert.deepEqual(
      [...claimedBy.keys()].sort((a, b) => a - b),
      ids,
    );
    const rows = await listJobs(t.handle.db, { kind, limit: 100 });
    assert.ok(rows.every((r) => r.state === 'running' && r.attempts === 1 && r.lockedBy === claimedBy.get(r.id)));
    if (usingPostgres) assert.ok(new Set(claimedBy.values()).size > 1, 'on PostgreSQL the claimers ran side by side');
  });

  it('runs each job once with two runners side by side', async () => {
    const ran: number[] = [];
    const handler = defineJob({
      kind,
      payload: z.object({ i: z.number() }),
      run: async ({ i }) => {
        ran.push(i);
        await sleep(2);
      },
    });
    for (let i = 0; i < 30; i++) await enqueueJob(t.handle.db, { kind, payload: { i } });
    const a = startJobRunner(t.handle.db, jobRegistry([handler]), { autostart: false, workerId: 'a', concurrency: 2 });
    const b = startJobRunner(other, jobRegistry([handler]), { autostart: false, workerId: 'b', concurrency: 2 });
    const [ra, rb] = await Promise.all([a.runDue(), b.runDue()]);
    assert.equal(ra.done + rb.done, 30);
    assert.deepEqual(
      ran.sort((x, y) => x - y),
      Array.from({ length: 30 }, (_, i) => i),
    );
    const rows = await listJobs(t.handle.db, { kind, limit: 100 });
    assert.ok(rows.every((r) => r.state === 'done' && r.lockedBy === null && r.finishedAt !== null));
    await Promise.all([a.stop(), b.stop()]);
  });

  it('takes a job again once the lease of an instance that died holding it has expired', async () => {
    const id = (await enqueueJob(t.handle.db, { kind, maxAttempts: 3 }))!;
    // An instance claims it and dies: it never renews, completes or fails it.
    const [claimed] = await claimJobs(t.handle.db, { kinds: [kind], workerId: 'dead', leaseMs: 300, limit: 1 });
    assert.equal(claimed?.id, id);
    assert.deepEqual(await claimJobs(other, { kinds: [kind], workerId: 'alive', leaseMs: 60_000, limit: 1 }), [], 'not while the lease holds');
    await sleep(400);
    const ran: number[] = [];
    const runner = startJobRunner(other, jobRegistry([defineJob({ kind, payload: z.object({}), run: async (_p, ctx) => void ran.push(ctx.attempt) })]), {
      autostart: false,
      workerId: 'alive',
    });
    const report = await runner.runDue();
    assert.equal(report.done, 1);
    assert.deepEqual(ran, [2], 'the second attempt');
    assert.equal((await job(t.handle.db, id)).state, 'done');
    await runner.stop();
  });

  it('gives up a job whose lease expired on its last attempt', async () => {
    const id = (await enqueueJob(t.handle.db, { kind, maxAttempts: 1 }))!;
    await claimJobs(t.handle.db, { kinds: [kind], workerId: 'dead', leaseMs: 200, limit: 1 });
    await sleep(300);
    let ran = 0;
    const runner = startJobRunner(other, jobRegistry([defineJob({ kind, payload: z.object({}), run: async () => void (ran += 1) })]), { autostart: false });
    await runner.runDue();
    assert.equal(ran, 0);
    const row = await job(t.handle.db, id);
    assert.equal(row.state, 'failed');
    assert.match(row.lastError ?? '', /lease expired.*dead/);
    await runner.stop();
  });

  it('keeps a long job by renewing its lease, so no other instance takes it', async () => {
    let runs = 0;
    const handler = defineJob({
      kind,
      payload: z.object({}),
      run: async () => {
        runs += 1;
        await sleep(700);
      },
    });
    await enqueueJob(t.handle.db, { kind });
    const a = startJobRunner(t.handle.db, jobRegistry([handler]), { autostart: false, workerId: 'a', leaseMs: 300 });
    const b = startJobRunner(other, jobRegistry([handler]), { autostart: false, workerId: 'b', leaseMs: 300 });
    const first = a.runDue();
    await sleep(450);
    const meanwhile = await b.runDue();
    assert.equal(meanwhile.done, 0, 'the lease was renewed while the job ran');
    assert.equal((await first).done, 1);
    assert.equal(runs, 1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('stops a job whose lease another instance took, and leaves the job to it', async () => {
    const id = (await enqueueJob(t.handle.db, { kind }))!;
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    let aborted: unknown = null;
    const handler = defineJob({
      kind,
      payload: z.object({}),
      run: (_p, ctx) =>
        new Promise<void>((resolve, reject) => {
          started();
          ctx.signal.addEventListener('abort', () => {
            aborted = ctx.signal.reason;
            reject(ctx.signal.reason as Error);
          });
          // Without an abort it would finish, and mark the job done.
          setTimeout(resolve, 1500);
        }),
    });
    const runner = startJobRunner(t.handle.db, jobRegistry([handler]), { autostart: false, workerId: 'slow', leaseMs: 150 });
    const run = runner.runDue();
    await isRunning;
    // As if its lease had expired and another instance had claimed it.
    await other.updateTable('jobs').set({ lockedBy: 'thief' }).where('id', '=', id).execute();
    const report = await run;
    assert.match(String(aborted), /taken by another instance/);
    assert.deepEqual(report, { done: 0, failed: 0, retried: 0 });
    const row = await job(t.handle.db, id);
    assert.equal(row.state, 'running');
    assert.equal(row.lockedBy, 'thief');
    await runner.stop();
  });

  it('retries a failing job after a doubling backoff, then fails it after its last attempt', async () => {
    const id = (await enqueueJob(t.handle.db, { kind, maxAttempts: 3 }))!;
    const attempts: number[] = [];
    const handler: JobHandler<unknown> = defineJob({
      kind,
      payload: z.object({}),
      run: async (_p, ctx) => {
        attempts.push(ctx.attempt);
        throw new Error(`boom ${ctx.attempt}`);
      },
    });
    const runner = startJobRunner(t.handle.db, jobRegistry([handler]), { autostart: false, baseBackoffMs: 60_000, maxBackoffMs: 600_000 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const report = await runner.runDue();
      const row = await job(t.handle.db, id);
      assert.equal(row.attempts, attempt);
      assert.equal(row.lastError, `Error: boom ${attempt}`);
      if (attempt < 3) {
        assert.deepEqual(report, { done: 0, failed: 0, retried: 1 });
        assert.equal(row.state, 'queued');
        const { rows } = await sql<{ wait: number }>`select extract(epoch from run_after - now()) * 1000 as wait from jobs where id = ${id}`.execute(
          t.handle.db,
        );
        waits.push(Number(rows[0]!.wait));
        // Not due before the backoff: another pass runs nothing.
        assert.deepEqual(await runner.runDue(), { done: 0, failed: 0, retried: 0 });
        await makeDue(t.handle.db, id);
      } else {
        assert.deepEqual(report, { done: 0, failed: 1, retried: 0 });
        assert.equal(row.state, 'failed');
        assert.ok(row.finishedAt);
      }
    }
    assert.deepEqual(attempts, [1, 2, 3]);
    // 60 s then 120 s, less the moments the test took.
    assert.ok(waits[0]! > 55_000 && waits[0]! <= 60_000, `first wait ${waits[0]}`);
    assert.ok(waits[1]! > 115_000 && waits[1]! <= 120_000, `second wait ${waits[1]}`);
    // A failed job is never claimed again.
    assert.deepEqual(await claimJobs(t.handle.db, { kinds: [kind], workerId: 'x', leaseMs: 1000, limit: 5 }), []);
    await runner.stop();
  });

  it('fails a job whose payload its handler refuses, without retrying it', async () => {
    const id = (await enqueueJob(t.handle.db, { kind, payload: { n: 'not a number' } }))!;
    let ran = 0;
    const runner = startJobRunner(t.handle.db, jobRegistry([defineJob({ kind, payload: z.object({ n: z.number() }), run: async () => void (ran += 1) })]), {
      autostart: false,
    });
    assert.deepEqual(await runner.runDue(), { done: 0, failed: 1, retried: 0 });
    assert.equal(ran, 0);
    const row = await job(t.handle.db, id);
    assert.equal(row.state, 'failed');
    assert.match(row.lastError ?? '', /invalid payload/);
    await runner.stop();
  });

  it('claims only the kinds it has handlers for', async () => {
    const id = (await enqueueJob(t.handle.db, { kind: `${kind}-unknown` }))!;
    const runner = startJobRunner(t.handle.db, jobRegistry([defineJob({ kind, payload: z.object({}), run: async () => {} })]), { autostart: false });
    await runner.runDue();
    assert.equal((await job(t.handle.db, id)).state, 'queued', 'left for an instance that knows the kind');
    await runner.stop();
  });

  it('enqueues a schedule once per period however many instances try at once', async () => {
    const schedule: Schedule = { name: kind, kind, everyMs: 3_600_000 };
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => enqueueDueSchedules(i % 2 ? other : t.handle.db, [schedule])));
    assert.equal(
      results.reduce((a, b) => a + b, 0),
      1,
    );
    const rows = await listJobs(t.handle.db, { kind, limit: 10 });
    assert.equal(rows.length, 1);
    assert.match(rows[0]!.uniqueKey ?? '', new RegExp(`^schedule:${kind}:\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\.000Z$`));
    // Done, the period's run is still not enqueued again.
    await t.handle.db.updateTable('jobs').set({ state: 'done' }).where('kind', '=', kind).execute();
    assert.equal(await enqueueDueSchedules(t.handle.db, [schedule]), 0);
    // A schedule turned off enqueues nothing.
    assert.equal(await enqueueDueSchedules(t.handle.db, [{ ...schedule, name: `${kind}-off`, everyMs: 0 }]), 0);
  });

  it('runs a scheduled job once per period with two runners polling', async () => {
    let runs = 0;
    const handler = defineJob({ kind, payload: z.object({}), run: async () => void (runs += 1) });
    const schedules = [{ name: kind, kind, everyMs: 86_400_000 }];
    const a = startJobRunner(t.handle.db, jobRegistry([handler]), { pollMs: 20, schedules });
    const b = startJobRunner(other, jobRegistry([handler]), { pollMs: 20, schedules });
    await sleep(400);
    await Promise.all([a.stop(), b.stop()]);
    assert.equal(runs, 1);
  });

  it('hands a running job back when its instance stops, without counting the attempt', async () => {
    const id = (await enqueueJob(t.handle.db, { kind }))!;
    let started!: () => void;
    const isRunning = new Promise<void>((r) => (started = r));
    const handler = defineJob({
      kind,
      payload: z.object({}),
      run: (_p, ctx) =>
        new Promise<void>((_resolve, reject) => {
          started();
          ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error));
        }),
    });
    const runner = startJobRunner(t.handle.db, jobRegistry([handler]), { pollMs: 10 });
    await isRunning;
    await runner.stop();
    const row = await job(t.handle.db, id);
    assert.equal(row.state, 'queued');
    assert.equal(row.attempts, 0);
    assert.equal(row.lockedBy, null);
  });
});
