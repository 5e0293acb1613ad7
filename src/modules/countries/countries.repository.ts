import { sql } from 'kysely';
import type { Db } from '../../db/connection';

/**
 * Published events tagged with a country, upcoming ones first (soonest first), then past ones (latest
 * first), undated last. The search engine sorts by start date only, not by instant relative to now,
 * hence this query; the tag test uses the same facet rows as search so the counts agree.
 */
export async function countryEventIds(db: Db, iso: string, now: Date, limit: number): Promise<Array<{ id: number; upcoming: boolean }>> {
  const upcoming = sql<boolean>`coalesce(starts_at > ${now}, false)`;
  const rows = await db
    .selectFrom('entries')
    .select(['id', upcoming.as('upcoming')])
    .where('kind', '=', 'event')
    .where('state', '=', 'published')
    .where('id', 'in', (eb) => eb.selectFrom('entryFacets').select('entryId').where('facet', '=', 'country').where('value', '=', iso))
    .orderBy(sql`case when starts_at > ${now} then 0 when starts_at is not null then 1 else 2 end`)
    .orderBy(sql`case when starts_at > ${now} then starts_at end`, 'asc')
    .orderBy('startsAt', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, upcoming: Boolean(r.upcoming) }));
}
