import { randomBytes } from 'node:crypto';
import type { Config } from './config/config';
import { openDatabase, type DbHandle } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { syncVocabularies } from './db/vocabulary-sync';
import type { AppDeps, Logger } from './http/context';
import { createAccount } from './modules/accounts/accounts.service';
import { enrolDirectly } from './modules/accounts/two-factor.service';
import { hasDemoData, loadDemoIfEmpty } from './modules/demo/demo.service';
import { createSmtpTransport } from './modules/mail/mail.transport';
import { startMailWorker, type MailWorker } from './modules/mail/mail.worker';
import { jobRegistry } from './modules/jobs/jobs';
import { startJobRunner, type JobRunner } from './modules/jobs/jobs.runner';
import { ensureFirstSnapshot, snapshotJob, snapshotSchedules } from './modules/snapshots/snapshots.service';
import { EXPORT_RECORDS_SCHEDULE, exportRecordsJob } from './modules/exports/exports.service';
import { reportJob } from './modules/reports/reports.service';
import { reportRenderer } from './ui/report/report.document';
import { reportFigures } from './ui/report/report.figures';
import { createIndexedSearch, type IndexedSearch } from './modules/search/indexed-search';
import { loadTaxonomy } from './modules/taxonomy/taxonomy.service';
import { PublishedEntries } from './modules/entries/published-memory';

/** Names the database a snapshot belongs to: the embedded one, or PostgreSQL's host, port and name (no password). */
function databaseIdentity(config: Config): string {
  if (!config.databaseUrl) return 'pglite';
  const url = new URL(config.databaseUrl);
  return `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/** Opens the database, migrates it, optionally loads the demo register, and assembles the app's dependencies. */
export async function boot(
  config: Config,
  log: Logger,
  opts: { demo: boolean; jobs?: boolean },
): Promise<{
  deps: AppDeps;
  handle: DbHandle;
  search: IndexedSearch;
  /** Settles once the index is ready (or its build failed, and SQL answers searches). */
  indexStarted: Promise<void>;
  mail: MailWorker | null;
  jobs: JobRunner | null;
}> {
  // Each step of the start at debug level, with the time since the process started (bench/start.ts reads them).
  const step = (name: string) => log.debug?.(`boot: ${name}`, { sinceProcessStartMs: Math.round(performance.now()) });
  step('modules loaded');
  const openedAt = performance.now();
  const handle = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    owner: 'the Stocktake server (npm start)',
    onIdleError: (e) => log.warn('database connection lost; the pool will reconnect', { error: e.message }),
  });
  step('database opened');
  const ran = await migrateToLatest(handle.db);
  if (ran.length) log.info('migrations applied', { migrations: ran });
  const synced = await syncVocabularies(handle.db);
  if (synced.length) log.info('vocabularies synced', { vocabularies: synced });
  const taxonomy = await loadTaxonomy(handle.db);
  step('vocabularies loaded');
  if (opts.demo) {
    const report = await loadDemoIfEmpty({ db: handle.db, taxonomy });
    if (report) {
      log.info('demo register loaded', { created: report.created, failed: report.failed, errors: report.errors.slice(0, 5) });
      // Accounts to try the contribution loop at once; the passwords are random and shown only now.
      // Staff need a second factor, so each is enrolled: its key (for an authenticator app, or
      // `oathtool --totp -b KEY`) and three of its recovery codes (each works once) are printed too.
      for (const role of ['admin', 'curator'] as const) {
        const password = randomBytes(9).toString('base64url');
        const email = `${role}@demo.stocktake.invalid`;
        const id = await createAccount({ db: handle.db, config }, { email, password, displayName: `Demo ${role}`, locale: 'en', role });
        const { secret, recoveryCodes } = await enrolDirectly({ db: handle.db, config }, id);
        process.stdout.write(
          `Demo ${role} account: ${email} / ${password}\n  second factor key: ${secret}  ·  or a recovery code: ${recoveryCodes.slice(0, 3).join(', ')}\n`,
        );
      }
      // The contributor whose drafts and submissions wait in the curators' queue (no second factor for contributors).
      process.stdout.write(`Demo contributor account: ${report.contributor.email} / ${report.contributor.password}\n`);
    }
  }
  step('demo register checked');
  const demo = await hasDemoData(handle.db);
  // The index builds in the background; until it is ready, searches are answered by SQL.
  const search = createIndexedSearch(handle.db, {
    log,
    since: openedAt,
    snapshot: config.searchSnapshot ? { path: config.searchSnapshot, database: databaseIdentity(config) } : null,
  });
  // Visitors' reads of published entries come from memory once the index follows the change log;
  // each batch of the log drops the entries it names.
  const publishedEntries = new PublishedEntries(handle.db, { active: () => search.isReady() });
  search.onChange((ids) => publishedEntries.drop(ids));
  const indexStarted = search.start().catch((e: unknown) => log.error('search index build failed; searching with SQL', { error: String(e) }));
  const deps: AppDeps = {
    config,
    db: handle.db,
    taxonomy,
    search,
    isDemo: () => demo,
    registerVersion: () => search.changeId(),
    publishedEntries,
    log,
  };
  // Without SMTP, mail waits in the outbox, which administrators read in the interface.
  const mail = config.smtpUrl
    ? startMailWorker(handle.db, createSmtpTransport({ url: config.smtpUrl, from: config.mailFrom }), {
        onError: (e) => log.warn('mail delivery failed', { error: String(e) }),
      })
    : null;
  // Background jobs (snapshots today) on the one runner every instance runs; a job goes to one instance.
  let jobs: JobRunner | null = null;
  if (opts.jobs ?? true) {
    const snapshotSchedule = snapshotSchedules(config);
    // Without a schedule, the demo still gets its first snapshot (the schedule's first run is due at once).
    if (opts.demo && snapshotSchedule.length === 0 && (await ensureFirstSnapshot(deps))) log.info('first snapshot enqueued');
    // Export records missing after an upgrade or a bulk load are written by the first pass, and hourly after.
    const schedules = [...snapshotSchedule, EXPORT_RECORDS_SCHEDULE];
    // The first pass waits a few seconds: the search index builds and the first pages are served first.
    const handlers = [
      ...(config.snapshots.dir ? [snapshotJob(deps)] : []),
      exportRecordsJob(deps),
      // The report's document is drawn by the pages' components, handed to the job from here.
      ...(config.reports.dir ? [reportJob({ ...deps, render: reportRenderer(reportFigures(deps.taxonomy)) })] : []),
    ];
    jobs = startJobRunner(handle.db, jobRegistry(handlers), { schedules, log, firstPassMs: 10_000 });
  }
  return { deps, handle, search, indexStarted, mail, jobs };
}
