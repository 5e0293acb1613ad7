import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { insertReport } from '../../src/modules/reports/reports.repository';
import { generateVersion, requestGeneration } from '../../src/modules/reports/reports.service';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { reportRenderer } from '../../src/ui/report/report.document';
import { reportFigures } from '../../src/ui/report/report.figures';
import { axeViolations, CHROMIUM, launchChromium, startServer, type RunningServer } from '../support/browser';
import { activityJson } from '../support/factories';

let server: RunningServer;
let browser: Browser;
let dir: string;
let reportId: number;
const files = new Map<string, string>();

before(async () => {
  if (!CHROMIUM) return;
  server = await startServer({ demo: false });
  const lines = ['c1', 'c3', 'c5', 'c7-e-health'].map((line, i) =>
    JSON.stringify(
      activityJson({
        externalId: `e2e-report-${i}`,
        actionLines: [line],
        countries: ['GH', 'EG'][i % 2] ? [['GH', 'EG'][i % 2]!] : [],
        translations: {
          en: { title: `Report entry ${i}`, summary: 'An entry the report lists.', description: '' },
          ar: { title: `إدخال التقرير ${i}`, summary: 'إدخال يذكره التقرير.', description: '' },
        },
      }),
    ),
  );
  const imported = await importEntries(server.db.deps, lines);
  assert.equal(imported.failed, 0, JSON.stringify(imported.errors));
  const year = new Date().getUTCFullYear();
  const db = server.db.handle.db;
  reportId = await insertReport(
    db,
    {
      titles: { en: 'Stocktaking report', ar: 'تقرير الحصر' },
      introductions: { en: 'What the register **holds**.', ar: 'ما يحويه **السجل**.' },
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
      filters: '',
      languages: ['en', 'ar'],
      highlights: {},
      published: true,
    },
    null,
  );
  dir = mkdtempSync(join(tmpdir(), 'stocktake-report-e2e-'));
  // The HTML alone (no PDF) is what is checked here: Chromium is pointed at a missing file.
  const deps = {
    ...server.db.deps,
    config: { ...server.db.deps.config, reports: { dir, chromiumPath: join(dir, 'none') } },
    render: reportRenderer(reportFigures(server.db.deps.taxonomy)),
  };
  for (const id of await requestGeneration({ db }, null, reportId, { system: true })) await generateVersion(deps, id);
  for (const v of await db.selectFrom('reportVersions').select(['language', 'htmlFile']).execute()) files.set(v.language, join(dir, v.htmlFile!));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reports in a browser: axe on the public pages and the generated document', { skip: CHROMIUM ? false : 'Chromium is not installed' }, () => {
  for (const locale of ['en', 'ar'] as const) {
    it(`${locale}: the list and the report's page have no axe violation and do not overflow at 375 px`, async () => {
      // axe is injected as an inline script, which the site's policy refuses.
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      for (const path of [`/${locale}/reports`, `/${locale}/reports/${reportId}`]) {
        const res = await page.goto(`${server.url}${path}`);
        assert.equal(res?.status(), 200, path);
        assert.deepEqual(await axeViolations(page), [], path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${path}: ${overflow}px sideways`);
      }
      await context.close();
    });

    it(`${locale}: the generated HTML report has no axe violation, in its direction`, async () => {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(files.get(locale)!).href);
      assert.equal(await page.getAttribute('html', 'dir'), locale === 'ar' ? 'rtl' : 'ltr');
      assert.deepEqual(await axeViolations(page), [], locale);
      await page.close();
    });
  }
});
