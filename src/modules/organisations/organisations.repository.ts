import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

/** An organisation whose name is the same, letter case aside. */
export async function findOrganisationByName(trx: Tx, name: string) {
  return trx
    .selectFrom('organisations')
    .select('id')
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertOrganisation(
  trx: Tx,
  row: { name: string; stakeholderType: string; country: string | null; website: string | null; createdBy: number },
): Promise<number> {
  const { id } = await trx.insertInto('organisations').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The published entries an organisation owns, newest first (at most 200). */
export async function publishedEntryIdsOwnedBy(db: Db | Tx, organisationId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('entries')
    .select('id')
    .where('ownerOrganisationId', '=', organisationId)
    .where('state', '=', 'published')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}

export async function findOrganisation(db: Db | Tx, id: number) {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findMembership(trx: Tx, organisationId: number, userId: number) {
  return trx.selectFrom('organisationMembers').selectAll().where('organisationId', '=', organisationId).where('userId', '=', userId).executeTakeFirst();
}

export async function insertMember(
  trx: Tx,
  row: { organisationId: number; userId: number; role: 'member' | 'editor'; status: 'pending' | 'active' },
): Promise<void> {
  await trx.insertInto('organisationMembers').values(row).execute();
}

/** Records a request to join, or renews a declined one as a pending member. */
export async function upsertPendingMember(trx: Tx, organisationId: number, userId: number): Promise<void> {
  await trx
    .insertInto('organisationMembers')
    .values({ organisationId, userId, role: 'member', status: 'pending' })
    .onConflict((oc) => oc.columns(['organisationId', 'userId']).doUpdateSet({ status: 'pending', role: 'member' }))
    .execute();
}

export async function updateMember(
  trx: Tx,
  organisationId: number,
  userId: number,
  change: { status: 'active' | 'declined' } | { role: 'editor' },
): Promise<void> {
  await trx.updateTable('organisationMembers').set(change).where('organisationId', '=', organisationId).where('userId', '=', userId).execute();
}

/** The active editors of an organisation, with where and how to write to them. */
export async function activeEditors(trx: Tx, organisationId: number) {
  return trx
    .selectFrom('organisationMembers as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['u.email', 'u.locale', 'u.displayName'])
    .where('m.organisationId', '=', organisationId)
    .where('m.role', '=', 'editor')
    .where('m.status', '=', 'active')
    .execute();
}

/** An organisation's members and pending requests (declined ones left out), oldest first. */
export async function listMembers(db: Db, organisationId: number) {
  return db
    .selectFrom('organisationMembers as m')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['m.userId', 'm.role', 'm.status', 'u.displayName', 'u.email'])
    .where('m.organisationId', '=', organisationId)
    .where('m.status', '!=', 'declined')
    .orderBy('m.createdAt')
    .execute();
}

/** Organisations by name; `q` matches anywhere in the name, letter case aside, taken literally. */
export async function searchOrganisations(db: Db, opts: { q?: string | undefined; limit: number }) {
  let q = db.selectFrom('organisations').select(['id', 'name', 'stakeholderType', 'country']);
  if (opts.q) q = q.where(sql`lower(name)`, 'like', `%${opts.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  return q.orderBy('name').limit(opts.limit).execute();
}
