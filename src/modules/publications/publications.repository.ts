import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/** Replaces a draft's data (the publication's fields and its list of files). */
export async function saveDraftData(trx: Tx, submissionId: number, data: unknown): Promise<void> {
  await trx
    .updateTable('submissions')
    .set({ data: JSON.stringify(data), updatedAt: new Date() })
    .where('id', '=', submissionId)
    .execute();
}

/** An entry's kind and state, or undefined when there is none. */
export async function findEntryKindAndState(db: Db, entryId: number) {
  return db.selectFrom('entries').select(['kind', 'state']).where('id', '=', entryId).executeTakeFirst();
}

/** Writes a reader's rating of an entry, replacing the one they gave before. */
export async function upsertRating(db: Db, row: { entryId: number; userId: number; rating: number }): Promise<void> {
  await db
    .insertInto('entryRatings')
    .values(row)
    .onConflict((oc) => oc.columns(['entryId', 'userId']).doUpdateSet({ rating: row.rating, updatedAt: new Date() }))
    .execute();
}

/** Per entry, in one query: total downloads of its files (null without files), mean rating (null without ratings) and number of ratings. */
export async function publicationTotals(db: Db, ids: number[]) {
  return db
    .selectFrom('entries as e')
    .select((eb) => [
      'e.id as entryId',
      eb
        .selectFrom('entryFiles as f')
        .select((f) => f.fn.sum<number>('f.downloads').as('s'))
        .whereRef('f.entryId', '=', 'e.id')
        .as('downloads'),
      eb
        .selectFrom('entryRatings as r')
        .select((r) => r.fn.avg<number>('r.rating').as('m'))
        .whereRef('r.entryId', '=', 'e.id')
        .as('mean'),
      eb
        .selectFrom('entryRatings as r')
        .select((r) => r.fn.countAll<number>().as('c'))
        .whereRef('r.entryId', '=', 'e.id')
        .as('ratings'),
    ])
    .where('e.id', 'in', ids)
    .execute();
}

/** One reader's own ratings of the entries given. */
export async function ratingsBy(db: Db, ids: number[], userId: number) {
  return db.selectFrom('entryRatings').select(['entryId', 'rating']).where('entryId', 'in', ids).where('userId', '=', userId).execute();
}

const ORDER = {
  date: sql`(a.details ->> 'year')::int desc nulls last, a.published_at desc`,
  title: sql`(select lower(t.title) from entry_translations t where t.entry_id = a.id and t.language = a.original_language) asc`,
  institution: sql`(select lower(o.name) from entry_organisations o where o.entry_id = a.id order by (o.role <> 'lead'), o.position limit 1) asc nulls last`,
  actionLine: sql`(select min(v.position) from entry_tags g join vocabulary_terms v on v.vocabulary = 'action-line' and v.code = g.code where g.entry_id = a.id and g.vocabulary = 'action-line') asc nulls last`,
  downloads: sql`(select coalesce(sum(f.downloads), 0) from entry_files f where f.entry_id = a.id) desc`,
  rating: sql`(select avg(r.rating) from entry_ratings r where r.entry_id = a.id) desc nulls last`,
};
/** The orders the repository list can be read in. */
export type PublicationOrder = keyof typeof ORDER;

/** One page of published publications' ids, filtered by action line and country, and how many match in all. */
export async function publishedPublicationIds(
  db: Db,
  q: { sort: PublicationOrder; actionLine?: string[] | undefined; country?: string[] | undefined; limit: number; offset: number },
): Promise<{ ids: number[]; total: number }> {
  let query = db.selectFrom('entries as a').where('a.kind', '=', 'publication').where('a.state', '=', 'published');
  for (const facet of ['actionLine', 'country'] as const) {
    const values = q[facet];
    if (values?.length)
      query = query.where((eb) =>
        eb.exists(
          eb.selectFrom('entryFacets as f').select('f.entryId').whereRef('f.entryId', '=', 'a.id').where('f.facet', '=', facet).where('f.value', 'in', values),
        ),
      );
  }
  const { n } = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.select('a.id').orderBy(ORDER[q.sort]).orderBy('a.id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { ids: rows.map((r) => r.id), total: Number(n) };
}
