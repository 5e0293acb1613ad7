import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { email, text } from '../../lib/text';
import { normaliseEmail, type Actor } from '../accounts/accounts';
import { authorize } from '../accounts/policy';
import { useBudgets } from '../accounts/throttles.service';
import { pickTranslation } from '../entries/entry';
import { loadEntries } from '../entries/entries.repository';
import { entryPath } from '../entries/entries';
import { queueMail } from '../mail/mail.service';

/** "Send this story to a colleague": one recipient and a short plain-text message; the sender is the account. */
export const shareStorySchema = z
  .object({
    to: email,
    message: text(500).default(''),
  })
  .strict();
export type ShareStoryInput = z.output<typeof shareStorySchema>;

/**
 * Mails a published story to a colleague, in the sender's language. Only a signed-in, verified and
 * active account may send (so the site relays nothing for strangers), in its own name; throttled per
 * sending account and per recipient, so the form cannot flood a mailbox. The mail is plain text with the link.
 */
export async function shareStory(
  deps: { db: Db; config: { siteName: string; baseUrl: string } },
  actor: Actor | null,
  storyId: number,
  input: ShareStoryInput,
  locale: Locale,
): Promise<void> {
  authorize(actor, 'story.share');
  const [story] = await loadEntries(deps.db, [storyId], ['published']);
  if (!story || story.kind !== 'story') throw new AppError('not_found');
  await deps.db.transaction().execute(async (trx) => {
    await useBudgets(trx, [
      { name: 'shareStoryPerAccount', subject: String(actor.userId) },
      { name: 'shareStoryPerRecipient', subject: normaliseEmail(input.to) },
    ]);
    const { text } = pickTranslation(story, locale);
    const link = `${deps.config.baseUrl}${entryPath(locale, 'story', story.id)}`;
    const message = [input.message, `— ${actor.displayName}`, '', text.title].filter((l, i) => l || i === 2).join('\n');
    await queueMail(trx, { to: input.to, locale, template: 'share_story', values: { site: deps.config.siteName, sender: actor.displayName, message, link } });
  });
}
