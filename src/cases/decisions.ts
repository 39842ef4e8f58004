import type { Db } from '../platform/db/database.ts';
import { isLocale } from '../platform/i18n/locales.ts';
import { translator } from '../platform/i18n/messages.ts';
import { nowIso } from '../platform/ids.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import type { Call } from './calls.ts';
import type { Library } from './library.ts';
import { inLocale } from './localized.ts';
import type { ReviewStore } from './review-store.ts';
import type { SubmissionStore } from './submissions.ts';

export const DECISIONS = ['selected', 'shortlisted', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

interface Deps {
  db: Db;
  submissions: SubmissionStore;
  reviews: ReviewStore;
  library: Library;
  mailer: Mailer;
  publicUrl: string;
}

/** Decisions are recorded one by one, then released together: every submitter learns at once. */
export function createDecisions({ db, submissions, reviews, library, mailer, publicUrl }: Deps) {
  return {
    async record(submissionId: string, decision: Decision | null) {
      await db
        .updateTable('submissions')
        .set({ decision, decided_at: decision ? nowIso() : null })
        .where('id', '=', submissionId)
        .execute();
    },

    /**
     * Releases a call's decisions: each submitter is emailed in their language with the reviewers'
     * comments to authors (never who wrote them), selected cases with consent are published in the
     * library, and the call moves to its published phase. Returns false when undecided cases remain.
     */
    async release(call: Call): Promise<{ released: boolean; undecided: number; published: number }> {
      const cases = await db
        .selectFrom('submissions')
        .select(['id', 'decision'])
        .where('call_id', '=', call.id)
        .where('status', '=', 'submitted')
        .execute();
      const undecided = cases.filter((c) => !c.decision).length;
      if (undecided || call.phase !== 'decision') return { released: false, undecided, published: 0 };
      let published = 0;
      for (const { id } of cases) {
        const submission = (await submissions.get(id))!;
        const owner = await db
          .selectFrom('users')
          .select(['name', 'email', 'locale'])
          .where('id', '=', submission.ownerId)
          .executeTakeFirstOrThrow();
        let caseUrl: string | null = null;
        if (submission.decision === 'selected' && submission.consentPublish) {
          const authors = [
            owner.name,
            ...(
              await db
                .selectFrom('users')
                .select('name')
                .where('email', 'in', submission.coauthors.length ? submission.coauthors : [''])
                .execute()
            ).map((u) => u.name),
          ];
          const caseId = await library.publish(submission, authors);
          caseUrl = `${publicUrl}/${owner.locale}/cases/${caseId}`;
          published++;
        }
        const locale = isLocale(owner.locale) ? owner.locale : 'en';
        const t = translator(locale);
        const comments = (await reviews.reviewsOf(id))
          .filter((r) => r.submittedAt && r.commentsToAuthors)
          .map((r, i) => `${t('decisions.mail.reviewerNumber', { number: i + 1 })}\n${r.commentsToAuthors}`)
          .join('\n\n');
        await mailer.send({
          to: owner.email,
          locale,
          subject: t('decisions.mail.subject', { call: inLocale(call.title, locale) }),
          text: [
            t('mail.greeting', { name: owner.name }),
            '',
            t(`decisions.mail.${submission.decision}`, {
              title: submission.title,
              call: inLocale(call.title, locale),
            }),
            ...(caseUrl ? ['', t('decisions.mail.publishedAt', { link: caseUrl })] : []),
            '',
            comments ? `${t('decisions.mail.comments')}\n\n${comments}` : t('decisions.mail.noComments'),
            '',
            t('mail.signature'),
          ].join('\n'),
        });
      }
      const now = nowIso();
      await db
        .updateTable('calls')
        .set({ decisions_released_at: now, phase: 'published', updated_at: now })
        .where('id', '=', call.id)
        .where('phase', '=', 'decision')
        .execute();
      return { released: true, undecided: 0, published };
    },
  };
}

export type Decisions = ReturnType<typeof createDecisions>;
