import { z } from 'zod';
import type { Db } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { email, line, text } from '../../lib/text';
import { useThrottle } from '../accounts/accounts.service';
import { pickTranslation } from '../activities/activities';
import { loadActivities } from '../activities/activities.repository';
import { entryPath } from '../entries/entries';
import { queueMail } from '../mail/mail.service';

/** "Send this story to a colleague": one recipient, a name, a short plain-text message. */
export const shareStorySchema = z
  .object({
    to: email,
    fromName: line(100).min(1),
    message: text(500).default(''),
  })
  .strict();
export type ShareStoryInput = z.output<typeof shareStorySchema>;

/**
 * Mails a published story to a colleague, in the sender's language. Throttled per sending address and
 * per recipient, so the form cannot be used to flood a mailbox; the mail is plain text with the link.
 */
export async function shareStory(deps: { db: Db; config: { siteName: string; baseUrl: string } }, storyId: number, input: ShareStoryInput, locale: Locale, address: string): Promise<void> {
  const [story] = await loadActivities(deps.db, [storyId], ['published']);
  if (!story || story.kind !== 'story') throw new AppError('not_found');
  await deps.db.transaction().execute(async (trx) => {
    await useThrottle(trx, 'shareStoryPerAddress', address);
    await useThrottle(trx, 'shareStoryPerRecipient', input.to.toLowerCase());
    const { text } = pickTranslation(story, locale);
    const link = `${deps.config.baseUrl}${entryPath(locale, 'story', story.id)}`;
    const message = [input.message, `— ${input.fromName}`, '', text.title].filter((l, i) => l || i === 2).join('\n');
    await queueMail(trx, { to: input.to, locale, template: 'share_story', values: { site: deps.config.siteName, sender: input.fromName, message, link } });
  });
}
