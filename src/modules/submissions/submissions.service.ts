import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import { LOCALES, type Locale } from '../../i18n/locales';
import { AppError, type ErrorDetail } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { useThrottle } from '../accounts/throttles.service';
import type { Entry } from '../entries/entry';
import { entryPath, type EntryKind } from '../entries/entries';
import { insertEntry, loadEntries, replaceEntry } from '../entries/entries.repository';
import { entryInputSchema } from '../entries/entry.schemas';
import { checkVocabularyCodes, prepareWrite } from '../entries/entries.service';
import { zodDetails } from '../../lib/zod-details';
import { audit } from '../audit/audit.repository';
import { submissionWindow } from '../calls/calls.service';
import { queueMail, type MailTemplate } from '../mail/mail.service';
import { analyseDocument } from '../search/analyser';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { loadActor } from '../accounts/accounts.service';
import { approvedActorLinks, checkPatchReferences, referenceProblems } from './references';
import { changedFields } from './revisions';
import { checkRules } from './submissions.rules';
import { draftSchema, type DecisionInput, type DraftData, type DraftPatch, type QueueQuery } from './submissions.schemas';

export interface SubmissionDeps {
  db: Db;
  taxonomy: Taxonomy;
  config: { siteName: string; baseUrl: string };
}

export const OPEN_STATUSES = ['draft', 'submitted', 'changes_requested'] as const;
const EDITABLE = ['draft', 'changes_requested'];

/** An entry in any state (for pages that show its history or review an update of it). */
export async function loadEntry(deps: Pick<SubmissionDeps, 'db'>, id: number): Promise<Entry | null> {
  const [activity] = await loadEntries(deps.db, [id]);
  return activity ?? null;
}

/** An activity as questionnaire data (what revisions store, and what an update starts from). */
export function activityToDraft(a: Entry): DraftData {
  const activityOnly = a.kind === 'activity' ? { activityType: a.activityType, status: a.status, scope: a.scope } : { [a.kind]: a[a.kind] };
  // An actor's issues are kept with their narratives in its details; the tag list repeats them.
  const ownIssues = new Set(a.actor?.issues.map((i) => i.issue) ?? []);
  return draftSchema.parse({
    kind: a.kind,
    originalLanguage: a.originalLanguage,
    translations: a.translations,
    ...activityOnly,
    startDate: a.startDate,
    endDate: a.endDate,
    countries: a.countries,
    regions: a.regions,
    actionLines: a.actionLines,
    sdgs: a.sdgs,
    targetGroups: a.targetGroups,
    issues: a.issues.filter((i) => !ownIssues.has(i)),
    organisations: a.organisations.map((o) => (o.actorId ? o : { name: o.name, role: o.role, stakeholderType: o.stakeholderType })),
    links: a.links,
    contact: a.contact ? Object.fromEntries(Object.entries(a.contact).filter(([, v]) => v)) : undefined,
  });
}

/** Every problem that keeps a draft from being submitted: structure, rules as data, and vocabulary codes. */
export function submissionProblems(data: DraftData, taxonomy: Taxonomy): ErrorDetail[] {
  const rules = checkRules(data);
  const parsed = entryInputSchema.safeParse({ ...data, state: 'published', contact: data.contact ?? null });
  const structural = parsed.success ? checkVocabularyCodes(parsed.data, taxonomy) : zodDetails(parsed.error.issues);
  const seen = new Set(rules.map((d) => d.field));
  // The rules already explain a missing title or summary better than the schema does.
  const original = data.originalLanguage;
  const renamed = structural
    .map((d) => (original && d.field.startsWith(`translations.${original}.`) ? { ...d, field: d.field.slice(`translations.${original}.`.length) } : d))
    .filter((d) => !seen.has(d.field) && !(d.field === `translations.${original}` || d.field.startsWith('translations.') && seen.has(d.field)));
  return [...rules, ...renamed.filter((d) => !(d.code === 'original_language_missing' && seen.has('title')))];
}

