import type { Db, Tx } from '../../db/connection';
import type { ErrorDetail } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { can } from '../accounts/policy';
import { imageFileIds } from '../entries/kinds/image';
import { entryKindsAndStates, ownedFileIds } from './references.repository';
import type { DraftData, DraftPatch } from './submissions.schemas';

/**
 * Object-level checks on the ids a draft carries (its files, a story's linked activity, actor links on
 * its organisations), made against the submission and the actor in the service, after authentication.
 * An id that does not exist and one the actor may not use get the same answer, so nothing is learned
 * about other organisations' records.
 */

type Organisation = DraftData['organisations'][number];
interface Owner {
  id: number;
  entryId: number | null;
}

const nameKey = (o: { name: string }) => o.name.trim().toLowerCase();

/** Problems with a story's linked entry: it must exist, be published and be an activity. */
export async function linkedEntryProblems(db: Db | Tx, entryId: number | null | undefined): Promise<ErrorDetail[]> {
  if (entryId === null || entryId === undefined) return [];
  const entry = (await entryKindsAndStates(db, [entryId])).get(entryId);
  if (entry && entry.kind === 'activity' && entry.state === 'published') return [];
  return [{ field: 'story.activityId', code: 'linked_entry_unknown', params: { value: String(entryId) } }];
}

/** Problems with a publication's files: each must be this submission's upload or already published with its entry. */
export async function fileProblems(
  db: Db | Tx,
  owner: Owner,
  fileIds: readonly number[],
  tolerated: ReadonlySet<number> = new Set(),
  field: (index: number) => string = (i) => `publication.fileIds.${i}`,
): Promise<{ problems: ErrorDetail[]; owned: Set<number> }> {
  const owned = await ownedFileIds(db, fileIds, { submissionId: owner.id, entryId: owner.entryId });
  const problems = fileIds.flatMap((f, i) =>
    owned.has(f) || tolerated.has(f) ? [] : [{ field: field(i), code: 'file_unknown', params: { value: String(f) } }],
  );
  return { problems, owned };
}

/** Problems with actor links a curator set: each must name a published actor profile. */
async function actorTargetProblems(db: Db | Tx, organisations: readonly Organisation[]): Promise<ErrorDetail[]> {
  const ids = organisations.flatMap((o) => (o.actorId ? [o.actorId] : []));
  const entries = await entryKindsAndStates(db, ids);
  return organisations.flatMap((o, i) => {
    if (!o.actorId) return [];
    const target = entries.get(o.actorId);
    return target && target.kind === 'actor' && target.state === 'published'
      ? []
      : [{ field: `organisations.${i}.actorId`, code: 'unknown_value', params: { value: String(o.actorId) } }];
  });
}

/**
 * Actor links in a draft's organisations are a curator's to set. Anyone else's patch keeps the link the
 * draft already held for the same organisation name (an update starts from the published entry's links);
 * a link added, changed or removed by them is refused, naming the field.
 */
export async function checkActorLinks(
  db: Db | Tx,
  actor: Actor,
  held: readonly Organisation[],
  given: readonly Organisation[],
): Promise<{ organisations: Organisation[]; problems: ErrorDetail[] }> {
  if (can(actor, 'entry.link_actor')) return { organisations: [...given], problems: await actorTargetProblems(db, given) };
  const heldLink = new Map(held.map((o) => [nameKey(o), o.actorId ?? null]));
  const problems: ErrorDetail[] = [];
  const organisations = given.map((o, i) => {
    const kept = heldLink.get(nameKey(o)) ?? null;
    if (o.actorId !== undefined && (o.actorId ?? null) !== kept) problems.push({ field: `organisations.${i}.actorId`, code: 'curator_only' });
    const { actorId: _given, ...rest } = o;
    return kept === null ? rest : { ...rest, actorId: kept };
  });
  return { organisations, problems };
}

/**
 * The ids in a patch, checked before it is saved. Files a draft listed before these checks existed and
 * that are not its own are dropped rather than refused, so its author is not stuck with a field no form
 * shows; they are never listed, shown or published.
 */
export async function checkPatchReferences(
  db: Db | Tx,
  actor: Actor,
  owner: Owner,
  current: DraftData,
  patch: DraftPatch,
): Promise<{ patch: DraftPatch; problems: ErrorDetail[] }> {
  const problems: ErrorDetail[] = [];
  let out: DraftPatch = patch;
  const fileIds = patch.publication?.fileIds;
  if (patch.publication && fileIds?.length) {
    const files = await fileProblems(db, owner, fileIds, new Set(current.publication?.fileIds ?? []));
    problems.push(...files.problems);
    out = { ...out, publication: { ...patch.publication, fileIds: fileIds.filter((f) => files.owned.has(f)) } };
  }
  if (patch.story) problems.push(...(await linkedEntryProblems(db, patch.story.activityId)));
  // An image's variants, like a publication's files: this submission's uploads or the entry's own.
  for (const kind of ['story', 'actor'] as const) {
    const image = patch[kind]?.image;
    if (image) {
      const held = new Set(imageFileIds(current[kind]?.image));
      problems.push(...(await fileProblems(db, owner, imageFileIds(image), held, (i) => `${kind}.image.variants.${i}`)).problems);
    }
  }
  if (patch.organisations) {
    const links = await checkActorLinks(db, actor, current.organisations, patch.organisations);
    problems.push(...links.problems);
    out = { ...out, organisations: links.organisations };
  }
  return { patch: out, problems };
}

/** The ids a whole draft carries, checked again when it is sent and when it is approved (it may be older than the checks, or its linked entry archived since). */
export async function referenceProblems(db: Db | Tx, owner: Owner, data: DraftData): Promise<ErrorDetail[]> {
  const files = data.kind === 'publication' ? (await fileProblems(db, owner, data.publication?.fileIds ?? [])).problems : [];
  const story = data.kind === 'story' ? await linkedEntryProblems(db, data.story?.activityId) : [];
  const image = data.kind === 'story' ? data.story?.image : data.kind === 'actor' ? data.actor?.image : null;
  const images = image ? (await fileProblems(db, owner, imageFileIds(image), new Set(), (i) => `${data.kind}.image.variants.${i}`)).problems : [];
  return [...files, ...story, ...images];
}

/**
 * The organisations an approval publishes. A curator's own draft keeps its links; anyone else's gets, for
 * each organisation, the link the entry has now for that name (a curator may have matched it while the
 * update waited), whatever the draft says: a link in a contributor's draft (one from before these checks)
 * is never applied, and an unlinked name is matched to a profile as for a new organisation.
 */
export async function approvedActorLinks(
  db: Db | Tx,
  author: Actor | null,
  published: readonly Organisation[],
  draft: readonly Organisation[],
): Promise<Organisation[]> {
  if (author && can(author, 'entry.link_actor') && (await actorTargetProblems(db, draft)).length === 0) return [...draft];
  const publishedLink = new Map(published.map((o) => [nameKey(o), o.actorId ?? null]));
  return draft.map((o) => {
    const { actorId: _draft, ...rest } = o;
    const link = publishedLink.get(nameKey(o)) ?? null;
    return link === null ? rest : { ...rest, actorId: link };
  });
}
