import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

export async function insertCall(
  trx: Tx,
  row: { titles: string; texts: string; opensAt: Date; closesAt: Date; accepts: 'new' | 'updates' | 'both'; createdBy: number },
): Promise<number> {
  const { id } = await trx.insertInto('calls').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function findCallDates(trx: Tx, id: number) {
  return trx.selectFrom('calls').select(['id', 'opensAt', 'closesAt']).where('id', '=', id).executeTakeFirst();
}

export async function setCallDates(trx: Tx, id: number, dates: { opensAt: Date; closesAt: Date }): Promise<void> {
  await trx.updateTable('calls').set(dates).where('id', '=', id).execute();
}

/** Every call, latest closing first, with how many submissions it received (drafts and withdrawn ones not counted). */
export async function listCallsWithCounts(db: Db) {
  return db
    .selectFrom('calls as c')
    .select(['c.id', 'c.titles', 'c.texts', 'c.opensAt', 'c.closesAt', 'c.accepts'])
    .select((eb) =>
      eb
        .selectFrom('submissions as s')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('s.callId', '=', 'c.id')
        .where('s.status', '!=', 'draft')
        .where('s.status', '!=', 'withdrawn')
        .as('received'),
    )
    .orderBy('c.closesAt', 'desc')
    .execute();
}

/** The open call (by the database's clock) that accepts this kind of submission, closing soonest. */
export async function findOpenCall(db: Db | Tx, kind: 'new' | 'updates') {
  return db
    .selectFrom('calls')
    .select('id')
    .where('opensAt', '<=', sql<Date>`now()`)
    .where('closesAt', '>', sql<Date>`now()`)
    .where('accepts', 'in', [kind, 'both'])
    .orderBy('closesAt')
    .executeTakeFirst();
}

/** Published entries not confirmed for `days` days, one row per active editor of the organisation that owns them. */
export async function unconfirmedEntriesByEditor(db: Db, days: number) {
  return db
    .selectFrom('entries as a')
    .innerJoin('entryTranslations as t', (j) => j.onRef('t.entryId', '=', 'a.id').onRef('t.language', '=', 'a.originalLanguage'))
    .innerJoin('organisationMembers as m', 'm.organisationId', 'a.ownerOrganisationId')
    .innerJoin('users as u', 'u.id', 'm.userId')
    .select(['a.id', 'a.kind', 't.title', 'u.email', 'u.locale', 'u.displayName'])
    .where('a.state', '=', 'published')
    .where('m.role', '=', 'editor')
    .where('m.status', '=', 'active')
    .where((eb) => eb.or([eb('a.lastConfirmedAt', 'is', null), eb('a.lastConfirmedAt', '<', sql<Date>`now() - make_interval(days => ${days})`)]))
    .orderBy('a.id')
    .execute();
}
