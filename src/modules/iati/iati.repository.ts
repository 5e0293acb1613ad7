import type { Db, Tx } from '../../db/connection';

/** The entries some import identifiers name, with what decides whether an import may write them (merged ones stay merged). */
export async function importTargets(db: Db | Tx, externalIds: string[]): Promise<Map<string, { id: number; kind: string; mergedInto: number | null }>> {
  if (!externalIds.length) return new Map();
  const rows = await db.selectFrom('entries').select(['id', 'externalId', 'kind', 'mergedInto']).where('externalId', 'in', externalIds).execute();
  return new Map(rows.map((r) => [r.externalId!, { id: r.id, kind: r.kind, mergedInto: r.mergedInto }]));
}
