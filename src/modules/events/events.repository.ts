import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database } from '../../db/schema';

/** Facet values an event list is narrowed to (any value of a facet, every facet given). */
export interface EventFacetFilters {
  country?: string[] | undefined;
  actionLine?: string[] | undefined;
  mode?: string[] | undefined;
}

/** Bounds on an event's instants; each one given must hold. */
export interface EventWindow {
  endsAtOrAfter?: Date;
  endsBefore?: Date;
  endsAfter?: Date;
  startsBefore?: Date;
}

function withFilters(f: EventFacetFilters) {
  return (eb: ExpressionBuilder<Database, 'entries'>) =>
    eb.and(
      (['country', 'actionLine', 'mode'] as const).flatMap((facet) =>
        f[facet]?.length
          ? [
              eb.exists(
                eb
                  .selectFrom('entryFacets as f')
                  .select('f.entryId')
                  .whereRef('f.entryId', '=', 'entries.id')
                  .where('f.facet', '=', facet)
                  .where('f.value', 'in', f[facet]!),
              ),
            ]
          : [],
      ),
    );
}

/** One page of published events' ids in the window, by start (then id), and how many there are in all. */
export async function publishedEventIds(
  db: Db,
  q: { filters: EventFacetFilters; window: EventWindow; order: 'asc' | 'desc'; limit: number; offset: number },
): Promise<{ ids: number[]; total: number }> {
  const w = q.window;
  let query = db.selectFrom('entries').where('kind', '=', 'event').where('state', '=', 'published').where(withFilters(q.filters));
  if (w.endsAtOrAfter) query = query.where('endsAt', '>=', w.endsAtOrAfter);
  if (w.endsBefore) query = query.where('endsAt', '<', w.endsBefore);
  if (w.endsAfter) query = query.where('endsAt', '>', w.endsAfter);
  if (w.startsBefore) query = query.where('startsAt', '<', w.startsBefore);
  // The page and the count in one query (each query costs the embedded database about a millisecond); a page past
  // the end has no row to carry the count, so only then is it asked for alone.
  const rows = await query
    .select((eb) => ['id', eb.fn.countAll<number>().over().as('n')])
    .orderBy('startsAt', q.order)
    .orderBy('id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const total = rows[0]
    ? Number(rows[0].n)
    : q.offset > 0
      ? Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
      : 0;
  return { ids: rows.map((r) => r.id), total };
}

/** Ids of published events that ended at most `pastDays` ago (by the database's clock) or have not ended, soonest first. */
export async function feedEventIds(db: Db, filters: EventFacetFilters, pastDays: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('entries')
    .select('id')
    .where('kind', '=', 'event')
    .where('state', '=', 'published')
    .where('endsAt', '>=', sql<Date>`now() - make_interval(days => ${pastDays})`)
    .where(withFilters(filters))
    .orderBy('startsAt')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
