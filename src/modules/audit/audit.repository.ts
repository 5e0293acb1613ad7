import type { Db, Tx } from '../../db/connection';

/** Records one moderation or administration action; call it in the same transaction as the action. */
export async function audit(
  db: Db | Tx,
  entry: { actorId: number | null; action: string; entity: string; entityId: number | null; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('auditLog')
    .values({ actorId: entry.actorId, action: entry.action, entity: entry.entity, entityId: entry.entityId, details: JSON.stringify(entry.details ?? {}) })
    .execute();
}

export async function listAudit(db: Db, opts: { limit: number; entity?: string | undefined; entityId?: number | undefined }) {
  let q = db
    .selectFrom('auditLog as a')
    .leftJoin('users as u', 'u.id', 'a.actorId')
    .select(['a.id', 'a.action', 'a.entity', 'a.entityId', 'a.details', 'a.at', 'u.email as actorEmail', 'u.displayName as actorName']);
  if (opts.entity) q = q.where('a.entity', '=', opts.entity);
  if (opts.entityId !== undefined) q = q.where('a.entityId', '=', opts.entityId);
  return q.orderBy('a.id', 'desc').limit(opts.limit).execute();
}

/** Display names of accounts by id (the audit log names the accounts it mentions). */
export async function accountNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