async function loadRow(db: Db | Tx, id: number) {
  const row = await db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

const subjectOf = (row: { organisationId: number; createdBy: number }) => ({ organisationId: row.organisationId, createdBy: row.createdBy });

/** Who may see a submission: its author, its organisation's editors (or its author's fellow editors) and curators. */
const mayRead = (actor: Actor, row: { organisationId: number; createdBy: number }) =>
  can(actor, 'submission.edit', subjectOf(row)) || can(actor, 'review.decide') || row.createdBy === actor.userId;

/** A submission and its draft, for its author, its organisation's editors or a curator; anyone else gets not_found. */
export async function readSubmission(deps: Pick<SubmissionDeps, 'db'>, actor: Actor | null, id: number) {
  // A visitor is asked to sign in before anything is looked up, so an id that exists and one that does not answer alike.
  if (!actor) throw new AppError('unauthenticated');
  const row = await loadRow(deps.db, id);
  if (!mayRead(actor, row)) throw new AppError('not_found');
  return { ...row, data: draftSchema.parse(row.data) };
}

/** A submission with what a page shows of it: organisation, call, the exchange with curators, and what blocks it. */
export async function getSubmission(deps: SubmissionDeps, actor: Actor | null, id: number) {
  const { data, ...row } = await readSubmission(deps, actor, id);
  const [organisation, thread, call] = await Promise.all([
    deps.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', row.organisationId).executeTakeFirstOrThrow(),
    deps.db
      .selectFrom('reviewMessages as r')
      .leftJoin('users as u', 'u.id', 'r.authorId')
      .select(['r.id', 'r.kind', 'r.body', 'r.fieldComments', 'r.createdAt', 'u.displayName as author'])
      .where('r.submissionId', 'in', (eb) =>
        row.entryId ? eb.selectFrom('submissions').select('id').where('entryId', '=', row.entryId) : eb.selectFrom('submissions').select('id').where('id', '=', row.id),
      )
      .orderBy('r.id')
      .execute(),
    row.callId ? deps.db.selectFrom('calls').select(['id', 'titles', 'closesAt']).where('id', '=', row.callId).executeTakeFirst() : Promise.resolve(undefined),
  ]);
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
    const owner = await deps.db.selectFrom('entries').select(['ownerOrganisationId', 'state']).where('id', '=', entryId).executeTakeFirst();
    if (!owner || owner.state !== 'published') throw new AppError('not_found');
    authorize(actor, 'entry.update', { organisationId: owner.ownerOrganisationId });
    const open = await deps.db
      .selectFrom('submissions')
      .select('id')
      .where('entryId', '=', entryId)
      .where('status', 'in', [...OPEN_STATUSES])
      .executeTakeFirst();
    if (open) return open.id;
    const organisationId = owner.ownerOrganisationId ?? actor.memberships[0]?.organisationId;
    if (!organisationId) throw new AppError('invalid_transition', [{ field: 'organisationId', code: 'no_organisation' }]);
    const callId = await submissionWindow(deps.db, 'updates');
    const [activity] = await loadEntries(deps.db, [entryId], ['published']);
    const data = activityToDraft(activity!);
    return insertSubmission(deps.db, { entryId, organisationId, createdBy: actor.userId, callId, data });
  }
  const organisationId = input.organisationId!;
  authorize(actor, 'submission.create', { organisationId });
  const callId = await submissionWindow(deps.db, 'new');
  const data = draftSchema.parse({ kind: input.kind ?? 'activity', originalLanguage: input.language, organisations: [] });
  return insertSubmission(deps.db, { entryId: null, organisationId, createdBy: actor.userId, callId, data });
}

async function insertSubmission(db: Db, s: { entryId: number | null; organisationId: number; createdBy: number; callId: number | null; data: DraftData }) {
  const { id } = await db
    .insertInto('submissions')
    .values({ ...s, status: 'draft', data: JSON.stringify(s.data), language: s.data.originalLanguage ?? 'en' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
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
    await trx
      .updateTable('submissions')
      .set({ data: JSON.stringify(merged.data), language: merged.data.originalLanguage ?? row.language, updatedAt: new Date() })
      .where('id', '=', id)
      .execute();
    return { problems: submissionProblems(merged.data, deps.taxonomy) };
  });
}

