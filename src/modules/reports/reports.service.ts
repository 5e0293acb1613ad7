import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config/config';
import { LOCALES, isLocale, type Locale } from '../../i18n/locales';
import { AppError, type ErrorDetail } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { defineJob, errorText, type JobHandler } from '../jobs/jobs';
import { enqueueJob } from '../jobs/jobs.repository';
import { getSettings } from '../settings/settings';
import { annexBatches, checkReportFilters, gatherReport, reportEntryIds, type ReportDataDeps } from './report.data';
import { chromiumAvailable, printPdf } from './report.pdf';
import {
  ANNEX_BATCH,
  PRINT_ANNEX_LIMIT,
  REPORT_JOB,
  isReportFileName,
  reportFileName,
  type PdfMissing,
  type ReportContent,
  type ReportRenderer,
} from './reports';
import type { ReportInput } from './reports.schemas';
import {
  failVersion,
  findReport,
  findVersion,
  findVersionByFile,
  finishVersion,
  highlightFacts,
  insertReport,
  insertVersion,
  listReports,
  listVersions,
  lockReport,
  setVersionJob,
  setVersionProgress,
  updateReport,
  type ReportRow,
} from './reports.repository';

/** What the report use cases need: the register's reading dependencies and the report settings. */
export type ReportDeps = Omit<ReportDataDeps, 'config'> & { config: Pick<Config, 'baseUrl' | 'siteName' | 'reports'> };

type StoredReport = NonNullable<Awaited<ReturnType<typeof findReport>>>;

/** A stored report as the use cases read it. */
export function reportRow(r: StoredReport): ReportRow & { id: number; createdAt: Date; updatedAt: Date } {
  return {
    id: r.id,
    titles: r.titles,
    introductions: r.introductions,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    filters: r.filters,
    languages: (r.languages as string[]).filter(isLocale),
    highlights: r.highlights,
    published: r.published,
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt),
  };
}

const dropEmpty = (labels: Partial<Record<Locale, string | undefined>>) =>
  Object.fromEntries(Object.entries(labels).filter(([, v]) => v && v.trim())) as Partial<Record<Locale, string>>;

/**
 * Checks what the schema cannot: the filters against the vocabularies (the search's own reader), and each
 * highlighted entry — it exists, is published, is in the report's set and carries the line it is shown under.
 * Every problem is reported at once, on its own field.
 */
async function checkReport(deps: ReportDeps, input: ReportInput): Promise<ReportRow> {
  const details: ErrorDetail[] = [];
  try {
    checkReportFilters(input.filters, deps.taxonomy);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    details.push(...e.details);
  }
  const row: ReportRow = {
    titles: dropEmpty(input.titles),
    introductions: dropEmpty(input.introductions),
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    filters: input.filters.trim(),
    languages: LOCALES.filter((l) => input.languages.includes(l)),
    highlights: Object.fromEntries(Object.entries(input.highlights).filter(([, ids]) => ids.length > 0)),
    published: input.published,
  };
  const wanted = [...new Set(Object.values(row.highlights).flat())];
  if (wanted.length && details.length === 0) {
    const facts = new Map((await highlightFacts(deps.db, wanted)).map((f) => [f.id, f]));
    const inSet = new Set(await reportEntryIds(deps, row));
    for (const [line, ids] of Object.entries(row.highlights)) {
      for (const id of ids) {
        const fact = facts.get(id);
        const code = !fact
          ? 'entry_not_found'
          : fact.state !== 'published'
            ? 'entry_not_published'
            : !inSet.has(id)
              ? 'entry_not_in_report'
              : !fact.lines.includes(line)
                ? 'entry_not_in_line'
                : null;
        if (code) {
          details.push({ field: `highlights.${line}`, code, params: { id } });
          break;
        }
      }
    }
  }
  if (details.length) throw new AppError('validation_failed', details);
  return row;
}

/** A curator's new report: checked, stored and audited; returns its id. */
export async function createReport(deps: ReportDeps, actor: Actor | null, input: ReportInput): Promise<number> {
  authorize(actor, 'report.manage');
  const row = await checkReport(deps, input);
  return deps.db.transaction().execute(async (trx) => {
    const id = await insertReport(trx, row, actor.userId);
    await audit(trx, { actorId: actor.userId, action: 'report.create', entity: 'report', entityId: id });
    return id;
  });
}

