import type { Db } from '../../db/connection';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import type { Entry } from './entry';
import { readPublishedEntries, type ReadFor } from './entries.service';
import type { PublishedEntries } from './published-memory';
import { entriesNamingActor, publishedActorNames } from './related.repository';
import { describeFiles, publicationStats } from '../publications/publications.service';

const RELATED_LIMIT = 50;

/** What an entry's page shows beside its own fields: linked entries, files and their counts, and what a curator may match. */
export async function entryRelations(deps: { db: Db; publishedEntries?: PublishedEntries | undefined }, a: Entry, viewer: Actor | null) {
  const db = deps.db;
  // A visitor's linked entries come from the memory of published entries, as the entry itself does.
  const readFor = { visitor: viewer === null };
  const [linked, files, stats, story, actors] = await Promise.all([
    a.kind === 'actor' ? linkedToActor(deps, a.id, readFor) : Promise.resolve([]),
    a.kind === 'publication' ? describeFiles(db, a.publication?.fileIds ?? [], { entryId: a.id }) : Promise.resolve([]),
    a.kind === 'publication' ? publicationStats(db, [a.id], viewer?.userId ?? null) : Promise.resolve(null),
    a.kind === 'story' && a.story?.activityId ? readPublishedEntries(deps, [a.story.activityId], readFor) : Promise.resolve([]),
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
async function linkedToActor(
  deps: { db: Db; publishedEntries?: PublishedEntries | undefined },
  actorId: number,
  readFor: ReadFor,
): Promise<Array<{ entry: Entry; role: string }>> {
  const rows = await entriesNamingActor(deps.db, actorId, RELATED_LIMIT);
  const entries = await readPublishedEntries(deps, [...new Set(rows.map((r) => r.entryId))], readFor);
  const roleOf = new Map(rows.map((r) => [r.entryId, r.role]));
  return entries.map((entry) => ({ entry, role: roleOf.get(entry.id) ?? 'partner' }));
}

/** Published actor profiles by name, for a curator's matching form. */
async function actorChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  return publishedActorNames(db, 1000);
}