/** A submission locked for the rest of the transaction, once the actor may edit it and it is still a draft (or sent back). */
export async function editableDraft(trx: Tx, actor: Actor | null, id: number) {
  if (!actor) throw new AppError('unauthenticated');
  const row = await trx.selectFrom('submissions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError('not_found');
  authorizeEdit(actor, row);
  return row;
}

function authorizeEdit(actor: Actor, row: { organisationId: number; createdBy: number; status: string }) {
  // Someone who may not even see the submission is told it does not exist, as for a missing id.
  if (!can(actor, 'submission.edit', subjectOf(row))) throw new AppError(mayRead(actor, row) ? 'forbidden' : 'not_found');
  if (!EDITABLE.includes(row.status)) throw new AppError('invalid_transition', [{ field: 'status', code: 'not_editable' }]);
}

/** Removes one further language version from a draft (the original one stays). */
export async function removeLanguage(deps: SubmissionDeps, actor: Actor | null, id: number, language: Locale): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const row = await editableDraft(trx, actor, id);
    const data = draftSchema.parse(row.data);
    if (language === data.originalLanguage) throw new AppError('invalid_transition', [{ field: 'language', code: 'original_language' }]);
    const { [language]: _removed, ...rest } = data.translations;
    await trx.updateTable('submissions').set({ data: JSON.stringify({ ...data, translations: rest }), updatedAt: new Date() }).where('id', '=', id).execute();
  });
}

async function notify(trx: Tx, deps: SubmissionDeps, userId: number, template: MailTemplate, values: Record<string, string | number>) {
  const user = await trx.selectFrom('users').select(['email', 'locale', 'displayName']).where('id', '=', userId).executeTakeFirst();
  if (!user) return;
  await queueMail(trx, { to: user.email, locale: user.locale, template, values: { site: deps.config.siteName, name: user.displayName, ...values } });
}

const titleOf = (data: DraftData) => (data.originalLanguage && data.translations[data.originalLanguage]?.title) || Object.values(data.translations).find((t) => t?.title)?.title || '—';

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
    await trx.updateTable('submissions').set({ status: 'submitted', submittedAt: new Date(), updatedAt: new Date(), callId }).where('id', '=', id).execute();
    await trx.insertInto('reviewMessages').values({ submissionId: id, authorId: actor!.userId, kind: resubmission ? 'resubmitted' : 'submitted', fieldComments: null }).execute();
    // Each submission mails a receipt: a budget per account bounds the mail a member can cause.
    await useThrottle(trx, 'submitPerAccount', String(actor!.userId));
    await notify(trx, deps, actor!.userId, 'submission_received', { title: titleOf(data), link: `${deps.config.baseUrl}/${actor!.locale}/contribute/submissions/${id}` });
  });
}

/**
 * A curator's decision on a submitted entry: approve (publishes it as a new revision; the published
 * version it replaces stays public until this moment), reject with a reason, or ask for changes with a
 * comment per field.
 */
export async function decide(deps: SubmissionDeps, actor: Actor | null, id: number, input: DecisionInput): Promise<{ entryId: number | null }> {
  authorize(actor, 'review.decide');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('submissions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new AppError('not_found');
    if (row.status !== 'submitted') throw new AppError('invalid_transition', [{ field: 'status', code: 'not_submitted' }]);
    const data = draftSchema.parse(row.data);
    const link = (locale: string) => `${deps.config.baseUrl}/${locale}/contribute/submissions/${id}`;
    const author = await trx.selectFrom('users').select('locale').where('id', '=', row.createdBy).executeTakeFirst();
    const authorLink = link(author?.locale ?? 'en');
    let entryId = row.entryId;
    if (input.decision === 'approve') {
      const problems = [...submissionProblems(data, deps.taxonomy), ...(await referenceProblems(trx, row, data))];
      if (problems.length) throw new AppError('validation_failed', problems);
      const [published] = row.entryId ? await loadEntries(trx, [row.entryId]) : [];
      const organisations = await approvedActorLinks(trx, await loadActor(trx, row.createdBy), published?.organisations ?? [], data.organisations);
      entryId = await publish(trx, deps, { entryId: row.entryId, organisationId: row.organisationId, data: { ...data, organisations }, source: 'submission', authorId: row.createdBy, approvedBy: actor.userId, reason: input.message || null, submissionId: id });
      await trx.updateTable('submissions').set({ status: 'approved', decidedAt: new Date(), entryId, fieldComments: null }).where('id', '=', id).execute();
      await notify(trx, deps, row.createdBy, 'approved', { title: titleOf(data), link: `${deps.config.baseUrl}${entryPath(author?.locale ?? 'en', data.kind, entryId)}` });
    } else if (input.decision === 'reject') {
      await trx.updateTable('submissions').set({ status: 'rejected', decidedAt: new Date() }).where('id', '=', id).execute();
      await notify(trx, deps, row.createdBy, 'rejected', { title: titleOf(data), reason: input.message, link: authorLink });
    } else {
      const comments = Object.fromEntries(Object.entries(input.fieldComments).filter(([, v]) => v));
      await trx.updateTable('submissions').set({ status: 'changes_requested', decidedAt: new Date(), fieldComments: JSON.stringify(comments) }).where('id', '=', id).execute();
      const list = Object.entries(comments).map(([f, c]) => `- ${f}: ${c}`).join('\n');
      await notify(trx, deps, row.createdBy, 'changes_requested', { title: titleOf(data), comments: list, link: authorLink });
    }
    await trx
      .insertInto('reviewMessages')
      .values({
        submissionId: id,
        authorId: actor.userId,
        kind: input.decision,
        body: input.message,
        fieldComments: input.decision === 'request_changes' ? JSON.stringify(input.fieldComments) : null,
      })
      .execute();
    await audit(trx, { actorId: actor.userId, action: `submission.${input.decision}`, entity: 'submission', entityId: id, details: { entryId, message: input.message } });
    return { entryId };
  });
}

