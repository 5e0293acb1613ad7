import type { Db } from '../../db/connection';
import { mentionedAccounts } from './audit.labels';
import { accountNames, listAudit } from './audit.repository';

/** The most recent moderation and administration actions, with the names of the accounts they mention. */
export async function readAuditLog(db: Db, limit: number) {
  const entries = await listAudit(db, { limit });
  const names = await accountNames(db, [...new Set(entries.flatMap(mentionedAccounts))]);
  return { entries, names };
}
