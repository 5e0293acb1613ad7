import type { Db } from '../../db/connection';

/** Whether any entry is marked as demo data. */
export async function anyDemoEntry(db: Db): Promise<boolean> {
  const row = await db.selectFrom('entries').select('id').where('isDemo', '=', true).limit(1).executeTakeFirst();
  return row !== undefined;
}