/** Writes content to the public entry and records it as a revision (the first change of an imported entry first records what it was). */
async function publish(
  trx: Tx,
  deps: SubmissionDeps,
  p: { entryId: number | null; organisationId: number | null; data: DraftData; source: string; authorId: number | null; approvedBy: number | null; reason: string | null; submissionId: number | null; externalId?: string },
): Promise<number> {
  const org = p.organisationId ? await trx.selectFrom('organisations').select(['name', 'stakeholderType']).where('id', '=', p.organisationId).executeTakeFirst() : undefined;
  const organisations = [...p.data.organisations];
  // The owning organisation leads the entry unless the questionnaire names it otherwise (an actor profile names none).
  if (org && p.data.kind !== 'actor' && !organisations.some((o) => o.name.toLowerCase() === org.name.toLowerCase())) {
    organisations.unshift({ name: org.name, role: 'lead', stakeholderType: org.stakeholderType as DraftData['organisations'][number]['stakeholderType'] });
  }
  const data = { ...p.data, organisations };
  const input = entryInputSchema.parse({ ...data, state: 'published', contact: data.contact ?? null });
  let entryId = p.entryId;
  let head: RevisionHead | null = null;
  if (entryId) {
    const current = await trx.selectFrom('entries').select(['externalId', 'isDemo']).where('id', '=', entryId).executeTakeFirstOrThrow();
    head = await ensureBaseline(trx, entryId);
    const write = prepareWrite({ ...input, externalId: current.externalId ?? undefined, lastConfirmedAt: null }, deps.taxonomy, { isDemo: current.isDemo });
    await replaceEntry(trx, entryId, write);
  } else {
    entryId = await insertEntry(trx, prepareWrite({ ...input, externalId: p.externalId }, deps.taxonomy, { isDemo: false }));
  }
  await attachFiles(trx, entryId, p.data, p.submissionId);
  // A curator's own match (or unmatch) is not second-guessed by name.
  if (p.source !== 'curation') await linkActorsByName(trx, entryId);
  // Approving content confirms it is current.
  await trx
    .updateTable('entries')
    .set({ ownerOrganisationId: p.organisationId, lastConfirmedAt: new Date(), publishedAt: sql<Date>`coalesce(published_at, now())`, updatedAt: new Date() })
    .where('id', '=', entryId)
    .execute();
  const [stored] = await loadEntries(trx, [entryId]);
  await recordRevision(trx, entryId, activityToDraft(stored!), head, p);
  return entryId;
}

/**
 * A publication's files become the entry's when it is published (those uploaded with this submission,
 * or already the entry's); files the new version no longer lists stay stored, unlisted.
 */
async function attachFiles(trx: Tx, entryId: number, data: DraftData, submissionId: number | null): Promise<void> {
  const ids = data.publication?.fileIds ?? [];
  if (!ids.length) return;
  await trx
    .updateTable('entryFiles')
    .set({ entryId })
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('entryId', '=', entryId), ...(submissionId ? [eb('submissionId', '=', submissionId)] : [])]))
    .execute();
}

/** Matches plain organisation names to actor profiles by exact name or acronym (a curator can change a match). */
async function linkActorsByName(trx: Tx, entryId: number): Promise<void> {
  await sql`update entry_organisations o set actor_id = m.id
    from (select a.id, lower(t.title) as name from entries a join entry_translations t on t.entry_id = a.id
          where a.kind = 'actor' and a.state = 'published'
          union select a.id, lower(x.value) from entries a, jsonb_each_text(a.details -> 'acronyms') x
          where a.kind = 'actor' and a.state = 'published') m
    where o.entry_id = ${entryId} and o.actor_id is null and lower(o.name) = m.name and m.id <> ${entryId}`.execute(trx);
}

