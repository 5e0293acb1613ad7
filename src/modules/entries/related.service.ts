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
  // What visitors see of a publication's files and counts is kept with the published entries (counts for at most a minute).
  const memory = viewer === null ? deps.publishedEntries : undefined;
  const fileIds = a.kind === 'publication' ? (a.publication?.fileIds ?? []) : [];
  const [linked, files, stats, story, actors] = await Promise.all([
    a.kind === 'actor' ? linkedToActor(deps, a.id, readFor) : Promise.resolve([]),
    a.kind === 'publication'
      ? remembered(memory, `files:${a.id}:${fileIds.join(',')}`, () => describeFiles(db, fileIds, { entryId: a.id }))
      : Promise.resolve([]),
    a.kind === 'publication'
      ? remembered(memory, `stats:${a.id}`, async () => (await publicationStats(db, [a.id], viewer?.userId ?? null)).get(a.id) ?? null)
      : Promise.resolve(null),
    a.kind === 'story' && a.story?.activityId ? readPublishedEntries(deps, [a.story.activityId], readFor) : Promise.resolve([]),
    can(viewer, 'entry.link_actor') && a.organisations.length ? actorChoices(db) : Promise.resolve([]),
  ]);
  return {
    linked,
    files,
    stats,
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
  const memory = readFor.visitor ? deps.publishedEntries : undefined;
  const rows = await remembered(memory, `naming:${actorId}`, () => entriesNamingActor(deps.db, actorId, RELATED_LIMIT));
  const entries = await readPublishedEntries(deps, [...new Set(rows.map((r) => r.entryId))], readFor);
  const roleOf = new Map(rows.map((r) => [r.entryId, r.role]));
  return entries.map((entry) => ({ entry, role: roleOf.get(entry.id) ?? 'partner' }));
}

/** `read`, through the memory of published entries when there is one (visitors' reads), else straight from the database. */
function remembered<T>(memory: PublishedEntries | undefined, key: string, read: () => Promise<T>): Promise<T> {
  return memory ? memory.remember(key, read) : read();
}

/** Published actor profiles by name, for a curator's matching form. */
async function actorChoices(db: Db): Promise<Array<{ id: number; name: string }>> {
  return publishedActorNames(db, 1000);
}
