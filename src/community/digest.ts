import type { Db } from '../platform/db/database.ts';
import { isLocale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import type { OutgoingMail } from '../platform/mail/mail-queue.ts';
import type { Community } from './community.ts';

/** The recurring job that sends digests (daily). */
export const DIGEST_JOB = 'community.digest';

/**
 * Queues one mail for each opted-in person listing the replies they have not read yet, and marks those
 * notifications as mailed in the same transaction, so each reply is in exactly one digest. Run daily
 * by the job queue, or now by `praxis community digest`; returns how many messages were queued.
 */
export async function sendDigests({
  community,
  mailer,
  publicUrl,
  db,
}: {
  community: Community;
  mailer: OutgoingMail;
  publicUrl: string;
  db: Db;
}): Promise<number> {
  let sent = 0;
  for (const pending of await community.pendingDigests()) {
    const locale = isLocale(pending.locale) ? pending.locale : 'en';
    const t = translator(locale);
    const lines = pending.items.map(
      (item) =>
        `- ${t('community.digest.line', { name: item.actorName, title: item.threadTitle })}\n  ${publicUrl}/${locale}/discussions/${item.threadId}#post-${item.postId}`,
    );
    const ids = pending.items.map((item) => item.id);
    await db.transaction().execute(async (trx) => {
      await mailer.send(
        {
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
        },
        { trx, key: `digest:${pending.userId}:${ids[0]}` },
      );
      await community.markDigested(ids, trx);
    });
    sent++;
  }
  return sent;
}