/** An entry's latest revision: its content and number. */
interface RevisionHead {
  data: DraftData;
  number: number;
}

/** Records the next revision after `head` (the entry's latest, or null for its first). */
async function recordRevision(
  trx: Tx,
  entryId: number,
  data: DraftData,
  head: RevisionHead | null,
  p: { source: string; authorId: number | null; approvedBy: number | null; reason: string | null; submissionId: number | null },
): Promise<RevisionHead> {
  const number = (head?.number ?? 0) + 1;
  await trx
    .insertInto('revisions')
    .values({
      entity: 'entry',
      entityId: entryId,
      number,
      data: JSON.stringify(data),
      changedFields: JSON.stringify(changedFields(head?.data ?? null, data)),
      source: p.source,
      reason: p.reason,
      authorId: p.authorId,
      approvedBy: p.approvedBy,
      submissionId: p.submissionId,
    })
    .execute();
  return { data, number };
}

/** The entry's latest revision. Entries that came by import or demo have none yet: their current content becomes revision 1. */
async function ensureBaseline(trx: Tx, entryId: number): Promise<RevisionHead> {
  const last = await trx
    .selectFrom('revisions')
    .select(['data', 'number'])
    .where('entity', '=', 'entry')
    .where('entityId', '=', entryId)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (last) return { data: draftSchema.parse(last.data), number: last.number };
  const [activity] = await loadEntries(trx, [entryId]);
  if (!activity) throw new AppError('not_found');
  return recordRevision(trx, entryId, activityToDraft(activity), null, { source: 'import', authorId: null, approvedBy: null, reason: null, submissionId: null });
}

