import type { Db, Tx } from '../../db/connection';
import { translate, type MessageKey } from '../../i18n/i18n';
import { isLocale, DEFAULT_LOCALE } from '../../i18n/locales';
import { claimDueMails, insertOutboxMail, listOutboxRows, markFailed, markSent, purgeSpentSecrets } from './mail.repository';
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
  'password_changed',
  'thread_reply',
  'consultation_extended',
  'prize_juror_assigned',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/**
 * Puts a mail in the outbox, written in the recipient's language from the catalog's
 * `mail.<template>.subject` and `.body`. Delivery happens later (any instance may send it), so the
 * mail commits or rolls back with the action that caused it.
 */
export async function queueMail(
  db: Db | Tx,
  mail: { to: string; locale: string; template: MailTemplate; values: Record<string, string | number>; tokenHash?: string },
): Promise<void> {
  const locale = isLocale(mail.locale) ? mail.locale : DEFAULT_LOCALE;
  const subject = translate(locale, `mail.${mail.template}.subject` as MessageKey, mail.values);
  const body = translate(locale, `mail.${mail.template}.body` as MessageKey, mail.values);
  await insertOutboxMail(db, { toAddress: mail.to, locale, template: mail.template, subject, textBody: body, tokenHash: mail.tokenHash ?? null });
}

/**
 * A secret in a link: a long base64url run right after `/` or `=` (our tokens are 43 characters). One
 * pattern for both the masking shown to administrators and the purge in SQL (POSIX ERE and JavaScript agree on it).
 */
const SECRET_IN_LINK = '([/=])[A-Za-z0-9_-]{32,}';
export const MASK = '••••••';

/** The text with every secret in a link replaced by dots: `…/reset/••••••`. */
export function maskSecrets(text: string): string {
  return text.replace(new RegExp(SECRET_IN_LINK, 'g'), `$1${MASK}`);
}

/**
 * Removes the secret from the text of every mail that has gone out (sent, or given up) and whose
 * token is used or expired: the outbox keeps the record, not a live credential. Runs after each
 * delivery pass, after each use of a token and before the outbox is shown.
 */
export async function purgeSpentTokens(db: Db | Tx): Promise<number> {
  return purgeSpentSecrets(db, { pattern: SECRET_IN_LINK, replacement: `\\1${MASK}` });
}

/** The outbox as administrators read it: newest first, secrets in links masked (a token is for its recipient only). */
export async function listOutbox(db: Db, opts: { limit: number; to?: string | undefined }) {
  await purgeSpentTokens(db);
  const mails = await listOutboxRows(db, opts);
  return mails.map(({ tokenHash: _secret, ...m }) => ({ ...m, textBody: maskSecrets(m.textBody) }));
}

const MAX_ATTEMPTS = 5;

/**
 * Sends what is due. Rows are claimed by pushing their next attempt five minutes ahead in one statement
 * (skipping rows another instance holds), then sent outside any transaction: a crash mid-send retries later.
 */
export async function deliverPending(db: Db, transport: MailTransport, opts: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const claimed = await claimDueMails(db, opts.limit ?? 20);
  let sent = 0;
  let failed = 0;
  for (const mail of claimed) {
    try {
      await transport.send({ to: mail.toAddress, subject: mail.subject, text: mail.textBody });
      await markSent(db, mail.id);
      sent += 1;
    } catch (error) {
      failed += 1;
      const giveUp = mail.attempts >= MAX_ATTEMPTS;
      await markFailed(db, mail.id, {
        giveUp,
        error: (error instanceof Error ? error.message : String(error)).slice(0, 500),
        // Back off: 1, 4, 9, 16 minutes.
        retryInMinutes: mail.attempts * mail.attempts,
      });
    }
  }
  await purgeSpentTokens(db);
  return { sent, failed };
}
