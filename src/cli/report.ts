/* eslint-disable no-console -- a command-line tool talks on the console */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config';
import { environmentWithEnvFile } from '../config/env-file';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncVocabularies } from '../db/vocabulary-sync';
import { isLocale } from '../i18n/locales';
import { reportCopy, type ReportOutput } from '../modules/reports/reports.service';
import { createSqlSearch } from '../modules/search/sql-search';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.service';
import { reportRenderer } from '../ui/report/report.document';
import { reportFigures } from '../ui/report/report.figures';

const USAGE = 'Usage: npm run report -- --id N --lang ar|zh|en|fr|es|ru --out FILE.pdf|FILE.html';

/**
 * `npm run report`: the report as the generation job writes it, in one language, to a file of one's own
 * (not recorded as a version). A name ending in .html writes the HTML; anything else the PDF, or — without
 * Chromium at CHROMIUM_PATH — the HTML beside it, saying so. Prints the time taken and the process's peak memory.
 */
async function main() {
  const { values } = parseArgs({ options: { id: { type: 'string' }, lang: { type: 'string' }, out: { type: 'string' } } });
  const id = Number(values.id);
  const lang = values.lang ?? 'en';
  if (!Number.isInteger(id) || id < 1 || !isLocale(lang) || !values.out) {
    console.error(USAGE);
    process.exit(2);
  }
  const started = performance.now();
  const config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run report' });
  const scratch = mkdtempSync(join(tmpdir(), 'stocktake-report-'));
  try {
    await migrateToLatest(handle.db);
    await syncVocabularies(handle.db);
    const taxonomy = await loadTaxonomy(handle.db);
    const deps = { db: handle.db, taxonomy, search: createSqlSearch(handle.db), config, render: reportRenderer(reportFigures(taxonomy)) };
    const written: ReportOutput = await reportCopy(deps, id, lang, values.out, scratch);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (written.pdfMissing) console.error(`No PDF (${written.pdfMissing}: Chromium is not at ${config.reports.chromiumPath}); the HTML was written instead.`);
    // This process's peak memory (Chromium's is its own): what a large annex would have grown.
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`Wrote ${written.file} (${written.entries} entries) in ${seconds} s, peak RSS ${peakMb} MB.`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});
