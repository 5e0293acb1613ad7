/**
 * A contributor's desk: starting a new entry or an update, saving questionnaire steps, sending a draft
 * to the curators, and the lists of one's own submissions and entries.
 */
import type { Tx } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError, type ErrorDetail } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { tokenReaches } from '../tokens/tokens.policy';
import { useThrottle } from '../accounts/throttles.service';
import { submissionWindow } from '../calls/calls.service';
import type { EntryKind } from '../entries/entries';
import { loadEntries } from '../entries/entries.repository';
import { zodDetails } from '../../lib/zod-details';
import type { Entry } from '../entries/entry';
import { queueMail, type MailTemplate } from '../mail/mail.service';
import {
  entryOwnerAndState,
  findSubmission,
  insertSubmission,
  lockSubmission,
  mailRecipient,
  markSubmitted,
  openSubmissionOf,
  publishedEntryIdsOf,
  submissionsOf,
  submissionSurroundings,
  updateDraftData,
} from './drafts.repository';
import { checkPatchReferences, referenceProblems } from './references';
import { insertReviewMessage, lastDecider, userLocale } from './review.repository';
import { activityToDraft, submissionProblems, titleOf, type SubmissionDeps } from './submissions';
import { draftSchema, type DraftPatch, type ReplyInput } from './submissions.schemas';

const EDITABLE = ['draft', 'changes_requested'];

/** An entry in any state (for pages that show its history or review an update of it). */
export async function loadEntry(deps: Pick<SubmissionDeps, 'db'>, id: number): Promise<Entry | null> {
  const [entry] = await loadEntries(deps.db, [id]);
  return entry ?? null;
}

const subjectOf = (row: { organisationId: number; createdBy: number }) => ({ organisationId: row.organisationId, createdBy: row.createdBy });

/** Who may see a submission: its author, its organisation's editors (or its author's fellow editors) and curators. */
const mayRead = (actor: Actor, row: { organisationId: number; createdBy: number }) =>
  can(actor, 'submission.edit', subjectOf(row)) ||
  can(actor, 'review.decide') ||
  // An author reads their own submissions; with a token, only those of the token's organisation.
  (row.createdBy === actor.userId && (actor.token === undefined || tokenReaches(actor.token, row.organisationId)));

/** A submission and its draft, for its author, its organisation's editors or a curator; anyone else gets not_found. */
export async function readSubmission(deps: Pick<SubmissionDeps, 'db'>, actor: Actor | null, id: number) {
  // A visitor is asked to sign in before anything is looked up, so an id that exists and one that does not answer alike.
  if (!actor) throw new AppError('unauthenticated');
  const row = await findSubmission(deps.db, id);
  if (!row) throw new AppError('not_found');
  if (!mayRead(actor, row)) throw new AppError('not_found');
  return { ...row, data: draftSchema.parse(row.data) };
}

/** A submission with what a page shows of it: organisation, call, the exchange with curators, and what blocks it. */
export async function getSubmission(deps: SubmissionDeps, actor: Actor | null, id: number) {
  const { data, ...row } = await readSubmission(deps, actor, id);
  const { organisation, thread, call } = await submissionSurroundings(deps.db, row);
  return { ...row, data, organisation, thread, call: call ?? null, problems: submissionProblems(data, deps.taxonomy) };
}
export type SubmissionView = Awaited<ReturnType<typeof getSubmission>>;

/**
 * Starts a questionnaire: a new entry for an organisation, or an update of a published entry (which
 * starts from its current content; one open update per entry — asking again returns that one).
 */
export async function startSubmission(
  deps: SubmissionDeps,
  actor: Actor | null,
  input: { organisationId?: number | undefined; entryId?: number | undefined; kind?: EntryKind | undefined; language?: Locale },
): Promise<number> {
  if (!actor) throw new AppError('unauthenticated');
  if (input.entryId !== undefined) {
    const entryId = input.entryId;
    const owner = await entryOwnerAndState(deps.db, entryId);
    if (!owner || owner.state !== 'published') throw new AppError('not_found');
    authorize(actor, 'entry.update', { organisationId: owner.ownerOrganisationId });
    const open = await openSubmissionOf(deps.db, entryId);
    if (open) return open.id;
    const organisationId = owner.ownerOrganisationId ?? actor.memberships[0]?.organisationId;
    if (!organisationId) throw new AppError('invalid_transition', [{ field: 'organisationId', code: 'no_organisation' }]);
    const callId = await submissionWindow(deps.db, 'updates');
    const [entry] = await loadEntries(deps.db, [entryId], ['published']);
    const data = activityToDraft(entry!);
    return insertSubmission(deps.db, { entryId, organisationId, createdBy: actor.userId, callId, data });
  }
  const organisationId = input.organisationId!;
  authorize(actor, 'submission.create', { organisationId });
  const callId = await submissionWindow(deps.db, 'new');
  const data = draftSchema.parse({ kind: input.kind ?? 'activity', originalLanguage: input.language, organisations: [] });
  return insertSubmission(deps.db, { entryId: null, organisationId, createdBy: actor.userId, callId, data });
}

/** Saves part of a draft (a questionnaire step or an API patch); answers what still blocks submission. */
export async function saveDraft(deps: SubmissionDeps, actor: Actor | null, id: number, patch: DraftPatch): Promise<{ problems: ErrorDetail[] }> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await editableDraft(trx, actor, id);
    const current = draftSchema.parse(row.data);
    const checked = await checkPatchReferences(trx, actor!, { id: row.id, entryId: row.entryId }, current, patch);
    if (checked.problems.length) throw new AppError('validation_failed', checked.problems);
    const given = checked.patch;
    const merged = draftSchema.safeParse({ ...current, ...given, translations: { ...current.translations, ...(given.translations ?? {}) } });
    if (!merged.success) throw new AppError('validation_failed', zodDetails(merged.error.issues));
    await updateDraftData(trx, id, merged.data, merged.data.originalLanguage ?? row.language);
    return { problems: submissionProblems(merged.data, deps.taxonomy) };
  });
}

