import { z } from 'zod';
import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { httpUrl, line } from '../../lib/text';
import type { Actor } from '../accounts/accounts';
import { authorize, can } from '../accounts/policy';
import { loadEntries } from '../entries/entries.repository';
import { useThrottle } from '../accounts/throttles.service';
import { STAKEHOLDER_TYPES } from '../entries/entry';
import { audit } from '../audit/audit.repository';
import { queueMail } from '../mail/mail.service';
import {
  activeEditors,
  findMembership,
  findOrganisation,
  findOrganisationByName,
  insertMember,
  insertOrganisation,
  listMembers,
  publishedEntryIdsOwnedBy,
  searchOrganisations,
  updateMember,
  upsertPendingMember,
} from './organisations.repository';

export const organisationSchema = z
  .object({
    name: line(300).min(2),
    stakeholderType: z.enum(STAKEHOLDER_TYPES),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable()
      .default(null),
    website: httpUrl.nullable().default(null),
  })
  .strict();
export type OrganisationInput = z.output<typeof organisationSchema>;

export const memberDecisionSchema = z
  .object({ userId: z.coerce.number().int().min(1).max(2147483647), decision: z.enum(['approve', 'decline', 'make_editor']) })
  .strict();

/** Creates an organisation; its creator becomes its first editor. */
export async function createOrganisation(db: Db, actor: Actor | null, input: OrganisationInput): Promise<number> {
  authorize(actor, 'organisation.create');
  return db.transaction().execute(async (trx) => {
    const clash = await findOrganisationByName(trx, input.name);
    if (clash) throw new AppError('conflict', [{ field: 'name', code: 'organisation_exists' }]);
    const id = await insertOrganisation(trx, { ...input, createdBy: actor.userId });
    await insertMember(trx, { organisationId: id, userId: actor.userId, role: 'editor', status: 'active' });
    await audit(trx, { actorId: actor.userId, action: 'organisation.create', entity: 'organisation', entityId: id, details: { name: input.name } });
    return id;
  });
}

/** Asks to join an organisation; its editors are told by mail and decide. */
export async function requestMembership(db: Db, actor: Actor | null, organisationId: number, siteName: string, baseUrl: string): Promise<void> {
  authorize(actor, 'organisation.join');
  await db.transaction().execute(async (trx) => {
    const org = await findOrganisation(trx, organisationId);
    if (!org) throw new AppError('not_found');
    const existing = await findMembership(trx, organisationId, actor.userId);
    if (existing && existing.status !== 'declined') throw new AppError('conflict', [{ field: 'organisationId', code: 'already_member' }]);
    // Each request mails the organisation's editors: a budget per account keeps it from being a mail cannon.
    await useThrottle(trx, 'joinRequestPerAccount', String(actor.userId));
    await upsertPendingMember(trx, organisationId, actor.userId);
    const editors = await activeEditors(trx, organisationId);
    for (const e of editors) {
      await queueMail(trx, {
        to: e.email,
        locale: e.locale,
        template: 'member_request',
        values: {
          site: siteName,
          name: e.displayName,
          person: actor.displayName,
          organisation: org.name,
          link: `${baseUrl}/${e.locale}/organisations/${organisationId}`,
        },
      });
    }
  });
}

/** An editor approves or declines a request, or makes a member an editor. */
export async function decideMembership(db: Db, actor: Actor | null, organisationId: number, input: z.output<typeof memberDecisionSchema>): Promise<void> {
  authorize(actor, 'organisation.manage_members', { organisationId });
  await db.transaction().execute(async (trx) => {
    const member = await findMembership(trx, organisationId, input.userId);
    if (!member) throw new AppError('not_found');
    const next =
      input.decision === 'approve'
        ? { status: 'active' as const }
        : input.decision === 'decline'
          ? { status: 'declined' as const }
          : { role: 'editor' as const };
    if (input.decision === 'make_editor' && member.status !== 'active')
      throw new AppError('invalid_transition', [{ field: 'decision', code: 'not_active_member' }]);
    if (input.decision !== 'make_editor' && member.status !== 'pending') throw new AppError('invalid_transition', [{ field: 'decision', code: 'not_pending' }]);
    await updateMember(trx, organisationId, input.userId, next);
    await audit(trx, {
      actorId: actor.userId,
      action: `membership.${input.decision}`,
      entity: 'organisation',
      entityId: organisationId,
      details: { userId: input.userId },
    });
  });
}

/**
 * Who may see an organisation's members by name: its own members, and curators and administrators.
 * Everyone else sees the organisation itself (type, country, website, entries), not the people in it.
 */
export function seesMembers(actor: Actor | null, organisationId: number): boolean {
  return can(actor, 'organisation.manage_members', { organisationId }) || can(actor, 'submission.create', { organisationId }) || can(actor, 'review.decide');
}

/**
 * An organisation's page as the actor may see it: the organisation and its published entries for all;
 * its members (null when hidden) for those {@link seesMembers} allows, pending ones only for its managers.
 */
export async function getOrganisation(db: Db, actor: Actor | null, id: number) {
  const org = await findOrganisation(db, id);
  if (!org) throw new AppError('not_found');
  const canManage = can(actor, 'organisation.manage_members', { organisationId: id });
  const [members, entries] = await Promise.all([
    seesMembers(actor, id) ? listMembers(db, id) : Promise.resolve(null),
    publishedEntryIdsOwnedBy(db, id).then((ids) => loadEntries(db, ids, ['published'])),
  ]);
  return { ...org, canManage, entries, members: members && (canManage ? members : members.filter((m) => m.status === 'active')) };
}

export async function listOrganisations(db: Db, opts: { q?: string | undefined; limit: number }) {
  return searchOrganisations(db, opts);
}
