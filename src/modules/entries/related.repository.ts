import type { Db } from '../../db/connection';

/** Published entries that name an actor among their organisations, with its role there, latest published first. */
export async function entriesNamingActor(db: Db, actorId: number, limit: number) {
  return db
    .selectFrom('entryOrganisations as o')
    .innerJoin('entries as a', 'a.id', 'o.entryId')
    .select(['o.entryId', 'o.role'])
    .where('o.actorId', '=', actorId)
    .where('a.state', '=', 'published')
    .orderBy('a.publishedAt', 'desc')
    .limit(limit)
    .execute();
}

/** Published actor profiles' ids and names (in their original language), by name. */
export async function publishedActorNames(db: Db, limit: number): Promise<Array<{ id: number; name: string }>> {
  return db
    .selectFrom('entries as a')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'a.id').onRef('t.language', '=', 'a.originalLanguage'))
    .select(['a.id', 't.title as name'])
    .where('a.kind', '=', 'actor')
    .where('a.state', '=', 'published')
    .orderBy('t.title')
    .limit(limit)
    .execute();
}
