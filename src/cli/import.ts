/* eslint-disable no-console -- a command-line tool talks on the console */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError, loadConfig, type Config } from '../config/config';
import { environmentWithEnvFile } from '../config/env-file';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase, type Db } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncVocabularies } from '../db/vocabulary-sync';
import { importAtlas, type AtlasImportReport } from '../modules/actors/atlas.import';
import { importEntries } from '../modules/submissions/jsonl.import';
import { importIati, type IatiActivityReport } from '../modules/iati/iati.import';
import type { IatiIssue } from '../modules/iati/iati.mapping';
import { utf8Chunks } from '../modules/iati/iati.reader';
import type { Taxonomy } from '../modules/taxonomy/taxonomy';
import { loadTaxonomy } from '../modules/taxonomy/taxonomy.service';

const USAGE = [
  'Usage: npm run import -- activities FILE.jsonl   (JSON Lines in the API activity shape; "-" reads standard input)',
  '       npm run import -- atlas FILE.txt          (actor profiles of the Geneva Digital Atlas in plain text; "-" reads standard input)',
  '       npm run import -- iati FILE.xml           (an IATI activity file, 2.01–2.03 or 1.0x, read as a stream; "-" reads standard input)',
].join('\n');

const KINDS = ['activities', 'atlas', 'iati'] as const;
type Kind = (typeof KINDS)[number];
const isKind = (v: string | undefined): v is Kind => (KINDS as readonly string[]).includes(v ?? '');

/** `npm run import -- activities FILE`: validates line by line, writes valid lines in transactional batches. */
async function importEntriesFile(db: Db, taxonomy: Taxonomy, file: string): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  const report = await importEntries({ db, taxonomy }, lines);
  for (const e of report.errors) {
    console.error(`line ${e.line}: ${e.details.map((d) => `${d.field || '(line)'}: ${d.code}${d.params ? ` ${JSON.stringify(d.params)}` : ''}`).join('; ')}`);
  }
  console.log(`Imported: ${report.created} created, ${report.updated} updated, ${report.failed} rejected.`);
  return report.failed > 0 ? 1 : 0;
}

/** A source line as quoted in the report: long paragraphs are cut, the line number leads to the rest. */
const quote = (text: string) => JSON.stringify(text.length > 100 ? `${text.slice(0, 99).trimEnd()}…` : text);

/** One profile's lines of the Atlas report: the outcome, then what could not be placed and why. */
function atlasLines(r: AtlasImportReport): string[] {
  const who = `${r.name ?? '(no name)'} (${r.externalId ?? 'no identifier'})`;
  const head = r.outcome === 'failed' ? `failed  ${who}` : `${r.outcome}  #${r.id}  ${who}`;
  return [
    head,
    ...r.problems.map((p) => `  cannot import: ${p}`),
    ...r.notes.map((n) => `  note: ${n}`),
    ...r.unmapped.map((u) => `  could not map: line ${u.line ?? '?'}: ${quote(u.text)} (${u.reason})`),
  ];
}

/** `npm run import -- atlas FILE`: maps each profile to an actor, publishes it, and reports every line it could not place. */
async function importAtlasFile(db: Db, taxonomy: Taxonomy, config: Config, file: string): Promise<number> {
  const text = readFileSync(file === '-' ? 0 : file, 'utf8');
  const reports = await importAtlas({ db, taxonomy, config: { siteName: config.siteName, baseUrl: config.baseUrl } }, text);
  for (const r of reports) for (const line of atlasLines(r)) console.log(line);
  const count = (outcome: AtlasImportReport['outcome']) => reports.filter((r) => r.outcome === outcome).length;
  const unmapped = reports.reduce((n, r) => n + r.unmapped.length, 0);
  console.log(
    `Atlas: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged, ${count('failed')} failed; ${unmapped} lines could not be mapped.`,
  );
  return count('failed') > 0 ? 1 : 0;
}

/** A reason or note as the report prints it: its code, then its values. */
const issueText = (i: IatiIssue) =>
  `${i.code}${
    i.params
      ? ` ${Object.entries(i.params)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')}`
      : ''
  }`;

/** One activity's lines of the IATI report: the outcome, then why it was refused and what could not be mapped. */
function iatiLines(r: IatiActivityReport): string[] {
  const who = `${r.identifier ?? '(no identifier)'}${r.title ? ` ${quote(r.title)}` : ''}`;
  const head = r.outcome === 'refused' ? `refused  activity ${r.index} (line ${r.line})  ${who}` : `${r.outcome}  #${r.id}  ${who}`;
  return [head, ...r.reasons.map((x) => `  refused because: ${issueText(x)}`), ...r.notes.map((x) => `  note: ${issueText(x)}`)];
}

/** `npm run import -- iati FILE`: streams the file, reports every activity, and exits 1 when any was refused or the file broke off. */
async function importIatiFile(db: Db, taxonomy: Taxonomy, file: string): Promise<number> {
  const input = file === '-' ? process.stdin : createReadStream(file);
  const summary = await importIati({ db, taxonomy }, utf8Chunks(input), { onActivity: (r) => iatiLines(r).forEach((l) => console.log(l)) });
  if (summary.fileProblem)
    console.error(`The file stops being readable${summary.fileProblem.line ? ` at line ${summary.fileProblem.line}` : ''}: ${summary.fileProblem.detail}`);
  console.log(
    `IATI: ${summary.activities} activities: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused.`,
  );
  if (summary.fileProblem && summary.activities === 0) return 2;
  return summary.refused > 0 || summary.fileProblem ? 1 : 0;
}

async function main() {
  const [kind, file] = process.argv.slice(2);
  if (!isKind(kind) || !file) {
    console.error(USAGE);
    process.exit(2);
  }
  if (file !== '-' && !existsSync(file)) {
    console.error(`No such file: ${file}`);
    process.exit(2);
  }
  const config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run import' });
  try {
    await migrateToLatest(handle.db);
    await syncVocabularies(handle.db);
    const taxonomy = await loadTaxonomy(handle.db);
    process.exitCode =
      kind === 'atlas'
        ? await importAtlasFile(handle.db, taxonomy, config, file)
        : kind === 'iati'
          ? await importIatiFile(handle.db, taxonomy, file)
          : await importEntriesFile(handle.db, taxonomy, file);
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});
