import type { Db } from '../../db/connection';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import type { Entry } from './entry';
import { loadEntries } from './entries.repository';
import { describeFiles, publicationStats } from '../publications/publications.service';

const RELATED_LIMIT = 50;

/** What an entry's page shows beside its own fields: linked entries, files and their counts, and what a curator may match. */
export async function entryRelations(deps: { db: Db }, a: Entry, viewer: Actor | null) {
  const db = deps.db;
  const [linked, files, stats, story, actors] = await Promise.all([
    a.kind === 'actor' ? linkedToActor(db, a.id) : Promise.resolve([]),
    a.kind === 'publication' ? describeFiles(db, a.publication?.fileIds ?? [], { entryId: a.id }) : Promise.resolve([]),
    a.kind === 'publication' ? publicationStats(db, [a.id], viewer?.userId ?? null) : Promise.resolve(null),
    a.kind === 'story' && a.story?.activityId ? loadEntries(db, [a.story.activityId], ['published']) : Promise.resolve([]),
    can(viewer, 'entry.link_actor') && a.organisations.length ? actorChoices(db) : Promise.resolve([]),
  ]);
  return { linked, files, stats: stats?.get(a.id) ?? null, linkedActivity: story[0] ?? null, actorChoices: actors, signedIn: viewer !== null, canShare: a.kind === 'story' && can(viewer, 'story.share') };
}
export type EntryRelations = Awaited<ReturnType<typeof entryRelations>>;

/** The published entries that name an actor among their organisations, with the role it plays. */
async function linkedToActor(db: Db, actorId: number): Promise<Array<{ entry: Entry; role: string }>> {
  const rows = await db
    .selectFrom('entryOrganisations as o')
    .innerJoin('entries as a', 'a.id', 'o.entryId')
    .select(['o.entryId', 'o.role'])
    .where('o.actorId', '=', actorId)
    .where('a.state', '=', 'published')
    .orderBy('a.publishedAt', 'desc')
    .limit(RELATED_LIMIT)
    .execute();
  const entries = await loadEntries(db, [...new Set(rows.map((r) => r.entryId))], ['published']);
  const roleOf = new Map(rows.map((r) => [r.entryId, r.role]));
  return entries.map((entry) => ({ entry, role: roleOf.get(entry.id) ?? 'partner' }));
}

/** Published actor profiles by name, for a curator's matching form. */
async function actorChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  const rows = await db
    .selectFrom('entries as a')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'a.id').onRef('t.language', '=', 'a.originalLanguage'))
    .select(['a.id', 't.title as name'])
    .where('a.kind', '=', 'actor')
    .where('a.state', '=', 'published')
    .orderBy('t.title')
    .limit(1000)
    .execute();
  return rows;
}
