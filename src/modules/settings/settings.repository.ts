import type { Db, Tx } from '../../db/connection';

/** Every stored setting, its value as saved (JSON). */
export async function readStoredSettings(db: Db | Tx) {
  return db.selectFrom('settings').select(['key', 'value']).execute();
}

/** Stores one setting, replacing its earlier value. */
export async function storeSetting(trx: Tx, key: string, value: unknown): Promise<void> {
  await trx
    .insertInto('settings')
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}
