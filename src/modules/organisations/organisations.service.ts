import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connection';
import { AppError } from '../../lib/errors';
import { httpUrl, line } from '../../lib/text';
import type { Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { useThrottle } from '../accounts/throttles.service';
import { STAKEHOLDER_TYPES } from '../entries/entry';
import { audit } from '../audit/audit.repository';
import { queueMail } from '../mail/mail.service';

export const organisationSchema = z
  .object({
    name: line(300).min(2),
    stakeholderType: z.enum(STAKEHOLDER_TYPES),
    country: z.string().regex(/^[A-Z]{2}$/).nullable().default(null),
    website: httpUrl.nullable().default(null),
  })
  .strict();
export type OrganisationInput = z.output<typeof organisationSchema>;

export const memberDecisionSchema = z.object({ userId: z.coerce.number().int().min(1).max(2147483647), decision: z.enum(['approve', 'decline', 'make_editor']) }).strict();

/** Creates an organisation; its creator becomes its first editor. */
export async function createOrganisation(db: Db, actor: Actor | null, input: OrganisationInput): Promise<number> {
  authorize(actor, 'organisation.create');
  return db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('organisations').select('id').where(sql`lower(name)`, '=', input.name.toLowerCase()).executeTakeFirst();
    if (clash) throw new AppError('conflict', [{ field: 'name', code: 'organisation_exists' }]);
    const { id } = await trx.insertInto('organisations').values({ ...input, createdBy: actor.userId }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('organisationMembers').values({ organisationId: id, userId: actor.userId, role: 'editor', status: 'active' }).execute();
    await audit(trx, { actorId: actor.userId, action: 'organisation.create', entity: 'organisation', entityId: id, details: { name: input.name } });
    return id;
  });
}

/** Asks to join an organisation; its editors are told by mail and decide. */
export async function requestMembership(db: Db, actor: Actor | null, organisationId: number, siteName: string, baseUrl: string): Promise<void> {
  authorize(actor, 'organisation.join');
  await db.transaction().execute(async (trx) => {
    const org = await trx.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst();
    if (!org) throw new AppError('not_found');
    const existing = await trx.selectFrom('organisationMembers').select('status').where('organisationId', '=', organisationId).where('userId', '=', actor.userId).executeTakeFirst();
    if (existing && existing.status !== 'declined') throw new AppError('conflict', [{ field: 'organisationId', code: 'already_member' }]);
    // Each request mails the organisation's editors: a budget per account keeps it from being a mail cannon.
    await useThrottle(trx, 'joinRequestPerAccount', String(actor.userId));
    await trx
      .insertInto('organisationMembers')
      .values({ organisationId, userId: actor.userId, role: 'member', status: 'pending' })
      .onConflict((oc) => oc.columns(['organisationId', 'userId']).doUpdateSet({ status: 'pending', role: 'member' }))
      .execute();
    const editors = await trx
      .selectFrom('organisationMembers as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.email', 'u.locale', 'u.displayName'])
      .where('m.organisationId', '=', organisationId)
      .where('m.role', '=', 'editor')
      .where('m.status', '=', 'active')
      .execute();
    for (const e of editors) {
      await queueMail(trx, {
        to: e.email,
        locale: e.locale,
        template: 'member_request',
        values: { site: siteName, name: e.displayName, person: actor.displayName, organisation: org.name, link: `${baseUrl}/${e.locale}/organisations/${organisationId}` },
      });
    }
  });
}

/** An editor approves or declines a request, or makes a member an editor. */
export async function decideMembership(db: Db, actor: Actor | null, organisationId: number, input: z.output<typeof memberDecisionSchema>): Promise<void> {
  authorize(actor, 'organisation.manage_members', { organisationId });
  await db.transaction().execute(async (trx) => {
    const member = await trx.selectFrom('organisationMembers').selectAll().where('organisationId', '=', organisationId).where('userId', '=', input.userId).executeTakeFirst();
    if (!member) throw new AppError('not_found');
    const next =
      input.decision === 'approve' ? { status: 'active' as const } : input.decision === 'decline' ? { status: 'declined' as const } : { role: 'editor' as const };
    if (input.decision === 'make_editor' && member.status !== 'active') throw new AppError('invalid_transition', [{ field: 'decision', code: 'not_active_member' }]);
    if (input.decision !== 'make_editor' && member.status !== 'pending') throw new AppError('invalid_transition', [{ field: 'decision', code: 'not_pending' }]);
    await trx.updateTable('organisationMembers').set(next).where('organisationId', '=', organisationId).where('userId', '=', input.userId).execute();
    await audit(trx, { actorId: actor.userId, action: `membership.${input.decision}`, entity: 'organisation', entityId: organisationId, details: { userId: input.userId } });
  });
}

export async function getOrganisation(db: Db, id: number) {
  const org = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  const members = await db
    .selectFrom('organisationMembers as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.userId', 'm.role', 'm.status', 'u.displayName', 'u.email'])
    .where('m.organisationId', '=', id)
    .where('m.status', '!=', 'declined')
    .orderBy('m.createdAt')
    .execute();
  return { ...org, members };
}

export async function listOrganisations(db: Db, opts: { q?: string | undefined; limit: number }) {
  let q = db.selectFrom('organisations').select(['id', 'name', 'stakeholderType', 'country']);
  if (opts.q) q = q.where(sql`lower(name)`, 'like', `%${opts.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return q.orderBy('name').limit(opts.limit).execute();
}
