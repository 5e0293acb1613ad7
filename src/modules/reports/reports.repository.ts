import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import type { Labels, ReportVersionState } from '../../db/schema';
import type { Locale } from '../../i18n/locales';

/** What the reports table stores for one report (JSON columns as text on the way in). */
export interface ReportRow {
  titles: Labels;
  introductions: Labels;
  periodFrom: string;
  periodTo: string;
  filters: string;
  languages: Locale[];
  highlights: Record<string, number[]>;
  published: boolean;
}

const columns = (r: ReportRow) => ({
  titles: JSON.stringify(r.titles),
  introductions: JSON.stringify(r.introductions),
  periodFrom: r.periodFrom,
  periodTo: r.periodTo,
  filters: r.filters,
  languages: JSON.stringify(r.languages),
  highlights: JSON.stringify(r.highlights),
  published: r.published,
});

export async function insertReport(db: Db | Tx, row: ReportRow, createdBy: number | null): Promise<number> {
  const { id } = await db
    .insertInto('reports')
    .values({ ...columns(row), createdBy, updatedAt: sql<Date>`now()` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateReport(db: Db | Tx, id: number, row: ReportRow): Promise<boolean> {
  const rows = await db
    .updateTable('reports')
    .set({ ...columns(row), updatedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function findReport(db: Db | Tx, id: number) {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Holds the report's row until the transaction ends: version numbers are given one at a time. */
export async function lockReport(trx: Tx, id: number) {
  return trx.selectFrom('reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Reports, newest period first; only published ones when asked. */
export async function listReports(db: Db, opts: { publishedOnly: boolean }) {
  let q = db.selectFrom('reports').selectAll();
  if (opts.publishedOnly) q = q.where('published', '=', true);
  return q.orderBy('periodTo', 'desc').orderBy('id', 'desc').limit(500).execute();
}

/** Adds the next version of a report in a language (numbered after the last one) and returns its id and number. */
export async function insertVersion(trx: Tx, v: { reportId: number; language: Locale; createdBy: number | null }): Promise<{ id: number; version: number }> {
  return trx
    .insertInto('reportVersions')
    .columns(['reportId', 'language', 'version', 'createdBy'])
    .expression((eb) =>
      eb
        .selectFrom('reportVersions')
        .select([
          sql<number>`${v.reportId}::bigint`.as('reportId'),
          sql<string>`${v.language}::text`.as('language'),
          sql<number>`coalesce(max(version), 0) + 1`.as('version'),
          sql<number | null>`${v.createdBy}::bigint`.as('createdBy'),
        ])
        .where('reportId', '=', v.reportId)
        .where('language', '=', v.language),
    )
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

export async function setVersionJob(db: Db | Tx, id: number, jobId: number | null): Promise<void> {
  await db.updateTable('reportVersions').set({ jobId }).where('id', '=', id).execute();
}

export async function findVersion(db: Db, id: number) {
  return db.selectFrom('reportVersions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A report's versions, newest first per language. */
export async function listVersions(db: Db, reportId: number) {
  return db.selectFrom('reportVersions').selectAll().where('reportId', '=', reportId).orderBy('language').orderBy('version', 'desc').execute();
}

/** The version that wrote a file (by either of its names). */
export async function findVersionByFile(db: Db, file: string) {
  return db
    .selectFrom('reportVersions')
    .innerJoin('reports', 'reports.id', 'reportVersions.reportId')
    .select(['reportVersions.id', 'reportVersions.htmlFile', 'reportVersions.pdfFile', 'reportVersions.state', 'reports.published'])
    .where((eb) => eb.or([eb('reportVersions.htmlFile', '=', file), eb('reportVersions.pdfFile', '=', file)]))
    .executeTakeFirst();
}

/** Records how far a running version is. */
export async function setVersionProgress(db: Db, id: number, progress: number, step: string, state: ReportVersionState = 'running'): Promise<void> {
  await db.updateTable('reportVersions').set({ progress, step, state, error: null }).where('id', '=', id).execute();
}

export async function finishVersion(
  db: Db,
  id: number,
  done: { htmlFile: string; pdfFile: string | null; pdfMissing: string | null; entries: number; durationMs: number; error: string | null },
): Promise<void> {
  await db
    .updateTable('reportVersions')
    .set({ ...done, state: 'done', progress: 100, step: 'done', finishedAt: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function failVersion(db: Db, id: number, error: string, final: boolean): Promise<void> {
  await db
    .updateTable('reportVersions')
    .set({ error, ...(final ? { state: 'failed' as const, finishedAt: sql<Date>`now()` } : { state: 'queued' as const }) })
    .where('id', '=', id)
    .execute();
}

// ——— The report's figures. An entry set is passed as one array literal, so a 100,000-entry report is one parameter. ———

const idArray = (ids: readonly number[]): RawBuilder<number[]> => sql<number[]>`${`{${ids.join(',')}}`}::bigint[]`;

/** Published entries among `ids` (every published entry when null) first published or updated within the period (UTC days). */
export async function entriesInPeriod(db: Db, ids: readonly number[] | null, from: string, to: string): Promise<number[]> {
  let q = db
    .selectFrom('entries')
    .select('id')
    .where('state', '=', 'published')
    .where((eb) =>
      eb.or([
        eb.and([eb('publishedAt', '>=', sql<Date>`${from}::date`), eb('publishedAt', '<', sql<Date>`${to}::date + 1`)]),
        eb.and([eb('updatedAt', '>=', sql<Date>`${from}::date`), eb('updatedAt', '<', sql<Date>`${to}::date + 1`)]),
      ]),
    );
  if (ids !== null) q = q.where(sql<boolean>`id = any(${idArray(ids)})`);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Counts per facet value over the set, for the facets asked. */
export async function facetCounts(db: Db, ids: readonly number[], facets: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('entryFacets')
    .select(['facet', 'value', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`entry_id = any(${idArray(ids)})`)
    .where('facet', 'in', facets)
    .groupBy(['facet', 'value'])
    .execute();
  return rows.map((r) => ({ facet: r.facet, value: r.value, count: Number(r.n) }));
}

/** Counts per action line × value of another facet over the set (each line's breakdowns). */
export async function lineCrossCounts(db: Db, ids: readonly number[], facets: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('entryFacets as l')
    .innerJoin('entryFacets as f', 'f.entryId', 'l.entryId')
    .select(['l.value as line', 'f.facet', 'f.value', (eb) => eb.fn.countAll<number>().as('n')])
    .where(sql<boolean>`l.entry_id = any(${idArray(ids)})`)
    .where('l.facet', '=', 'actionLine')
    .where('f.facet', 'in', facets)
    .groupBy(['l.value', 'f.facet', 'f.value'])
    .execute();
  return rows.map((r) => ({ line: r.line, facet: r.facet, value: r.value, count: Number(r.n) }));
}

/** Distinct organisations (by name, case aside) named on the set's entries. */
export async function countOrganisations(db: Db, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db
    .selectFrom('entryOrganisations')
    .select(sql<number>`count(distinct lower(name))`.as('n'))
    .where(sql<boolean>`entry_id = any(${idArray(ids)})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The set's entries as the annex lists them: kind, and title and summary in `language` when written in it,
 * else in the entry's original language, else in any.
 */
export async function entryTexts(db: Db, ids: readonly number[], language: Locale) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('entries as e')
    .innerJoin('entryTranslations as t', 't.entryId', 'e.id')
    .select(['e.id', 'e.kind', 't.language', 't.title', 't.summary'])
    .distinctOn('e.id')
    .where(sql<boolean>`e.id = any(${idArray(ids)})`)
    .orderBy('e.id')
    .orderBy(sql`t.language = ${language}`, 'desc')
    .orderBy(sql`t.language = e.original_language`, 'desc')
    .orderBy('t.language')
    .execute();
  return rows;
}

/** Of the ids given: which exist, their state, and their action lines (to check highlights). */
export async function highlightFacts(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('entries as e')
    .select([
      'e.id',
      'e.state',
      sql<string[]>`coalesce((select array_agg(f.value) from entry_facets f where f.entry_id = e.id and f.facet = 'actionLine'), '{}')`.as('lines'),
    ])
    .where(sql<boolean>`e.id = any(${idArray(ids)})`)
    .execute();
}

/** Up to `perLine` published activities per action line, lowest ids first (the demo report's highlights). */
export async function publishedActivitiesByLine(db: Db, lines: readonly string[], perLine: number): Promise<Record<string, number[]>> {
  const rows = await db
    .selectFrom('entryFacets as f')
    .innerJoin('entries as e', 'e.id', 'f.entryId')
    .select(['f.value as line', 'e.id'])
    .where('f.facet', '=', 'actionLine')
    .where('f.value', 'in', lines)
    .where('e.state', '=', 'published')
    .where('e.kind', '=', 'activity')
    .orderBy('e.id')
    .execute();
  const out: Record<string, number[]> = {};
  for (const r of rows) {
    const list = (out[r.line] ??= []);
    if (list.length < perLine) list.push(r.id);
  }
  return out;
}
