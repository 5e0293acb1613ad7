import type { Db } from '../../db/connection';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import type { Activity } from '../activities/activities';
import { loadActivities } from '../activities/activities.repository';
import { describeFiles, publicationStats } from '../publications/publications.service';

const RELATED_LIMIT = 50;

/** What an entry's page shows beside its own fields: linked entries, files and their counts, and what a curator may match. */
export async function entryRelations(deps: { db: Db }, a: Activity, viewer: Actor | null) {
  const db = deps.db;
  const [linked, files, stats, story, actors] = await Promise.all([
    a.kind === 'actor' ? linkedToActor(db, a.id) : Promise.resolve([]),
    a.kind === 'publication' ? describeFiles(db, a.publication?.fileIds ?? [], { activityId: a.id }) : Promise.resolve([]),
    a.kind === 'publication' ? publicationStats(db, [a.id], viewer?.userId ?? null) : Promise.resolve(null),
    a.kind === 'story' && a.story?.activityId ? loadActivities(db, [a.story.activityId], ['published']) : Promise.resolve([]),
    can(viewer, 'entry.link_actor') && a.organisations.length ? actorChoices(db) : Promise.resolve([]),
  ]);
  return { linked, files, stats: stats?.get(a.id) ?? null, linkedActivity: story[0] ?? null, actorChoices: actors, signedIn: viewer !== null, canShare: a.kind === 'story' && can(viewer, 'story.share') };
}
export type EntryRelations = Awaited<ReturnType<typeof entryRelations>>;

/** The published entries that name an actor among their organisations, with the role it plays. */
async function linkedToActor(db: Db, actorId: number): Promise<Array<{ entry: Activity; role: string }>> {
  const rows = await db
    .selectFrom('activityOrganisations as o')
    .innerJoin('activities as a', 'a.id', 'o.activityId')
    .select(['o.activityId', 'o.role'])
    .where('o.actorId', '=', actorId)
    .where('a.state', '=', 'published')
    .orderBy('a.publishedAt', 'desc')
    .limit(RELATED_LIMIT)
    .execute();
  const entries = await loadActivities(db, [...new Set(rows.map((r) => r.activityId))], ['published']);
  const roleOf = new Map(rows.map((r) => [r.activityId, r.role]));
  return entries.map((entry) => ({ entry, role: roleOf.get(entry.id) ?? 'partner' }));
}

/** Published actor profiles by name, for a curator's matching form. */
async function actorChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('activityTranslations as t', (j) => j.onRef('t.activityId', '=', 'a.id').onRef('t.language', '=', 'a.originalLanguage'))
    .select(['a.id', 't.title as name'])
    .where('a.kind', '=', 'actor')
    .where('a.state', '=', 'published')
    .orderBy('t.title')
    .limit(1000)
    .execute();
  return rows;
}