/** The owner confirms an entry is still accurate (asked to by reminders); recorded as a revision. */
export async function confirmEntry(deps: SubmissionDeps, actor: Actor | null, entryId: number): Promise<void> {
  if (!actor) throw new AppError('unauthenticated');
  await deps.db.transaction().execute(async (trx) => {
    const a = await ownedEntry(trx, entryId, ['published']);
    authorizeEntry(actor, 'entry.confirm', a);
    const head = await ensureBaseline(trx, entryId);
    await trx.updateTable('entries').set({ lastConfirmedAt: new Date() }).where('id', '=', entryId).execute();
    await recordRevision(trx, entryId, head.data, head, { source: 'confirm', authorId: actor.userId, approvedBy: null, reason: null, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.confirm', entity: 'entry', entityId: entryId });
  });
}

/** Refuses an actor an entry action: forbidden on a public entry, not_found on one they may not see (as for a missing id). */
function authorizeEntry(actor: Actor, ability: 'entry.confirm' | 'entry.history' | 'entry.restore', a: { state: string; ownerOrganisationId: number | null }) {
  if (!can(actor, ability, { organisationId: a.ownerOrganisationId })) throw new AppError(a.state === 'published' ? 'forbidden' : 'not_found');
}

async function ownedEntry(trx: Tx | Db, entryId: number, states: string[]) {
  const a = await trx.selectFrom('entries').select(['id', 'state', 'ownerOrganisationId']).where('id', '=', entryId).executeTakeFirst();
  if (!a || !states.includes(a.state)) throw new AppError('not_found');
  return a;
}

/** Takes an entry out of the public register without deleting anything (a curator can restore it). */
export async function archiveEntry(deps: SubmissionDeps, actor: Actor | null, entryId: number, reason: string): Promise<void> {
  authorize(actor, 'entry.archive');
  await deps.db.transaction().execute(async (trx) => {
    await ownedEntry(trx, entryId, ['published']);
    const head = await ensureBaseline(trx, entryId);
    await trx.updateTable('entries').set({ state: 'archived', updatedAt: new Date() }).where('id', '=', entryId).execute();
    await recordRevision(trx, entryId, head.data, head, { source: 'archive', authorId: actor.userId, approvedBy: actor.userId, reason, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.archive', entity: 'entry', entityId: entryId, details: { reason } });
  });
}

/**
 * Brings back an earlier revision as a new one. A curator's restore is published at once (and brings an
 * archived entry back); an owner's becomes a pending update that a curator approves.
 */
export async function restoreRevision(deps: SubmissionDeps, actor: Actor | null, entryId: number, number: number, reason: string): Promise<{ submissionId: number | null }> {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.restore', a);
  const revision = await deps.db
    .selectFrom('revisions')
    .select(['data'])
    .where('entity', '=', 'entry')
    .where('entityId', '=', entryId)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!revision) throw new AppError('not_found');
  const data = draftSchema.parse(revision.data);
  if (!can(actor, 'review.decide')) {
    if (a.state !== 'published') throw new AppError('forbidden');
    const submissionId = await startSubmission(deps, actor, { entryId });
    // Actor links are a curator's: the update keeps the entry's current ones rather than the old revision's.
    await saveDraft(deps, actor, submissionId, { ...data, organisations: data.organisations.map(({ actorId: _old, ...o }) => o) });
    return { submissionId };
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('entries').set({ state: 'published' }).where('id', '=', entryId).execute();
    await publish(trx, deps, { entryId, organisationId: a.ownerOrganisationId, data, source: 'restore', authorId: actor.userId, approvedBy: actor.userId, reason: `${reason} (#${number})`, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.restore', entity: 'entry', entityId: entryId, details: { revision: number, reason } });
  });
  return { submissionId: null };
}

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
    const union = <T>(x: T[], y: T[], key: (v: T) => string) => [...new Map([...x, ...y].map((v) => [key(v), v])).values()];
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
    await publish(trx, deps, { entryId: keepId, organisationId: keep.ownerOrganisationId, data: merged, source: 'merge', authorId: actor.userId, approvedBy: actor.userId, reason: `${reason} (#${mergeId})`, submissionId: null });
    await trx.updateTable('entries').set({ state: 'archived', mergedInto: keepId, updatedAt: new Date() }).where('id', '=', mergeId).execute();
    await recordRevision(trx, mergeId, b, merging, { source: 'merged', authorId: actor.userId, approvedBy: actor.userId, reason: `${reason} (→ #${keepId})`, submissionId: null });
    await trx.updateTable('submissions').set({ status: 'withdrawn' }).where('entryId', '=', mergeId).where('status', 'in', [...OPEN_STATUSES]).execute();
    await audit(trx, { actorId: actor.userId, action: 'entry.merge', entity: 'entry', entityId: keepId, details: { merged: mergeId, reason } });
  });
}

/** Whether an actor may open an entry's history (its owners' editors and curators). */
export async function canReadHistory(deps: Pick<SubmissionDeps, 'db'>, actor: Actor, entryId: number): Promise<boolean> {
  const a = await deps.db.selectFrom('entries').select('ownerOrganisationId').where('id', '=', entryId).executeTakeFirst();
  return Boolean(a) && can(actor, 'entry.history', { organisationId: a!.ownerOrganisationId });
}

/** The revisions of an entry and of every entry merged into it, newest first. */
export async function entryHistory(deps: SubmissionDeps, actor: Actor | null, entryId: number) {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.history', a);
  const merged = await deps.db.selectFrom('entries').select('id').where('mergedInto', '=', entryId).execute();
  const revisions = await deps.db
    .selectFrom('revisions as r')
    .leftJoin('users as u', 'u.id', 'r.authorId')
    .leftJoin('users as v', 'v.id', 'r.approvedBy')
    .select(['r.entityId', 'r.number', 'r.changedFields', 'r.source', 'r.reason', 'r.createdAt', 'r.submissionId', 'u.displayName as author', 'v.displayName as approver'])
    .where('r.entity', '=', 'entry')
    .where('r.entityId', 'in', [entryId, ...merged.map((m) => m.id)])
    .orderBy('r.createdAt', 'desc')
    .orderBy('r.number', 'desc')
    .execute();
  const pending = await deps.db.selectFrom('submissions').select(['id', 'status']).where('entryId', '=', entryId).where('status', 'in', [...OPEN_STATUSES]).executeTakeFirst();
  return { activity: a, revisions, pending: pending ?? null };
}

export async function revisionData(deps: SubmissionDeps, actor: Actor | null, entryId: number, number: number): Promise<DraftData> {
  if (!actor) throw new AppError('unauthenticated');
  const a = await ownedEntry(deps.db, entryId, ['published', 'archived']);
  authorizeEntry(actor, 'entry.history', a);
  const r = await deps.db.selectFrom('revisions').select('data').where('entity', '=', 'entry').where('entityId', '=', entryId).where('number', '=', number).executeTakeFirst();
  if (!r) throw new AppError('not_found');
  return draftSchema.parse(r.data);
}

/** The curators' queue, oldest first, filtered by status, call, language and age. */
export async function reviewQueue(deps: SubmissionDeps, actor: Actor | null, q: QueueQuery) {
  authorize(actor, 'review.decide');
  let query = deps.db
    .selectFrom('submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .innerJoin('users as u', 'u.id', 's.createdBy')
    .select(['s.id', 's.entryId', 's.status', 's.data', 's.language', 's.callId', 's.submittedAt', 's.updatedAt', 'o.name as organisation', 'u.displayName as author'])
    .where('s.status', '=', q.status);
  if (q.call) query = query.where('s.callId', '=', q.call);
  if (q.language) query = query.where('s.language', '=', q.language);
  if (q.olderThanDays !== undefined) query = query.where('s.submittedAt', '<', sql<Date>`now() - make_interval(days => ${q.olderThanDays})`);
  const rows = await query.orderBy('s.submittedAt', 'asc').orderBy('s.id').limit(50).offset((q.page - 1) * 50).execute();
  return Promise.all(
    rows.map(async (r) => {
      const data = draftSchema.parse(r.data);
      return { ...r, title: titleOf(data), duplicates: await findDuplicates(deps, data, r.entryId, 3) };
    }),
  );
}

/** The submissions an actor made, and those of the organisations they edit. */
export async function mySubmissions(deps: SubmissionDeps, actor: Actor | null) {
  if (!actor) throw new AppError('unauthenticated');
  const editorOf = actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId);
  const rows = await deps.db
    .selectFrom('submissions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisationId')
    .select(['s.id', 's.entryId', 's.status', 's.data', 's.updatedAt', 'o.name as organisation'])
    .where((eb) => eb.or([eb('s.createdBy', '=', actor.userId), ...(editorOf.length ? [eb('s.organisationId', 'in', editorOf)] : [])]))
    .where('s.status', '!=', 'withdrawn')
    .orderBy('s.updatedAt', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, title: titleOf(draftSchema.parse(r.data)) }));
}

