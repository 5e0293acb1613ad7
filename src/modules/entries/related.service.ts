import type { Db } from '../../db/connection';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import type { Entry } from './entry';
import { loadEntries } from './entries.repository';
import { entriesNamingActor, publishedActorNames } from './related.repository';
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
  return {
    linked,
    files,
    stats: stats?.get(a.id) ?? null,
    linkedActivity: story[0] ?? null,
    actorChoices: actors,
    signedIn: viewer !== null,
    canShare: a.kind === 'story' && can(viewer, 'story.share'),
  };
}
export type EntryRelations = Awaited<ReturnType<typeof entryRelations>>;

/** The published entries that name an actor among their organisations, with the role it plays. */
async function linkedToActor(db: Db, actorId: number): Promise<Array<{ entry: Entry; role: string }>> {
  const rows = await entriesNamingActor(db, actorId, RELATED_LIMIT);
  const entries = await loadEntries(db, [...new Set(rows.map((r) => r.entryId))], ['published']);
  const roleOf = new Map(rows.map((r) => [r.entryId, r.role]));
  return entries.map((entry) => ({ entry, role: roleOf.get(entry.id) ?? 'partner' }));
}

/** Published actor profiles by name, for a curator's matching form. */
async function actorChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  return publishedActorNames(db, 1000);
}