/** A curator's change to a report (its versions keep what they were generated from). */
export async function editReport(deps: ReportDeps, actor: Actor | null, id: number, input: ReportInput): Promise<void> {
  authorize(actor, 'report.manage');
  if (!(await findReport(deps.db, id))) throw new AppError('not_found');
  const row = await checkReport(deps, input);
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateReport(trx, id, row))) throw new AppError('not_found');
    await audit(trx, { actorId: actor.userId, action: 'report.update', entity: 'report', entityId: id });
  });
}

/** A report for its curators' pages: the report and all its versions. */
export async function reportForStaff(deps: Pick<ReportDeps, 'db'>, actor: Actor | null, id: number) {
  authorize(actor, 'report.manage');
  const found = await findReport(deps.db, id);
  if (!found) throw new AppError('not_found');
  return { report: reportRow(found), versions: await listVersions(deps.db, id) };
}

/** Every report, for curators. */
export async function reportsForStaff(deps: Pick<ReportDeps, 'db'>, actor: Actor | null) {
  authorize(actor, 'report.manage');
  return (await listReports(deps.db, { publishedOnly: false })).map(reportRow);
}

/** Published reports, for everyone. */
export async function publishedReports(deps: Pick<ReportDeps, 'db'>) {
  return (await listReports(deps.db, { publishedOnly: true })).map(reportRow);
}

/** A published report and its finished versions; an unpublished one is not found (for curators too: they read it on its admin page). */
export async function publishedReport(deps: Pick<ReportDeps, 'db'>, id: number) {
  const found = await findReport(deps.db, id);
  if (!found || !found.published) throw new AppError('not_found');
  return { report: reportRow(found), versions: (await listVersions(deps.db, id)).filter((v) => v.state === 'done') };
}

/**
 * Enqueues a new version of the report in each of its languages (or the one given): each gets the next number
 * for its report and language now, and a job that generates it. Audited in the same transaction.
 */
export async function requestGeneration(
  deps: Pick<ReportDeps, 'db'>,
  actor: Actor | null,
  id: number,
  opts: { language?: Locale; system?: boolean } = {},
): Promise<number[]> {
  if (!opts.system) authorize(actor, 'report.manage');
  const by = actor?.userId ?? null;
  return deps.db.transaction().execute(async (trx) => {
    const found = await lockReport(trx, id);
    if (!found) throw new AppError('not_found');
    const languages = opts.language ? [opts.language] : reportRow(found).languages;
    const versions: number[] = [];
    for (const language of languages) {
      const v = await insertVersion(trx, { reportId: id, language, createdBy: by });
      const jobId = await enqueueJob(trx, { kind: REPORT_JOB, payload: { versionId: v.id }, maxAttempts: 2 });
      await setVersionJob(trx, v.id, jobId);
      versions.push(v.id);
    }
    if (by !== null) await audit(trx, { actorId: by, action: 'report.generate', entity: 'report', entityId: id, details: { languages } });
    return versions;
  });
}

/** The stages of a generation and the progress each reaches. */
const PROGRESS = { gathering: 5, gathered: 60, html: 70, pdf: 75, done: 100 } as const;

/** The report's content in one language with the register's name as its operator set it. */
async function contentOf(deps: ReportDeps, report: ReportRow & { id: number }, language: Locale, onStep?: (f: number) => Promise<void>) {
  const siteName = (await getSettings(deps.db)).siteName || deps.config.siteName;
  return gatherReport({ ...deps, config: { ...deps.config, siteName } }, report, language, onStep ? { onStep } : {});
}

/** How long the printed annex may be and how many rows are read at a time (tests make them small). */
export interface AnnexLimits {
  printAnnex?: number;
  batch?: number;
}

