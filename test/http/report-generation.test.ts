import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { i18nFor, translate, type MessageKey } from '../../src/i18n/i18n';
import type { Locale } from '../../src/i18n/locales';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { jobRegistry } from '../../src/modules/jobs/jobs';
import { startJobRunner } from '../../src/modules/jobs/jobs.runner';
import { goalsForActionLine } from '../../src/modules/crosswalk/crosswalk';
import { SECTION_LINES, type ReportRenderer } from '../../src/modules/reports/reports';
import { generateVersion, reportJob, reportRow, requestGeneration, writeReport } from '../../src/modules/reports/reports.service';
import { reportRenderer } from '../../src/ui/report/report.document';
import { reportFigures } from '../../src/ui/report/report.figures';
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
 * gets spaces), no bidi marks, no sentence punctuation or brackets (its bidi reordering moves a full stop, a comma or
 * a bracket beside a number, and mirrors brackets), and no alef or lam (pdftotext writes the lam-alef ligature as alef-lam).
 */
const comparable = (s: string) => s.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069.,:;،؛。，：()（）]/g, '').replace(/[اأإآل]/g, '');

describe('the yearly report: generated from the demo register in Arabic and Chinese', () => {
  let t: TestDb;
  let dir: string;
  let reportId: number;
  let render: ReportRenderer;

  before(async () => {
    t = await createTestDb();
    const loaded = await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
    assert.ok(loaded && loaded.failed === 0);
    dir = mkdtempSync(join(tmpdir(), 'stocktake-reports-'));
    t.deps.config = { ...t.deps.config, reports: { dir, chromiumPath: CHROMIUM ?? '/usr/bin/chromium' } };
    reportId = (await t.handle.db.selectFrom('reports').select('id').executeTakeFirstOrThrow()).id;
    render = reportRenderer(reportFigures(t.deps.taxonomy));
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
    const facet = async (name: string, like = '%') => {
      const rows = await sql<{ value: string; n: number }>`
        select f.value, count(*)::int as n from entries e join entry_facets f on f.entry_id = e.id and f.facet = ${name} and f.value like ${like}
        where ${inPeriod} group by f.value`.execute(t.handle.db);
      return new Map(rows.rows.map((r) => [r.value, r.n]));
    };
    const lineGoals = await sql<{ line: string; goal: string; n: number }>`
      select l.value as line, g.value as goal, count(*)::int as n from entries e
      join entry_facets l on l.entry_id = e.id and l.facet = 'actionLine' join entry_facets g on g.entry_id = e.id and g.facet = 'sdg'
      where ${inPeriod} group by l.value, g.value`.execute(t.handle.db);
    return {
      total: total.rows[0]!.n,
      lines: new Map(lines.rows.map((r) => [r.line, r.n])),
      countries: await facet('country'),
      regions: await facet('region', 'itu-%'),
      stakeholders: await facet('stakeholder'),
      sdgs: await facet('sdg'),
      lineGoals: new Map(lineGoals.rows.map((r) => [`${r.line} ${r.goal}`, r.n])),
    };
  }

  /** A chart's table in the HTML (code → the number as written), found by the chart's id. */
  function chartTable(html: string, id: string): Map<string, string> {
    const at = html.indexOf(`id="${id}-title"`);
    assert.ok(at > 0, `chart ${id} is in the document`);
    const body = html.slice(at, html.indexOf('</tbody>', at));
    return new Map([...body.matchAll(/<code>([^<]+)<\/code><\/td><td class="num">([^<]+)<\/td>/g)].map((m) => [m[1]!, m[2]!]));
  }

  /** Every non-zero count of `want` is in `table` as the report's language writes it, and nothing else is. */
  function sameNumbers(table: Map<string, string>, want: Map<string, number>, language: Locale, what: string) {
    const { number } = i18nFor(language);
    const nonZero = [...want].filter(([, n]) => n > 0);
    assert.deepEqual([...table].filter(([, n]) => n !== number(0)).sort(), nonZero.map(([code, n]) => [code, number(n)]).sort(), `${language}: ${what}`);
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
      // The figures: the map and a chart per breakdown, each headed in the PDF, each with its table in the HTML.
      for (const key of ['report.map', 'report.byLine', 'report.byRegion', 'report.byStakeholder', 'report.sdgs.caption', 'report.crosswalk'] as MessageKey[])
        has(translate(language, key), `figure heading ${key}`);
      assert.match(html, /<figure class="world-map" aria-labelledby="h-map">/);
      const { number } = i18nFor(language);
      const mapRows = new Map(
        [...html.matchAll(/<a href="[^"]*\/countries\/([A-Z]{2})">[^<]*<\/a><\/th><td class="num">([^<]+)<\/td>/g)].map((m) => [m[1]!, m[2]!]),
      );
      sameNumbers(mapRows, want.countries, language, "the map table holds each country's count");
      sameNumbers(chartTable(html, 'chart-lines'), new Map(SECTION_LINES.map((l) => [l, want.lines.get(l) ?? 0])), language, 'the action-line chart');
      sameNumbers(chartTable(html, 'chart-regions'), want.regions, language, 'the region chart');
      sameNumbers(chartTable(html, 'chart-stakeholders'), want.stakeholders, language, 'the stakeholder chart');
      sameNumbers(chartTable(html, 'chart-sdgs'), want.sdgs, language, 'the SDG chart');
      for (const [region, n] of want.regions) {
        has(t.deps.taxonomy.label('region', region, language), `the region ${region} in its chart`);
        has(number(n), `the count of ${region}`);
      }
      // The crosswalk: each line's row lists its linked goals, each with the count of the line's entries that carry it too.
      const crosswalk = html.slice(html.indexOf('<table class="counts crosswalk">'), html.indexOf('id="annex"'));
      const rows = crosswalk.split('<tr>').slice(2);
      assert.equal(rows.length, SECTION_LINES.length, 'a crosswalk row per action line');
      SECTION_LINES.forEach((line, i) => {
        for (const goal of goalsForActionLine(line, { subLines: true })) {
          const n = want.lineGoals.get(`${line} ${goal}`) ?? 0;
          const count = translate(language, 'report.crosswalk.goalCount', { count: n });
          assert.ok(
            new RegExp(
              `sdg-${goal}" aria-hidden="true"></span><span class="goal">${goal}</span> <span class="visually-hidden">[^<]*</span>${count.replace(/[()]/g, '\\$&')}<`,
            ).test(rows[i]!),
            `${language}: ${line} lists SDG ${goal} with ${n}`,
          );
          // In Arabic, pdftotext's bidi reordering puts the goal's number inside the count's brackets: checked in the HTML only.
          if (n > 0 && language !== 'ar') has(count, `${line} → SDG ${goal} count`);
        }
      });
    });
  }

  it('writes the annex in batches, every entry once in id order, and cuts the printed copy with a note and the CSV link', { skip: NO_PDF_TOOLS }, async () => {
    const stored = await t.handle.db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    const want = await expected();
    const htmlPath = join(dir, 'batched.html');
    const pdfPath = join(dir, 'batched.pdf');
    // Batches of 7 rows: the list must come out whole and in order across many batches; the printed copy lists 5.
    const written = await writeReport({ ...t.deps, render }, reportRow(stored), 'en', { htmlPath, pdfPath, limits: { batch: 7, printAnnex: 5 } });
    assert.equal(written.pdfMissing, null, written.pdfError);
    const html = readFileSync(htmlPath, 'utf8');
    const annex = html.slice(html.indexOf('<ol class="annex">'), html.indexOf('</ol>', html.indexOf('<ol class="annex">')));
    const ids = [...annex.matchAll(/<li><a href="[^"]*\/(\d+)"/g)].map((m) => Number(m[1]));
    assert.equal(ids.length, want.total, 'the HTML lists every entry');
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'in id order across batches',
    );
    assert.equal(new Set(ids).size, ids.length, 'each once');
    assert.ok(!html.includes('class="annex-cut"'), 'the HTML copy is not cut');
    assert.ok(!existsSync(htmlPath.replace(/\.html$/, '.print.html')), 'the printed copy is removed once printed');
    const pdf = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const text = comparable(pdf);
    assert.ok(text.includes(comparable(translate('en', 'report.annex.cut', { shown: 5, count: want.total }))), 'the PDF says its annex is cut');
    assert.ok(text.includes(comparable(translate('en', 'report.annex.csv'))), 'and links the CSV');
    const annexText = pdf.slice(pdf.lastIndexOf(translate('en', 'report.annex')));
    assert.equal(annexText.match(/http:\/\/stocktake\.test\/en\/\w+\/\d+/g)?.length, 5, 'the PDF lists the first five entries only');
  });

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
