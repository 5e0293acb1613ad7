import type { Db } from '../../db/connection';
import { listAudit } from './audit.repository';

/** The most recent moderation and administration actions. */
export function readAuditLog(db: Db, limit: number) {
  return listAudit(db, { limit });
}
