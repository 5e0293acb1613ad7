/**
 * An entry's life after publication: its history and past versions, an owner's confirmation that it is
 * current, and a curator's archive, restore, merge and actor match — each recorded as a revision.
 */
import type { Db, Tx } from '../../db/connection';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { openSubmissionOf } from './drafts.repository';
import { saveDraft, startSubmission } from './drafts.service';
import {
  entryKindAndState,
  entryOwnership,
  markArchived,
  markConfirmed,
  markRestored,
  mergedInto,
  revisionContent,
  revisionsOf,
  withdrawOpenSubmissions,
} from './history.repository';
import { ensureBaseline, publish, recordRevision } from './publishing.service';
import type { SubmissionDeps } from './submissions';
import { draftSchema, type DraftData } from './submissions.schemas';

/** Refuses an actor an entry action: forbidden on a public entry, not_found on one they may not see (as for a missing id). */
function authorizeEntry(actor: Actor, ability: 'entry.confirm' | 'entry.history' | 'entry.restore', a: { state: string; ownerOrganisationId: number | null }) {
  if (!can(actor, ability, { organisationId: a.ownerOrganisationId })) throw new AppError(a.state === 'published' ? 'forbidden' : 'not_found');
}

async function ownedEntry(db: Tx | Db, entryId: number, states: string[]) {
  const a = await entryOwnership(db, entryId);
  if (!a || !states.includes(a.state)) throw new AppError('not_found');
  return a;
}

/** Whether an actor may open an entry's history (its owners' editors and curators). */
export async function canReadHistory(deps: Pick<SubmissionDeps, 'db'>, actor: Actor, entryId: number): Promise<boolean> {
  const a = await entryOwnership(deps.db, entryId);
  return Boolean(a) && can(actor, 'entry.history', { organisationId: a!.ownerOrganisationId });
}

/** The revisions of an entry and of every entry merged into it, newest first. */
export async function entryHistory(deps: SubmissionDeps, actor: Actor | null, entryId: number) {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.history', a);
  const revisions = await revisionsOf(deps.db, [entryId, ...(await mergedInto(deps.db, entryId))]);
  const pending = await openSubmissionOf(deps.db, entryId);
  return { activity: a, revisions, pending: pending ?? null };
}

/** The content of one revision, for those who may read the entry's history. */
export async function revisionData(deps: SubmissionDeps, actor: Actor | null, entryId: number, number: number): Promise<DraftData> {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.history', a);
  const data = await revisionContent(deps.db, entryId, number);
  if (!data) throw new AppError('not_found');
  return draftSchema.parse(data);
}