/** A file written in pieces, waiting when the disk is behind, so no more than a batch is ever buffered. */
function fileWriter(path: string) {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  let failed: Error | null = null;
  stream.on('error', (e) => (failed = e));
  return {
    async write(text: string): Promise<void> {
      if (failed) throw failed;
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async close(): Promise<void> {
      if (failed) throw failed;
      stream.end();
      await finished(stream);
    },
    destroy: () => stream.destroy(),
  };
}

/**
 * Writes the report's HTML to `htmlPath` (and, when `printPath` is given, the copy Chromium prints, its annex cut
 * at PRINT_ANNEX_LIMIT with a note that says so): the document before the annex rows, then the rows read in
 * batches and written as they come, then the rest. Memory stays at one batch however long the annex.
 */
async function writeHtml(
  deps: ReportDeps & { render: ReportRenderer },
  gathered: { content: ReportContent; ids: number[] },
  language: Locale,
  out: { htmlPath: string; printPath: string | null; signal?: AbortSignal | undefined; limits?: AnnexLimits | undefined },
): Promise<void> {
  const { content, ids } = gathered;
  const full = deps.render.frame(content, content.annex.count);
  const shown = Math.min(content.annex.count, out.limits?.printAnnex ?? PRINT_ANNEX_LIMIT);
  const print = out.printPath ? (shown < content.annex.count ? deps.render.frame(content, shown) : full) : null;
  const files = [fileWriter(out.htmlPath), ...(out.printPath ? [fileWriter(out.printPath)] : [])];
  const [html, printed] = files as [ReturnType<typeof fileWriter>, ReturnType<typeof fileWriter> | undefined];
  try {
    await html.write(full.before);
    if (printed && print) await printed.write(print.before);
    let written = 0;
    for await (const batch of annexBatches(deps, ids, language, out.limits?.batch ?? ANNEX_BATCH)) {
      out.signal?.throwIfAborted();
      await html.write(deps.render.annexRows(batch, language));
      if (printed && written < shown) await printed.write(deps.render.annexRows(batch.slice(0, shown - written), language));
      written += batch.length;
    }
    await html.write(full.after);
    if (printed && print) await printed.write(print.after);
    for (const f of files) await f.close();
  } catch (e) {
    for (const f of files) f.destroy();
    throw e;
  }
}

/**
 * Writes one report in one language: its HTML to `htmlPath` and then, when `pdfPath` is given and Chromium is
 * there, its PDF (printed from a copy beside it whose annex is cut at PRINT_ANNEX_LIMIT). A PDF that Chromium fails
 * to print leaves the HTML whole, with the reason (`pdf_failed`). Returns the number of entries and why there is
 * no PDF (null when there is one). Used by the job and the CLI.
 */
export async function writeReport(
  deps: ReportDeps & { render: ReportRenderer },
  report: ReportRow & { id: number },
  language: Locale,
  out: {
    htmlPath: string;
    pdfPath: string | null;
    signal?: AbortSignal;
    onProgress?: (progress: number, step: string) => Promise<void>;
    limits?: AnnexLimits;
  },
): Promise<{ entries: number; pdfMissing: PdfMissing | null; pdfError?: string }> {
  const progress = out.onProgress ?? (async () => undefined);
  const span = PROGRESS.gathered - PROGRESS.gathering;
  const gathered = await contentOf(deps, report, language, (f) => progress(Math.round(PROGRESS.gathering + span * f), 'gathering'));
  out.signal?.throwIfAborted();
  await progress(PROGRESS.html, 'html');
  const entries = gathered.content.figures.entries;
  const wantsPdf = out.pdfPath !== null && chromiumAvailable(deps.config.reports.chromiumPath);
  // The printed copy: the HTML file's name with `.print` before its extension (Chromium knows HTML by it).
  const printPath = wantsPdf ? out.htmlPath.replace(/(\.html)?$/, '.print.html') : null;
  try {
    await writeHtml(deps, gathered, language, { htmlPath: out.htmlPath, printPath, signal: out.signal, limits: out.limits });
    if (out.pdfPath === null) return { entries, pdfMissing: null };
    if (!printPath) return { entries, pdfMissing: 'chromium_missing' };
    await progress(PROGRESS.pdf, 'pdf');
    try {
      await printPdf({
        chromiumPath: deps.config.reports.chromiumPath,
        htmlPath: printPath,
        pdfPath: out.pdfPath,
        title: gathered.content.title,
        language,
        ...(out.signal ? { signal: out.signal } : {}),
      });
    } catch (e) {
      if (out.signal?.aborted) throw e;
      return { entries, pdfMissing: 'pdf_failed', pdfError: errorText(e) };
    }
    return { entries, pdfMissing: null };
  } finally {
    if (printPath) await rm(printPath, { force: true });
  }
}

/**
 * Generates one version: its progress is stored as it goes (the admin page shows it), the files are written
 * under temporary names and renamed when whole, and the version is marked done with its timing.
 */
export async function generateVersion(deps: ReportDeps & { render: ReportRenderer }, versionId: number, opts: { signal?: AbortSignal } = {}): Promise<void> {
  const dir = deps.config.reports.dir;
  if (!dir) throw new Error('reports are off: no REPORT_DIR (and an in-memory database)');
  const version = await findVersion(deps.db, versionId);
  if (!version || version.state === 'done') return;
  const stored = await findReport(deps.db, version.reportId);
  if (!stored || !isLocale(version.language)) return;
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  const language = version.language;
  const htmlFile = reportFileName(stored.id, language, version.version, 'html');
  const pdfFile = reportFileName(stored.id, language, version.version, 'pdf');
  // Hidden until whole; the name keeps its extension, by which Chromium knows the file is HTML.
  const partial = (f: string) => join(dir, `.partial-${f}`);
  await setVersionProgress(deps.db, versionId, 0, 'started');
  try {
    const written = await writeReport(deps, reportRow(stored), language, {
      htmlPath: partial(htmlFile),
      pdfPath: partial(pdfFile),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onProgress: (progress, step) => setVersionProgress(deps.db, versionId, progress, step),
    });
    await rename(partial(htmlFile), join(dir, htmlFile));
    if (!written.pdfMissing) await rename(partial(pdfFile), join(dir, pdfFile));
    await finishVersion(deps.db, versionId, {
      htmlFile,
      pdfFile: written.pdfMissing ? null : pdfFile,
      pdfMissing: written.pdfMissing,
      entries: written.entries,
      durationMs: Math.round(performance.now() - started),
      error: written.pdfError ?? null,
    });
  } finally {
    await rm(partial(htmlFile), { force: true });
    await rm(partial(pdfFile), { force: true });
  }
}

/** The report generation job (one version of one report in one language). */
export function reportJob(deps: ReportDeps & { render: ReportRenderer }): JobHandler<unknown> {
  return defineJob({
    kind: REPORT_JOB,
    payload: z.object({ versionId: z.number().int().min(1) }),
    maxAttempts: 2,
    run: async ({ versionId }, ctx) => {
      try {
        await generateVersion(deps, versionId, { signal: ctx.signal });
      } catch (error) {
        await failVersion(deps.db, versionId, errorText(error), ctx.attempt >= 2);
        throw error;
      }
      ctx.log.info('report version generated', { versionId });
    },
  });
}

/**
 * A generated file to serve: only a name of the report pattern, recorded for a finished version, of a
 * published report (or any report for its curators), and present in the folder; anything else is not found.
 */
export async function openReportFile(deps: Pick<ReportDeps, 'db' | 'config'>, actor: Actor | null, file: string) {
  const dir = deps.config.reports.dir;
  if (!dir || !isReportFileName(file)) throw new AppError('not_found');
  const row = await findVersionByFile(deps.db, file);
  if (!row || row.state !== 'done') throw new AppError('not_found');
  if (!row.published && !can(actor, 'report.manage')) throw new AppError('not_found');
  const path = join(dir, file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new AppError('not_found');
  }
  return { file, size, type: file.endsWith('.pdf') ? ('pdf' as const) : ('html' as const), published: row.published, open: () => createReadStream(path) };
}

/** What a copy written for the command line holds. */
export interface ReportOutput {
  file: string;
  entries: number;
  pdfMissing: PdfMissing | null;
}

/**
 * The report in one language written to `out` (the CLI): the HTML when `out` ends in .html, else the PDF —
 * or, where Chromium is missing or fails, the HTML beside it (`out` with .html). `scratch` holds the HTML the PDF is printed from.
 */
export async function reportCopy(
  deps: ReportDeps & { render: ReportRenderer },
  id: number,
  language: Locale,
  out: string,
  scratch: string,
): Promise<ReportOutput> {
  const stored = await findReport(deps.db, id);
  if (!stored) throw new AppError('not_found', [], `no report ${id}`);
  const report = reportRow(stored);
  if (out.endsWith('.html')) {
    const { entries } = await writeReport(deps, report, language, { htmlPath: out, pdfPath: null });
    return { file: out, entries, pdfMissing: null };
  }
  const htmlPath = join(scratch, reportFileName(id, language, 1, 'html'));
  const written = await writeReport(deps, report, language, { htmlPath, pdfPath: out });
  if (!written.pdfMissing) return { file: out, entries: written.entries, pdfMissing: null };
  const html = out.replace(/(\.pdf)?$/i, '.html');
  await copyFile(htmlPath, html);
  return { file: html, entries: written.entries, pdfMissing: written.pdfMissing };
}