/** The published entries of the organisations an actor edits (to update or confirm). */
export async function ownedEntries(deps: SubmissionDeps, actor: Actor) {
  const orgs = actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId);
  if (!orgs.length) return [];
  const rows = await deps.db.selectFrom('entries').select(['id', 'lastConfirmedAt']).where('ownerOrganisationId', 'in', orgs).where('state', '=', 'published').orderBy('id', 'desc').limit(200).execute();
  const activities = await loadEntries(deps.db, rows.map((r) => r.id));
  return activities;
}

function titleTerms(text: string, locale: Locale): Set<string> {
  return new Set(analyseDocument(text, locale));
}

/**
 * Published entries that look like the same activity: a title sharing most of its words with one in
 * any language version, or the same lead organisation working in the same country.
 */
export async function findDuplicates(deps: Pick<SubmissionDeps, 'db'>, data: DraftData, excludeId: number | null, limit = 5) {
  const titles = LOCALES.flatMap((l) => (data.translations[l]?.title ? [{ locale: l, terms: titleTerms(data.translations[l]!.title, l) }] : []));
  const orgNames = data.organisations.map((o) => o.name.toLowerCase());
  if (!titles.length && !orgNames.length) return [];
  const words = [...new Set(titles.flatMap((t) => [...t.terms]))].filter((w) => w.length > 2).slice(0, 12);
  const byWords = words.length
    ? await deps.db
        .selectFrom('entryTranslations as t')
        .innerJoin('entries as a', 'a.id', 't.entryId')
        .select(['a.id', 't.language', 't.title'])
        .where('a.state', '=', 'published')
        .where('a.kind', '=', data.kind)
        .where((eb) => eb.or(words.map((w) => eb(sql`lower(t.title)`, 'like', `%${w.replace(/[\\%_]/g, (m) => `\\${m}`)}%`))))
        .limit(500)
        .execute()
    : [];
  const byOrg =
    orgNames.length && data.countries.length
      ? await deps.db
          .selectFrom('entryOrganisations as o')
          .innerJoin('entryTags as c', (j) => j.onRef('c.entryId', '=', 'o.entryId').on('c.vocabulary', '=', 'country'))
          .innerJoin('entries as a', 'a.id', 'o.entryId')
          .select('a.id')
          .where('a.state', '=', 'published')
          .where('a.kind', '=', data.kind)
          .where(sql`lower(o.name)`, 'in', orgNames)
          .where('c.code', 'in', data.countries)
          .limit(50)
          .execute()
      : [];
  const scores = new Map<number, { score: number; reason: 'title' | 'organisation' }>();
  for (const row of byWords) {
    if (row.id === excludeId) continue;
    const theirs = titleTerms(row.title, row.language as Locale);
    for (const mine of titles) {
      const shared = [...mine.terms].filter((t) => theirs.has(t)).length;
      const score = shared / Math.max(1, new Set([...mine.terms, ...theirs]).size);
      if (score >= 0.5 && score > (scores.get(row.id)?.score ?? 0)) scores.set(row.id, { score, reason: 'title' });
    }
  }
  for (const row of byOrg) if (row.id !== excludeId && !scores.has(row.id)) scores.set(row.id, { score: 0.4, reason: 'organisation' });
  const top = [...scores.entries()].sort((x, y) => y[1].score - x[1].score || x[0] - y[0]).slice(0, limit);
  const activities = await loadEntries(deps.db, top.map(([id]) => id), ['published']);
  const byId = new Map(activities.map((a) => [a.id, a]));
  return top.flatMap(([id, s]) => (byId.has(id) ? [{ activity: byId.get(id)!, score: s.score, reason: s.reason }] : []));
}