/** A submission locked for the rest of the transaction, once the actor may edit it and it is still a draft (or sent back). */
export async function editableDraft(trx: Tx, actor: Actor | null, id: number) {
  if (!actor) throw new AppError('unauthenticated');
  const row = await lockSubmission(trx, id);
  if (!row) throw new AppError('not_found');
  authorizeEdit(actor, row);
  return row;
}

/** Refuses someone who may not edit the submission; someone who may not even see it is told it does not exist, as for a missing id. */
function authorizeWrite(actor: Actor, row: { organisationId: number; createdBy: number }) {
  if (!can(actor, 'submission.edit', subjectOf(row))) throw new AppError(mayRead(actor, row) ? 'forbidden' : 'not_found');
}

function authorizeEdit(actor: Actor, row: { organisationId: number; createdBy: number; status: string }) {
  authorizeWrite(actor, row);
  if (!EDITABLE.includes(row.status)) throw new AppError('invalid_transition', [{ field: 'status', code: 'not_editable' }]);
}

/** Removes one further language version from a draft (the original one stays). */
export async function removeLanguage(deps: SubmissionDeps, actor: Actor | null, id: number, language: Locale): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await editableDraft(trx, actor, id);
    const data = draftSchema.parse(row.data);
    if (language === data.originalLanguage) throw new AppError('invalid_transition', [{ field: 'language', code: 'original_language' }]);
    const { [language]: _removed, ...rest } = data.translations;
    await updateDraftData(trx, id, { ...data, translations: rest });
  });
}

/** Queues a mail to a user, in their language, with the site's name and theirs among the values. */
export async function notify(trx: Tx, deps: SubmissionDeps, userId: number, template: MailTemplate, values: Record<string, string | number>): Promise<void> {
  const user = await mailRecipient(trx, userId);
  if (!user) return;
  await queueMail(trx, { to: user.email, locale: user.locale, template, values: { site: deps.config.siteName, name: user.displayName, ...values } });
}

/** Sends a draft (or a draft with the changes asked for) to the curators; refused while rules are broken. */
export async function submit(deps: SubmissionDeps, actor: Actor | null, id: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await editableDraft(trx, actor, id);
    const data = draftSchema.parse(row.data);
    const problems = [...submissionProblems(data, deps.taxonomy), ...(await referenceProblems(trx, row, data))];
    if (problems.length) throw new AppError('validation_failed', problems);
    const resubmission = row.status === 'changes_requested';
    // A draft started in one call and sent after it closed falls under whatever is open now.
    const callId = resubmission ? row.callId : await submissionWindow(trx, row.entryId ? 'updates' : 'new');
    await markSubmitted(trx, id, callId);
    await insertReviewMessage(trx, { submissionId: id, authorId: actor!.userId, kind: resubmission ? 'resubmitted' : 'submitted', fieldComments: null });
    // Each submission mails a receipt: a budget per account bounds the mail a member can cause.
    await useThrottle(trx, 'submitPerAccount', String(actor!.userId));
    await notify(trx, deps, actor!.userId, 'submission_received', {
      title: titleOf(data),
      link: `${deps.config.baseUrl}/${actor!.locale}/contribute/submissions/${id}`,
    });
  });
}

/**
 * A contributor's reply to the curators in a submission's exchange: only its author and its
 * organisation's editors may write one (others who may read it are refused, anyone else is told it does
 * not exist), and only once the submission has reached the curators.
 */
export async function replyToCurators(deps: SubmissionDeps, actor: Actor | null, id: number, input: ReplyInput): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  await deps.db.transaction().execute(async (trx) => {
    const row = await lockSubmission(trx, id);
    if (!row) throw new AppError('not_found');
    authorizeWrite(actor, row);
    if (row.status === 'draft') throw new AppError('invalid_transition', [{ field: 'status', code: 'thread_draft' }]);
    await insertReviewMessage(trx, { submissionId: id, authorId: actor.userId, kind: 'reply', body: input.message, fieldComments: null });
    // The curator who asked hears of the answer; a budget per account bounds the mail a contributor can cause.
    const curator = await lastDecider(trx, id);
    if (curator === null) return;
    await useThrottle(trx, 'replyPerAccount', String(actor.userId));
    const locale = (await userLocale(trx, curator)) ?? 'en';
    await notify(trx, deps, curator, 'thread_reply', {
      title: titleOf(draftSchema.parse(row.data)),
      author: actor.displayName,
      reply: input.message,
      link: `${deps.config.baseUrl}/${locale}/review/${id}`,
    });
  });
}

/** The submissions an actor made, and those of the organisations they edit. */
export async function mySubmissions(deps: SubmissionDeps, actor: Actor | null) {
  if (!actor) throw new AppError('unauthenticated');
  const editorOf = actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId);
  const rows = await submissionsOf(deps.db, actor.userId, editorOf);
  return rows.map((r) => ({ ...r, title: titleOf(draftSchema.parse(r.data)) }));
}

/** The published entries of the organisations an actor edits (to update or confirm). */
export async function ownedEntries(deps: SubmissionDeps, actor: Actor): Promise<Entry[]> {
  const orgs = actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId);
  if (!orgs.length) return [];
  return loadEntries(deps.db, await publishedEntryIdsOf(deps.db, orgs));
}
