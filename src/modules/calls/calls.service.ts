import { z } from 'zod';
import type { Db, Tx } from '../../db/connection';
import { LOCALES } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { line, text } from '../../lib/text';
import type { Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { audit } from '../audit/audit.repository';
import { queueMail } from '../mail/mail.service';
import { entryPath, isEntryKind } from '../entries/entries';
import { getSettings } from '../settings/settings';
import { findCallDates, findOpenCall, insertCall, listCallsWithCounts, setCallDates, unconfirmedEntriesByEditor } from './calls.repository';

export const CALL_ACCEPTS = ['new', 'updates', 'both'] as const;

const labels = <S extends z.ZodType>(value: S) => z.partialRecord(z.enum(LOCALES), value);

export const callSchema = z
  .object({
    titles: labels(line(200)),
    texts: labels(text(5000)),
    opensAt: z.iso.date(),
    closesAt: z.iso.date(),
    accepts: z.enum(CALL_ACCEPTS),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!Object.values(c.titles).some((t) => t)) ctx.addIssue({ code: 'custom', path: ['titles', 'en'], message: 'required' });
    if (c.closesAt <= c.opensAt) ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'end_before_start' });
  });
export type CallInput = z.output<typeof callSchema>;

/** A call is open from the start of its first day (UTC) to the end of its last. */
const startOf = (d: string) => new Date(`${d}T00:00:00Z`);
const endOf = (d: string) => new Date(`${d}T23:59:59.999Z`);
const dropEmpty = (l: Record<string, string | undefined>) => JSON.stringify(Object.fromEntries(Object.entries(l).filter(([, v]) => v)));

export async function createCall(db: Db, actor: Actor | null, input: CallInput): Promise<number> {
  authorize(actor, 'call.manage');
  return db.transaction().execute(async (trx) => {
    const id = await insertCall(trx, {
      titles: dropEmpty(input.titles),
      texts: dropEmpty(input.texts),
      opensAt: startOf(input.opensAt),
      closesAt: endOf(input.closesAt),
      accepts: input.accepts,
      createdBy: actor.userId,
    });
    await audit(trx, { actorId: actor.userId, action: 'call.open', entity: 'call', entityId: id, details: { ...input } });
    return id;
  });
}

/** Closes a call now (its page keeps what it received). */
export async function closeCall(db: Db, actor: Actor | null, id: number): Promise<void> {
  authorize(actor, 'call.manage');
  await db.transaction().execute(async (trx) => {
    const call = await findCallDates(trx, id);
    if (!call) throw new AppError('not_found');
    if (new Date(call.closesAt) <= new Date()) throw new AppError('invalid_transition', [{ field: 'closesAt', code: 'call_closed' }]);
    const now = new Date();
    await setCallDates(trx, id, { closesAt: now, opensAt: new Date(call.opensAt) > now ? new Date(now.getTime() - 1) : new Date(call.opensAt) });
    await audit(trx, { actorId: actor.userId, action: 'call.close', entity: 'call', entityId: id });
  });
}

export async function listCalls(db: Db) {
  return listCallsWithCounts(db);
}

export async function getCall(db: Db, id: number) {
  const call = (await listCalls(db)).find((c) => c.id === id);
  if (!call) throw new AppError('not_found');
  return call;
}

/**
 * The open call a submission falls under, or null when none is open and the site accepts submissions
 * at any time; refused when the site takes entries during calls only.
 */
export async function submissionWindow(db: Db | Tx, kind: 'new' | 'updates'): Promise<number | null> {
  const open = await findOpenCall(db, kind);
  if (open) return open.id;
  const settings = await getSettings(db);
  if (settings.submissions === 'always') return null;
  throw new AppError('invalid_transition', [{ field: 'call', code: 'no_open_call' }]);
}

/**
 * Asks the editors of every organisation that owns entries not confirmed for the configured period to
 * confirm or update them (one mail per editor, listing the entries). Returns the number of mails.
 */
export async function remindOwners(db: Db, actor: Actor | null, callId: number, site: { siteName: string; baseUrl: string }): Promise<number> {
  authorize(actor, 'call.manage');
  const call = await getCall(db, callId);
  if (call.accepts === 'new') throw new AppError('invalid_transition', [{ field: 'accepts', code: 'call_not_for_updates' }]);
  const { confirmAfterDays } = await getSettings(db);
  const stale = await unconfirmedEntriesByEditor(db, confirmAfterDays);
  const byEditor = new Map<string, { locale: string; name: string; lines: string[] }>();
  for (const row of stale) {
    const entry = byEditor.get(row.email) ?? { locale: row.locale, name: row.displayName, lines: [] };
    entry.lines.push(`- ${row.title}: ${site.baseUrl}${entryPath(row.locale, isEntryKind(row.kind) ? row.kind : 'activity', row.id)}`);
    byEditor.set(row.email, entry);
  }
  await db.transaction().execute(async (trx) => {
    for (const [email, e] of byEditor) {
      await queueMail(trx, {
        to: email,
        locale: e.locale,
        template: 'reminder',
        values: { site: site.siteName, name: e.name, entries: e.lines.join('\n'), days: confirmAfterDays, link: `${site.baseUrl}/${e.locale}/contribute` },
      });
    }
    await audit(trx, {
      actorId: actor.userId,
      action: 'call.remind',
      entity: 'call',
      entityId: callId,
      details: { mails: byEditor.size, entries: stale.length },
    });
  });
  return byEditor.size;
}
