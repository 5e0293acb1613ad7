import type { Db } from '../../db/connection';

/** The IATI identifiers entries came with, by id (entries made here have none and are absent). */
export async function iatiIdentifiers(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('entries').select(['id', 'iatiIdentifier']).where('id', 'in', ids).where('iatiIdentifier', 'is not', null).execute();
  return new Map(rows.flatMap((r) => (r.iatiIdentifier ? [[r.id, r.iatiIdentifier] as const] : [])));
}