export interface ImportedEntry {
  /** Stable across runs (e.g. "atlas:itu"): the same entry is updated, never duplicated. */
  externalId: string;
  data: DraftData;
}

/**
 * The administrator's import: each entry is published at once as a revision with source "import" (the
 * one path around the review queue). An entry whose content is what its latest revision holds is left
 * alone, so a second run of the same file changes nothing; a changed entry gets a new revision.
 */
export async function importEntries(deps: SubmissionDeps, entries: ImportedEntry[], reason: string): Promise<Array<{ externalId: string; id: number; outcome: 'created' | 'updated' | 'unchanged' }>> {
  const out: Array<{ externalId: string; id: number; outcome: 'created' | 'updated' | 'unchanged' }> = [];
  await deps.db.transaction().execute(async (trx) => {
    for (const entry of entries) {
      const data = draftSchema.parse(entry.data);
      const problems = submissionProblems(data, deps.taxonomy);
      if (problems.length) throw new AppError('validation_failed', problems.map((d) => ({ ...d, field: `${entry.externalId}: ${d.field}` })));
      const existing = await trx.selectFrom('entries').select(['id', 'ownerOrganisationId']).where('externalId', '=', entry.externalId).executeTakeFirst();
      if (existing) {
        const head = await ensureBaseline(trx, existing.id);
        if (changedFields(head.data, data).length === 0) {
          out.push({ externalId: entry.externalId, id: existing.id, outcome: 'unchanged' });
          continue;
        }
        await trx.updateTable('entries').set({ state: 'published' }).where('id', '=', existing.id).where('state', '=', 'archived').where('mergedInto', 'is', null).execute();
        await publish(trx, deps, { entryId: existing.id, organisationId: existing.ownerOrganisationId, data, source: 'import', authorId: null, approvedBy: null, reason, submissionId: null });
        out.push({ externalId: entry.externalId, id: existing.id, outcome: 'updated' });
      } else {
        const id = await publish(trx, deps, { entryId: null, organisationId: null, data, source: 'import', authorId: null, approvedBy: null, reason, submissionId: null, externalId: entry.externalId });
        out.push({ externalId: entry.externalId, id, outcome: 'created' });
      }
    }
  });
  return out;
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
      const target = await trx.selectFrom('entries').select(['kind', 'state']).where('id', '=', actorId).executeTakeFirst();
      if (!target || target.kind !== 'actor' || target.state !== 'published' || actorId === entryId) throw new AppError('validation_failed', [{ field: 'actorId', code: 'unknown_value', params: { value: String(actorId) } }]);
    }
    const head = await ensureBaseline(trx, entryId);
    const organisations = head.data.organisations.map((o, i) => (i === index ? { ...o, actorId } : o));
    if (!head.data.organisations[index]) throw new AppError('not_found');
    await publish(trx, deps, { entryId: entryId, organisationId: entry.ownerOrganisationId, data: { ...head.data, organisations }, source: 'curation', authorId: actor.userId, approvedBy: actor.userId, reason: null, submissionId: null });
    await audit(trx, { actorId: actor.userId, action: 'entry.link_actor', entity: 'entry', entityId: entryId, details: { index, actorId } });
  });
}
