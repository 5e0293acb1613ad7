import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database } from '../../db/schema';
import type { SetFilter } from './oai';

/** What a harvester is told of an entry before its metadata: its id, kind, state, last change and action lines (with their ancestors). */
export interface OaiRow {
  id: number;
  kind: string;
  state: string;
  updatedAt: Date;
  actionLines: string[];
}

export interface OaiFilter {
  set: SetFilter;
  from: Date | null;
  before: Date | null;
}

type WithE = Database & { e: Database['entries'] };
type Q = SelectQueryBuilder<WithE, 'e', object>;

/** Entries a harvester sees: published ones, and those archived after being published (its deleted records, kept for good). */
function harvestable(q: Q): Q {
  return q.where((eb) => eb.or([eb('e.state', '=', 'published'), eb.and([eb('e.state', '=', 'archived'), eb('e.publishedAt', 'is not', null)])]));
}

function filtered(q: Q, f: OaiFilter): Q {
  let out = harvestable(q);
  if (f.from) out = out.where('e.updatedAt', '>=', f.from);
  if (f.before) out = out.where('e.updatedAt', '<', f.before);
  const set = f.set;
  if (set && 'kind' in set) out = out.where('e.kind', '=', set.kind);
  if (set && ('actionLine' in set || 'anyActionLine' in set)) {
    out = out.where((eb: ExpressionBuilder<WithE, 'e'>) =>
      eb.exists(
        eb
          .selectFrom('entryFacets as f')
          .select(sql`1`.as('one'))
          .whereRef('f.entryId', '=', 'e.id')
          .where('f.facet', '=', 'actionLine')
          .$if('actionLine' in set, (s) => s.where('f.value', '=', 'actionLine' in set ? set.actionLine : '')),
      ),
    );
  }
  return out;
}

const actionLinesOf = sql<
  string[]
>`(select coalesce(json_agg(f.value order by f.value), '[]') from entry_facets f where f.entry_id = e.id and f.facet = 'actionLine')`;

/** One page of a list, in id order, after the id a resumption token names. */
export async function oaiPage(db: Db, f: OaiFilter, after: number, limit: number): Promise<OaiRow[]> {
  return filtered(db.selectFrom('entries as e'), f)
    .where('e.id', '>', after)
    .select(['e.id', 'e.kind', 'e.state', 'e.updatedAt', actionLinesOf.as('actionLines')])
    .orderBy('e.id')
    .limit(limit)
    .execute();
}

export async function oaiCount(db: Db, f: OaiFilter): Promise<number> {
  const { n } = await filtered(db.selectFrom('entries as e'), f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** One harvestable entry, or undefined (a draft, or one never published, does not exist for harvesters). */
export async function oaiRow(db: Db, id: number): Promise<OaiRow | undefined> {
  return harvestable(db.selectFrom('entries as e'))
    .where('e.id', '=', id)
    .select(['e.id', 'e.kind', 'e.state', 'e.updatedAt', actionLinesOf.as('actionLines')])
    .executeTakeFirst();
}

/** The earliest datestamp among harvestable entries (none: undefined). */
export async function earliestChange(db: Db): Promise<Date | undefined> {
  const row = await harvestable(db.selectFrom('entries as e'))
    .select((eb) => eb.fn.min<Date>('e.updatedAt').as('at'))
    .executeTakeFirst();
  return row?.at ? new Date(row.at) : undefined;
}

/** The content types of stored files, by id (a publication's documents). */
export async function fileTypes(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('entryFiles').select(['id', 'mimeType']).where('id', 'in', ids).where('storedAt', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.mimeType]));
}
