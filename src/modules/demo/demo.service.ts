import { createReadStream, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/connection';
import { countEntries } from '../entries/entries.repository';
import { importEntries, type ImportReport } from '../submissions/jsonl.import';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { anyDemoEntry } from './demo.repository';

const DEMO_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** Paths of the demo register's JSON Lines files. */
export function demoFiles(): string[] {
  return readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => DEMO_DIR + f);
}

/** Loads the demo register into an empty database; does nothing when any activity exists. */
export async function loadDemoIfEmpty(deps: { db: Db; taxonomy: Taxonomy }): Promise<ImportReport | null> {
  if ((await countEntries(deps.db)) > 0) return null;
  const total: ImportReport = { created: 0, updated: 0, failed: 0, errors: [] };
  for (const file of demoFiles()) {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    const report = await importEntries(deps, lines, { isDemo: true });
    total.created += report.created;
    total.updated += report.updated;
    total.failed += report.failed;
    total.errors.push(...report.errors.map((e) => ({ ...e, line: e.line })));
  }
  return total;
}

/** Whether the register holds demo entries (every page then says so). */
export async function hasDemoData(db: Db): Promise<boolean> {
  return anyDemoEntry(db);
}
