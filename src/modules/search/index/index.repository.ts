import { sql } from 'kysely';
import type { Db } from '../../../db/connection';
import type { Filter } from '../../activities/activities';
import type { IndexDoc } from './segment';

interface Row {
  id: number;
  terms: string;
  startDate: string | null;
  confirmedAt: Date | string | null;
  originalLanguage: string;
  titles: Record<string, string> | null;
  facets: Array<[Filter, string]> | null;
}

const toDoc = (r: Row): IndexDoc => ({
  id: r.id,
  terms: r.terms,
  startDate: r.startDate,
  confirmedAt: r.confirmedAt,
  originalLanguage: r.originalLanguage,
  titles: r.titles ?? {},
  facets: r.facets ?? [],
});

const columns = sql`a.id, a.search_terms as terms, a.start_date, coalesce(a.last_confirmed_at, a.updated_at) as confirmed_at,
  a.original_language,
  (select json_object_agg(t.language, t.title) from activity_translations t where t.activity_id = a.id) as titles,
  (select json_agg(json_build_array(f.facet, f.value)) from activity_facets f where f.activity_id = a.id) as facets`;

/** Published activities with id above `afterId`, in id order: one page of the index build. */
export async function readPublishedPage(db: Db, afterId: number, limit: number): Promise<IndexDoc[]> {
  const { rows } = await sql<Row>`select ${columns} from activities a
    where a.state = 'published' and a.id > ${afterId} order by a.id limit ${limit}`.execute(db);
  return rows.map(toDoc);
}

/** The current published version of these activities (absent ids are no longer public). */
export async function readPublishedByIds(db: Db, ids: number[]): Promise<IndexDoc[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Row>`select ${columns} from activities a
    where a.state = 'published' and a.id in (${sql.join(ids)})`.execute(db);
  return rows.map(toDoc);
}

export async function latestChangeId(db: Db): Promise<number> {
  const row = await db.selectFrom('searchChanges').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

/** Changes with an id above `afterId` (ids may commit out of order, so callers re-read a window). */
export async function readChangesSince(db: Db, afterId: number, limit: number): Promise<Array<{ id: number; entityId: number }>> {
  const rows = await db
    .selectFrom('searchChanges')
    .select(['id', 'entityId'])
    .where('id', '>', afterId)
    .where('entity', '=', 'activity')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), entityId: r.entityId }));
}

/** Drops change-log rows older than a day: every instance has long read them. */
export async function pruneChanges(db: Db): Promise<void> {
  await sql`delete from search_changes where changed_at < now() - interval '1 day'`.execute(db);
}
