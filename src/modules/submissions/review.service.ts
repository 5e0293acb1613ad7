/** The curators' side of a submission: the queue, and the decision with its message and field comments. */
import { i18nFor } from '../../i18n/i18n';
import { isLocale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import type { Actor } from '../accounts/accounts';
import { loadActor } from '../accounts/accounts.service';
import { authorize } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { entryPath } from '../entries/entries';
import { loadEntries } from '../entries/entries.repository';
import { notify } from './drafts.service';
import { lockSubmission } from './drafts.repository';
import { findDuplicates } from './duplicates.service';
import { fieldLabel } from './field-labels';
import { publish } from './publishing.service';
import { approvedActorLinks, referenceProblems } from './references';
import { insertReviewMessage, lastReviewedData, queuePage, recordDecision, userLocale } from './review.repository';
import { diffVersions, flatten, type FieldDiff } from './revisions';
import { submissionProblems, titleOf, type SubmissionDeps } from './submissions';
import { draftSchema, type DecisionInput, type DraftData, type QueueQuery } from './submissions.schemas';

/**
 * A curator's decision on a submitted entry: approve (publishes it as a new revision; the published
 * version it replaces stays public until this moment), reject with a reason, or ask for changes with a
 * comment per field.
 */
export async function decide(deps: SubmissionDeps, actor: Actor | null, id: number, input: DecisionInput): Promise<{ entryId: number | null }> {
  authorize(actor, 'review.decide');
  return deps.db.transaction().execute(async (trx) => {
    const row = await lockSubmission(trx, id);
    if (!row) throw new AppError('not_found');
    if (row.status !== 'submitted') throw new AppError('invalid_transition', [{ field: 'status', code: 'not_submitted' }]);
    const data = draftSchema.parse(row.data);
    const authorLocale = (await userLocale(trx, row.createdBy)) ?? 'en';
    const authorLink = `${deps.config.baseUrl}/${authorLocale}/contribute/submissions/${id}`;
    let entryId = row.entryId;
    if (input.decision === 'approve') {
      const problems = [...submissionProblems(data, deps.taxonomy), ...(await referenceProblems(trx, row, data))];
      if (problems.length) throw new AppError('validation_failed', problems);
      const [published] = row.entryId ? await loadEntries(trx, [row.entryId]) : [];
      const organisations = await approvedActorLinks(trx, await loadActor(trx, row.createdBy), published?.organisations ?? [], data.organisations);
      entryId = await publish(trx, deps, {
        entryId: row.entryId,
        organisationId: row.organisationId,
        data: { ...data, organisations },
        source: 'submission',
        authorId: row.createdBy,
        approvedBy: actor.userId,
        reason: input.message || null,
        submissionId: id,
      });
      await recordDecision(trx, id, { status: 'approved', entryId, fieldComments: null });
      await notify(trx, deps, row.createdBy, 'approved', {
        title: titleOf(data),
        link: `${deps.config.baseUrl}${entryPath(authorLocale, data.kind, entryId)}`,
      });
    } else if (input.decision === 'reject') {
      await recordDecision(trx, id, { status: 'rejected' });
      await notify(trx, deps, row.createdBy, 'rejected', { title: titleOf(data), reason: input.message, link: authorLink });
    } else {
      const comments = Object.fromEntries(Object.entries(input.fieldComments).filter(([, v]) => v));
      await recordDecision(trx, id, { status: 'changes_requested', fieldComments: comments });
      // The author reads the curator's message, then each comment under the field's label in the author's language.
      const i18n = i18nFor(isLocale(authorLocale) ? authorLocale : 'en');
      const list = Object.entries(comments)
        .map(([f, c]) => `- ${fieldLabel(f, data.kind, i18n)}: ${c}`)
        .join('\n');
      const text = [input.message, list ? `${i18n.t('wording.mail.fieldComments')}\n${list}` : ''].filter(Boolean).join('\n\n');
      await notify(trx, deps, row.createdBy, 'changes_requested', { title: titleOf(data), comments: text, link: authorLink });
    }
    await insertReviewMessage(trx, {
      submissionId: id,
      authorId: actor.userId,
      kind: input.decision,
      body: input.message,
      fieldComments: input.decision === 'request_changes' ? input.fieldComments : null,
      data,
    });
    await audit(trx, {
      actorId: actor.userId,
      action: `submission.${input.decision}`,
      entity: 'submission',
      entityId: id,
      details: { entryId, message: input.message },
    });
    return { entryId };
  });
}

/** The curators' queue, oldest first, filtered by status, call, language and age; each with its likeliest duplicates. */
export async function reviewQueue(deps: SubmissionDeps, actor: Actor | null, q: QueueQuery) {
  authorize(actor, 'review.decide');
  const rows = await queuePage(deps.db, q);
  return Promise.all(
    rows.map(async (r) => {
      const data = draftSchema.parse(r.data);
      return { ...r, title: titleOf(data), duplicates: await findDuplicates(deps, data, r.entryId, 3) };
    }),
  );
}

/**
 * What changed in a resubmitted submission since a curator last decided on it: field by field, against
 * the version that curator saw (null when no curator has decided on it yet). `flat` names the values as
 * the reader reads them.
 */
export async function changesSinceReview(
  deps: SubmissionDeps,
  actor: Actor | null,
  id: number,
  current: DraftData,
  flat: (data: DraftData) => Record<string, string> = flatten,
): Promise<{ reviewedAt: Date; changes: FieldDiff[] } | null> {
  authorize(actor, 'review.decide');
  const last = await lastReviewedData(deps.db, id);
  if (!last?.data) return null;
  const before = draftSchema.safeParse(last.data);
  if (!before.success) return null;
  return { reviewedAt: last.createdAt, changes: diffVersions(before.data, current, flat) };
}
