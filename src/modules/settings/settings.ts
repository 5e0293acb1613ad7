import { z } from 'zod';
import type { Db, Tx } from '../../db/connection';
import { audit } from '../audit/audit.repository';
import { readStoredSettings, storeSetting } from './settings.repository';

/** Site settings an administrator changes in the interface; defaults apply until one is saved. */
export const siteSettingsSchema = z
  .object({
    registration: z.enum(['approval', 'open']).default('approval'),
    submissions: z.enum(['always', 'calls']).default('always'),
    confirmAfterDays: z.coerce.number().int().min(30).max(3650).default(365),
  })
  .strict();
export type SiteSettings = z.output<typeof siteSettingsSchema>;

export async function getSettings(db: Db | Tx): Promise<SiteSettings> {
  const rows = await readStoredSettings(db);
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const parsed = siteSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : siteSettingsSchema.parse({});
}

/** Saves the settings and records who changed what. */
export async function saveSettings(db: Db, actorId: number, input: SiteSettings): Promise<void> {
  const before = await getSettings(db);
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(input)) {
      await storeSetting(trx, key, value);
    }
    await audit(trx, { actorId, action: 'settings.update', entity: 'settings', entityId: null, details: { before, after: input } });
  });
}
