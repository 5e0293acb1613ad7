import { sql } from 'kysely';
import type { Db } from '../../db/connection';

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/** Per kind: how many entries are published and when the latest of them changed. */
export async function publishedKindStats(db: Db): Promise<Array<{ kind: string; count: number; lastmod: Date }>> {
  const rows = await db
    .selectFrom('entries')
    .where('state', '=', 'published')
    .groupBy('kind')
    .select((eb) => ['kind', eb.fn.countAll<number | string>().as('n'), eb.fn.max('updatedAt').as('lastmod')])
    .execute();
  return rows.map((r) => ({ kind: r.kind, count: Number(r.n), lastmod: asDate(r.lastmod) }));
}

/** One page of a kind's published entries in id order: the id and the last change of each (no more is read). */
export async function publishedEntryPage(db: Db, kind: string, offset: number, limit: number): Promise<Array<{ id: number; updatedAt: Date }>> {
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'updatedAt'])
    .where('state', '=', 'published')
    .where('kind', '=', kind)
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, updatedAt: asDate(r.updatedAt) }));
}

/** Every country code published entries are tagged with, and when the latest of those entries changed. */
export async function countryLastChanges(db: Db): Promise<Array<{ code: string; lastmod: Date }>> {
  const { rows } = await sql<{ code: string; lastmod: Date | string }>`select f.value as code, max(e.updated_at) as lastmod
    from entry_facets f join entries e on e.id = f.entry_id
    where f.facet = 'country' and e.state = 'published' group by f.value order by f.value`.execute(db);
  return rows.map((r) => ({ code: r.code, lastmod: asDate(r.lastmod) }));
}
