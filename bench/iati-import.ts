/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * IATI import speed and memory: the largest real file of the shared data, then a generated file of
 * 100,000 activities, each imported by a child process into its own empty embedded database (so each
 * peak RSS is that import's alone). Prints activities per second and peak RSS.
 *
 *   npm run bench:iati-import [-- --activities 100000]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { importIati } from '../src/modules/iati/iati.import';
import { utf8Chunks } from '../src/modules/iati/iati.reader';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** The child: imports one file into a fresh data folder and prints its figures as JSON. */
async function runOne(file: string, dataDir: string) {
  const handle = await openDatabase({ databaseUrl: undefined, dataDir, owner: 'bench:iati-import' });
  await migrateToLatest(handle.db);
  await syncVocabularies(handle.db);
  const taxonomy = await loadTaxonomy(handle.db);
  // RSS before the import (PGlite's heap after migrations and the vocabulary sync) and its peak during the import.
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const started = performance.now();
  const summary = await importIati({ db: handle.db, taxonomy }, utf8Chunks(createReadStream(file)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await handle.close();
  const mb = (n: number) => Math.round(n / 1048576);
  console.log(JSON.stringify({ ...summary, seconds, baselineMb: mb(baseline), peakMb: mb(peak), maxRssMb: mb(process.resourceUsage().maxRSS * 1024) }));
}

const SECTORS = ['22040', '22020', '11110', '12110', '15110', '41010', '31110', '22010'];
const COUNTRIES = ['KE', 'SN', 'BR', 'IN', 'VN', 'FR', 'EG', 'PE', 'ID', 'GH'];
const WORDS = 'digital inclusion broadband schools rural health records farmers mobile services training government data open access women youth skills'.split(
  ' ',
);

/** Writes a 2.03 file of `n` valid activities in two languages, as a stream. */
async function generate(path: string, n: number) {
  const out = createWriteStream(path);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">\n');
  for (let i = 0; i < n; i++) {
    const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
    const year = 2015 + (i % 10);
    await write(`<iati-activity xml:lang="en" default-currency="USD">
 <iati-identifier>XM-BENCH-${i}</iati-identifier>
 <reporting-org ref="XM-BENCH" type="40"><narrative>Bench Agency</narrative></reporting-org>
 <title><narrative>${w(1)} ${w(2)} ${w(3)} programme ${i}</narrative><narrative xml:lang="fr">Programme ${i} ${w(4)}</narrative></title>
 <description type="1"><narrative>The programme ${i} brings ${w(1)} and ${w(2)} to ${w(3)} communities through ${w(4)} and ${w(5)}.</narrative><narrative xml:lang="fr">Le programme ${i} apporte ${w(6)} aux communautés.</narrative></description>
 <participating-org role="2" type="40"><narrative>Bench Agency</narrative></participating-org>
 <participating-org role="4" type="22"><narrative>Partner ${i % 500}</narrative></participating-org>
 <activity-status code="${1 + (i % 4)}"/>
 <activity-date type="1" iso-date="${year}-01-01"/><activity-date type="3" iso-date="${year + 3}-12-31"/>
 <recipient-country code="${COUNTRIES[i % COUNTRIES.length]}"/>
 <sector vocabulary="1" code="${SECTORS[i % SECTORS.length]}"/>
 <tag vocabulary="2" code="${1 + (i % 17)}"/>
 <budget type="1"><period-start iso-date="${year}-01-01"/><period-end iso-date="${year}-12-31"/><value currency="USD" value-date="${year}-01-01">${1000 * (i % 97)}</value></budget>
</iati-activity>\n`);
  }
  await write('</iati-activities>\n');
  out.end();
  await once(out, 'finish');
}

function measure(label: string, file: string, work: string) {
  const dataDir = join(work, `db-${label}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'iati-import.ts'), '--run', file, '--data', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'silent' },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${label}: ${r.stderr}`);
  const s = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
    activities: number;
    created: number;
    refused: number;
    seconds: number;
    baselineMb: number;
    peakMb: number;
    maxRssMb: number;
  };
  const size = (statSync(file).size / 1048576).toFixed(1);
  console.log(
    `${label}: ${size} MB, ${s.activities} activities (${s.created} created, ${s.refused} refused) in ${s.seconds.toFixed(1)} s = ${Math.round(s.activities / s.seconds)} activities/s; RSS ${s.baselineMb} MB before the import, ${s.peakMb} MB at its peak (process maximum ${s.maxRssMb} MB)`,
  );
}

async function main() {
  const run = arg('run');
  if (run) return runOne(run, arg('data')!);
  const n = Number(arg('activities') ?? 100_000);
  const work = mkdtempSync(join(tmpdir(), 'stocktake-bench-iati-'));
  try {
    const shared =
      process.env.SHARED_DATA_DIR ??
      (existsSync(resolve(import.meta.dirname, '../../shared/data')) ? resolve(import.meta.dirname, '../../shared/data') : '/work/shared/data');
    const dir = join(shared, 'iati', 'activities');
    if (existsSync(dir)) {
      const largest = readdirSync(dir)
        .filter((f) => f.endsWith('.xml'))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
      measure(`largest real file (${largest.split('/').at(-1)})`, largest, work);
    } else console.log(`${dir} is absent: the real file is skipped`);
    const generated = join(work, 'generated.xml');
    await generate(generated, n);
    measure(`generated (${n} activities)`, generated, work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