/** The owner confirms an entry is still accurate (asked to by reminders); recorded as a revision. */
export async function confirmEntry(deps: SubmissionDeps, actor: Actor | null, entryId: number): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  await deps.db.transaction().execute(async (trx) => {
    const a = await ownedEntry(trx, entryId, ['published']);
    authorizeEntry(actor, 'entry.confirm', a);
    const head = await ensureBaseline(trx, entryId);
    await markConfirmed(trx, entryId);
    await recordRevision(trx, entryId, head.data, head, { source: 'confirm', authorId: actor.userId, approvedBy: null, reason: null, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.confirm', entity: 'entry', entityId: entryId });
  });
}

/** Takes an entry out of the public register without deleting anything (a curator can restore it). */
export async function archiveEntry(deps: SubmissionDeps, actor: Actor | null, entryId: number, reason: string): Promise<void> {
  authorize(actor, 'entry.archive');
  await deps.db.transaction().execute(async (trx) => {
    await ownedEntry(trx, entryId, ['published']);
    const head = await ensureBaseline(trx, entryId);
    await markArchived(trx, entryId);
    await recordRevision(trx, entryId, head.data, head, { source: 'archive', authorId: actor.userId, approvedBy: actor.userId, reason, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.archive', entity: 'entry', entityId: entryId, details: { reason } });
  });
}

/**
 * Brings back an earlier revision as a new one. A curator's restore is published at once (and brings an
 * archived entry back); an owner's becomes a pending update that a curator approves.
 */
export async function restoreRevision(
  deps: SubmissionDeps,
  actor: Actor | null,
  entryId: number,
  number: number,
  reason: string,
): Promise<{ submissionId: number | null }> {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.restore', a);
  const revision = await revisionContent(deps.db, entryId, number);
  if (!revision) throw new AppError('not_found');
  const data = draftSchema.parse(revision);
  if (!can(actor, 'review.decide')) {
    if (a.state !== 'published') throw new AppError('forbidden');
    const submissionId = await startSubmission(deps, actor, { entryId });
    // Actor links are a curator's: the update keeps the entry's current ones rather than the old revision's.
    await saveDraft(deps, actor, submissionId, { ...data, organisations: data.organisations.map(({ actorId: _old, ...o }) => o) });
    return { submissionId };
  }
  await deps.db.transaction().execute(async (trx) => {
    await markRestored(trx, entryId);
    await publish(trx, deps, {
      entryId,
      organisationId: a.ownerOrganisationId,
      data,
      source: 'restore',
      authorId: actor.userId,
      approvedBy: actor.userId,
      reason: `${reason} (#${number})`,
      submissionId: null,
    });
    await audit(trx, { actorId: actor.userId, action: 'entry.restore', entity: 'entry', entityId: entryId, details: { revision: number, reason } });
  });
  return { submissionId: null };
}

const union = <T>(x: T[], y: T[], key: (v: T) => string) => [...new Map([...x, ...y].map((v) => [key(v), v])).values()];

/**
 * Merges a duplicate into an entry: the kept entry gains the other's missing language versions, tags,
 * organisations and links (a new revision); the duplicate is archived with a pointer, and its history
 * is shown with the kept entry's.
 */
export async function mergeEntries(deps: SubmissionDeps, actor: Actor | null, keepId: number, mergeId: number, reason: string): Promise<void> {
  authorize(actor, 'entry.merge');
  if (keepId === mergeId) throw new AppError('validation_failed', [{ field: 'mergeId', code: 'same_entry' }]);
  await deps.db.transaction().execute(async (trx) => {
    const keep = await ownedEntry(trx, keepId, ['published']);
    await ownedEntry(trx, mergeId, ['published', 'archived']);
    const { data: a } = await ensureBaseline(trx, keepId);
    const merging = await ensureBaseline(trx, mergeId);
    const b = merging.data;
    if (a.kind !== b.kind) throw new AppError('validation_failed', [{ field: 'mergeId', code: 'other_kind' }]);
    const merged: DraftData = {
      ...a,
      translations: { ...b.translations, ...a.translations },
      countries: union(a.countries, b.countries, String),
      regions: union(a.regions, b.regions, String),
      actionLines: union(a.actionLines, b.actionLines, String),
      sdgs: union(a.sdgs, b.sdgs, String),
      targetGroups: union(a.targetGroups, b.targetGroups, String),
      issues: union(a.issues, b.issues, String),
      organisations: union(a.organisations, b.organisations, (o) => o.name.toLowerCase()),
      links: union(a.links, b.links, (l) => l.url),
    };
    await publish(trx, deps, {
      entryId: keepId,
      organisationId: keep.ownerOrganisationId,
      data: merged,
      source: 'merge',
      authorId: actor.userId,
      approvedBy: actor.userId,
      reason: `${reason} (#${mergeId})`,
      submissionId: null,
    });
    await markArchived(trx, mergeId, keepId);
    await recordRevision(trx, mergeId, b, merging, {
      source: 'merged',
      authorId: actor.userId,
      approvedBy: actor.userId,
      reason: `${reason} (→ #${keepId})`,
      submissionId: null,
    });
    await withdrawOpenSubmissions(trx, mergeId);
    await audit(trx, { actorId: actor.userId, action: 'entry.merge', entity: 'entry', entityId: keepId, details: { merged: mergeId, reason } });
  });
}

/**
 * A curator matches a plain organisation name on an entry to an actor profile (or undoes a match): a
 * new revision of the entry, so the match has an author and a date like any other change.
 */
export async function linkOrganisationActor(deps: SubmissionDeps, actor: Actor | null, entryId: number, index: number, actorId: number | null): Promise<void> {
  authorize(actor, 'entry.link_actor');
  await deps.db.transaction().execute(async (trx) => {
    const entry = await ownedEntry(trx, entryId, ['published']);
    if (actorId !== null) {
      const target = await entryKindAndState(trx, actorId);
      if (!target || target.kind !== 'actor' || target.state !== 'published' || actorId === entryId)
        throw new AppError('validation_failed', [{ field: 'actorId', code: 'unknown_value', params: { value: String(actorId) } }]);
    }
    const head = await ensureBaseline(trx, entryId);
    const organisations = head.data.organisations.map((o, i) => (i === index ? { ...o, actorId } : o));
    if (!head.data.organisations[index]) throw new AppError('not_found');
    await publish(trx, deps, {
      entryId: entryId,
      organisationId: entry.ownerOrganisationId,
      data: { ...head.data, organisations },
      source: 'curation',
      authorId: actor.userId,
      approvedBy: actor.userId,
      reason: null,
      submissionId: null,
    });
    await audit(trx, { actorId: actor.userId, action: 'entry.link_actor', entity: 'entry', entityId: entryId, details: { index, actorId } });
  });
}
