import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';

export interface ImportTarget {
  id: number;
  kind: string;
  mergedInto: number | null;
  externalId: string | null;
}

/**
 * The entries some IATI identifiers name, by identifier: the entry that keeps the identifier in its
 * `iati_identifier` column, else the one whose import identifier is its `iati:` form.
 */
export async function importTargets(db: Db | Tx, identifiers: Array<{ iati: string; externalId: string }>): Promise<Map<string, ImportTarget>> {
  if (!identifiers.length) return new Map();
  const rows = await db
    .selectFrom('entries')
    .select(['id', 'externalId', 'iatiIdentifier', 'kind', 'mergedInto'])
    .where((eb) =>
      eb.or([
        eb(
          'iatiIdentifier',
          'in',
          identifiers.map((i) => i.iati),
        ),
        eb(
          'externalId',
          'in',
          identifiers.map((i) => i.externalId),
        ),
      ]),
    )
    .execute();
  const out = new Map<string, ImportTarget>();
  const byExternal = new Map(identifiers.map((i) => [i.externalId, i.iati]));
  // The identifier column wins over the import identifier when both name an entry.
  for (const r of rows) {
    const key = r.externalId && byExternal.has(r.externalId) ? byExternal.get(r.externalId)! : null;
    if (key && !out.has(key)) out.set(key, { id: r.id, kind: r.kind, mergedInto: r.mergedInto, externalId: r.externalId });
  }
  for (const r of rows)
    if (r.iatiIdentifier !== null && identifiers.some((i) => i.iati === r.iatiIdentifier))
      out.set(r.iatiIdentifier, { id: r.id, kind: r.kind, mergedInto: r.mergedInto, externalId: r.externalId });
  return out;
}

/** Gives an entry matched by its IATI identifier the import identifier the writer updates by. */
export async function setExternalId(trx: Tx, id: number, externalId: string): Promise<void> {
  await trx.updateTable('entries').set({ externalId }).where('id', '=', id).execute();
}

/** Records each written entry's IATI identifier (the export writes it back; the next import matches on it). */
export async function setIatiIdentifiers(trx: Tx, rows: Array<{ id: number; iati: string }>): Promise<void> {
  if (!rows.length) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}::int, ${r.iati}::text)`));
  await sql`update entries e set iati_identifier = v.iati from (values ${values}) as v(id, iati)
    where e.id = v.id and e.iati_identifier is distinct from v.iati`.execute(trx);
}
