import { isLocale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Community } from './community.ts';

/**
 * Mails each opted-in person one message listing the replies they have not read yet, then marks those
 * notifications as mailed so the next run does not repeat them. Run by `praxis community digest`
 * (e.g. daily from cron); returns how many messages were sent.
 */
export async function sendDigests({
  community,
  mailer,
  publicUrl,
}: {
  community: Community;
  mailer: Mailer;
  publicUrl: string;
}): Promise<number> {
  let sent = 0;
  for (const pending of await community.pendingDigests()) {
    const locale = isLocale(pending.locale) ? pending.locale : 'en';
    const t = translator(locale);
    const lines = pending.items.map(
      (item) =>
        `- ${t('community.digest.line', { name: item.actorName, title: item.threadTitle })}\n  ${publicUrl}/${locale}/discussions/${item.threadId}#post-${item.postId}`,
    );
    await mailer.send({
      to: pending.email,
      locale,
      subject: t('community.digest.subject', { count: pending.items.length }),
      text: [
        t('community.digest.intro', { count: pending.items.length }),
        '',
        ...lines,
        '',
        t('community.digest.settings'),
        `${publicUrl}/${locale}/notifications`,
        '',
      ].join('\n'),
    });
    await community.markDigested(pending.items.map((item) => item.id));
    sent++;
  }
  return sent;
}
