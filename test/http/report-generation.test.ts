import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { translate, type MessageKey } from '../../src/i18n/i18n';
import type { Locale } from '../../src/i18n/locales';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { jobRegistry } from '../../src/modules/jobs/jobs';
import { startJobRunner } from '../../src/modules/jobs/jobs.runner';
import { SECTION_LINES } from '../../src/modules/reports/reports';
import { generateVersion, reportJob, requestGeneration } from '../../src/modules/reports/reports.service';
import { renderReportDocument } from '../../src/ui/report/report.document';
import { CHROMIUM } from '../support/browser';
import { createTestDb, type TestDb } from '../support/test-db';

const NO_CHROMIUM = CHROMIUM ? false : 'Chromium is not installed (set CHROMIUM_PATH or install Debian chromium): the PDF checks are skipped';
const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const NO_PDF_TOOLS = NO_CHROMIUM || (hasPdftotext ? false : 'pdftotext (poppler-utils) is not installed: the PDF checks are skipped');

/**
 * Text as pdftotext gives it back, reduced to what survives extraction: no whitespace (lines wrap anywhere, CJK
 * gets spaces), no bidi marks, no sentence punctuation (its bidi reordering moves a full stop or comma beside a
 * number), and no alef or lam (pdftotext writes the lam-alef ligature as alef-lam).
 */
const comparable = (s: string) => s.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069.,:;،؛。，：]/g, '').replace(/[اأإآل]/g, '');

describe('the yearly report: generated from the demo register in Arabic and Chinese', () => {
  let t: TestDb;
  let dir: string;
  let reportId: number;
  const render = renderReportDocument;

  before(async () => {
    t = await createTestDb();
    const loaded = await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
    assert.ok(loaded && loaded.failed === 0);
    dir = mkdtempSync(join(tmpdir(), 'stocktake-reports-'));
    t.deps.config = { ...t.deps.config, reports: { dir, chromiumPath: CHROMIUM ?? '/usr/bin/chromium' } };
    reportId = (await t.handle.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What the report must count, asked of the database directly (not through the report's own queries). */
  async function expected() {
    const report = await t.handle.db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    const inPeriod = sql<boolean>`e.state = 'published' and ((e.published_at >= ${report.periodFrom}::date and e.published_at < ${report.periodTo}::date + 1) or (e.updated_at >= ${report.periodFrom}::date and e.updated_at < ${report.periodTo}::date + 1))`;
    const total = await sql<{ n: number }>`select count(*)::int as n from entries e where ${inPeriod}`.execute(t.handle.db);
    const lines = await sql<{ line: string; n: number }>`
      select f.value as line, count(*)::int as n from entries e join entry_facets f on f.entry_id = e.id and f.facet = 'actionLine'
      where ${inPeriod} group by f.value`.execute(t.handle.db);
    return { total: total.rows[0]!.n, lines: new Map(lines.rows.map((r) => [r.line, r.n])) };
  }

  async function versionOf(language: Locale) {
    return t.handle.db
      .selectFrom('reportVersions')
      .selectAll()
      .where('reportId', '=', reportId)
      .where('language', '=', language)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
  }

  it('loads the demo with one published report whose first versions wait as jobs', async () => {
    const report = await t.handle.db.selectFrom('reports').selectAll().executeTakeFirstOrThrow();
    assert.equal(report.published, true);
    const versions = await t.handle.db.selectFrom('reportVersions').selectAll().where('reportId', '=', reportId).execute();
    assert.deepEqual(versions.map((v) => v.language).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
    assert.ok(versions.every((v) => v.version === 1 && v.state === 'queued' && v.jobId !== null));
    const jobs = await t.handle.db.selectFrom('jobs').select('kind').where('kind', '=', 'report.generate').execute();
    assert.equal(jobs.length, 6);
  });

  for (const language of ['ar', 'zh'] as const) {
    it(`writes the ${language} report: HTML with its sections and counts, and a PDF whose text holds them`, { skip: NO_PDF_TOOLS }, async () => {
      const v = await versionOf(language);
      await generateVersion({ ...t.deps, render }, v.id);
      const done = await versionOf(language);
      assert.equal(done.state, 'done', done.error ?? '');
      assert.equal(done.progress, 100);
      assert.ok(done.pdfFile && done.htmlFile, 'both files recorded');
      const want = await expected();
      assert.equal(done.entries, want.total);
      const html = readFileSync(join(dir, done.htmlFile), 'utf8');
      assert.match(html, new RegExp(`<html lang="${language === 'zh' ? 'zh-Hans' : 'ar'}" dir="${language === 'ar' ? 'rtl' : 'ltr'}"`));
      const text = comparable(execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, done.pdfFile), '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
      const has = (s: string, why: string) => assert.ok(text.includes(comparable(s)), `${language}: ${why} — "${s}" not in the PDF's text`);
      for (const key of [
        'report.contents',
        'report.introduction',
        'report.figures',
        'report.trend',
        'report.highlights',
        'report.breakdown',
        'report.sdgs',
        'report.annex',
      ] as MessageKey[])
        has(translate(language, key), `heading ${key}`);
      has(translate(language, 'report.cover.count', { count: want.total }), 'the total on the cover');
      for (const line of SECTION_LINES) {
        has(t.deps.taxonomy.label('action-line', line, language), `the ${line} section's heading`);
        has(translate(language, 'report.line.count', { count: want.lines.get(line) ?? 0 }), `the ${line} count`);
      }
      has(translate(language, 'report.annex.note', { count: want.total }), 'the annex count');
    });
  }

  it('numbers each new generation per language, through the job runner, and records its progress', { skip: NO_CHROMIUM }, async () => {
    const [id] = await requestGeneration({ db: t.handle.db }, null, reportId, { language: 'zh', system: true });
    // Only this version's job should run here: the demo's other first versions stay queued.
    await t.handle.db
      .updateTable('jobs')
      .set({ runAfter: sql<Date>`now() + interval '1 day'` })

      .where(sql<boolean>`(payload->>'versionId')::bigint <> ${id}`)
      .execute();
    const runner = startJobRunner(t.handle.db, jobRegistry([reportJob({ ...t.deps, render })]), { autostart: false });
    try {
      const report = await runner.runDue();
      assert.equal(report.done, 1);
    } finally {
      await runner.stop();
    }
    const v = await versionOf('zh');
    assert.equal(v.id, id);
    assert.equal(v.version, 2);
    assert.equal(v.state, 'done');
    assert.ok(v.durationMs !== null && v.durationMs > 0);
  });

  it('offers the HTML alone, saying why, when Chromium is not where the setting says', async () => {
    t.deps.config = { ...t.deps.config, reports: { dir, chromiumPath: join(dir, 'no-such-chromium') } };
    const [id] = await requestGeneration({ db: t.handle.db }, null, reportId, { language: 'en', system: true });
    await generateVersion({ ...t.deps, render }, id!);
    const v = await versionOf('en');
    assert.equal(v.state, 'done');
    assert.equal(v.pdfFile, null);
    assert.equal(v.pdfMissing, 'chromium_missing');
    assert.ok(v.htmlFile);
    const page = await t.app.request(`/en/reports/${reportId}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(html.includes(`/reports/files/${v.htmlFile}`), 'the HTML is offered');
    assert.ok(html.includes(translate('en', 'reports.pdfMissing.chromium_missing').slice(0, 40)), 'the page says why there is no PDF');
    const file = await t.app.request(`/reports/files/${v.htmlFile}`);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-type') ?? '', /^text\/html/);
  });
});
