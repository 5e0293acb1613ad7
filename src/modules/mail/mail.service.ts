import { sql } from 'kysely';
import type { Db, Tx } from '../../db/connection';
import { translate, type MessageKey } from '../../i18n/i18n';
import { isLocale, DEFAULT_LOCALE } from '../../i18n/locales';
import type { MailTransport } from './mail.transport';

export const MAIL_TEMPLATES = [
  'verify',
  'account_exists',
  'reset',
  'email_change',
  'email_changed',
  'account_approved',
  'submission_received',
  'changes_requested',
  'approved',
  'rejected',
  'reminder',
  'member_request',
  'share_story',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/**
 * Puts a mail in the outbox, written in the recipient's language from the catalog's
 * `mail.<template>.subject` and `.body`. Delivery happens later (any instance may send it), so the
 * mail commits or rolls back with the action that caused it.
 */
export async function queueMail(
  db: Db | Tx,
  mail: { to: string; locale: string; template: MailTemplate; values: Record<string, string | number> },
): Promise<void> {
  const locale = isLocale(mail.locale) ? mail.locale : DEFAULT_LOCALE;
  const subject = translate(locale, `mail.${mail.template}.subject` as MessageKey, mail.values);
  const body = translate(locale, `mail.${mail.template}.body` as MessageKey, mail.values);
  await db
    .insertInto('mailOutbox')
    .values({ toAddress: mail.to, locale, template: mail.template, subject, textBody: body, status: 'pending' })
    .execute();
}

export async function listOutbox(db: Db, opts: { limit: number; to?: string | undefined }) {
  let q = db.selectFrom('mailOutbox').selectAll();
  if (opts.to) q = q.where('toAddress', '=', opts.to);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}

const MAX_ATTEMPTS = 5;

/**
 * Sends what is due. Rows are claimed by pushing their next attempt five minutes ahead in one statement
 * (skipping rows another instance holds), then sent outside any transaction: a crash mid-send retries later.
 */
export async function deliverPending(db: Db, transport: MailTransport, opts: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const claimed = await db
    .updateTable('mailOutbox')
    .set({ nextAttemptAt: sql<Date>`now() + interval '5 minutes'`, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('mailOutbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('nextAttemptAt', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(opts.limit ?? 20)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    try {
      await transport.send({ to: mail.toAddress, subject: mail.subject, text: mail.textBody });
      await db.updateTable('mailOutbox').set({ status: 'sent', sentAt: sql<Date>`now()`, lastError: null }).where('id', '=', mail.id).execute();
      sent += 1;
    } catch (error) {
      failed += 1;
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      await db
        .updateTable('mailOutbox')
        .set({
          status: giveUp ? 'failed' : 'pending',
          lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
          // Back off: 1, 4, 9, 16 minutes.
          nextAttemptAt: sql<Date>`now() + make_interval(mins => ${mail.attempts * mail.attempts})`,
        })
        .where('id', '=', mail.id)
        .execute();
    }
  }
  return { sent, failed };
}
