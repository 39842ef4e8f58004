import type { PeerFlagsTable } from '../../platform/db/schema.ts';
import { ErrorSummary, type FieldErrors, Form, TextField } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { SubmissionRow } from '../peer-review-service.ts';

export interface StaffPageProps {
  c: PageContext;
  flags: { flag: PeerFlagsTable; text: string }[];
  waiting: { submission: SubmissionRow; max: number; reviews: number }[];
  notice?: string;
  /** Errors of the grade form just sent, with the submission they belong to. */
  gradeErrors?: { submissionId: string; errors: FieldErrors; values: Record<string, string> };
}

/** Flagged items and submissions waiting for a staff grade, for admins and authors. */
export function StaffPage({ c, flags, waiting, notice, gradeErrors }: StaffPageProps) {
  const { t } = c;
  return (
    <Layout c={c} title={t('peerReview.staff.title')} styles={['css/peer-review.css']} noindex>
      <h1>{t('peerReview.staff.title')}</h1>
      <Notice c={c} message={notice} />
      <section aria-labelledby="flags-title">
        <h2 id="flags-title">{t('peerReview.staff.flagsTitle')}</h2>
        {flags.length === 0 ? <p>{t('peerReview.staff.noFlags')}</p> : null}
        <ul class="peer-staff-list">
          {flags.map(({ flag, text }) => (
            <li class="card" key={flag.id}>
              <h3>{t(`peerReview.staff.kind.${flag.target_type}`)}</h3>
              <blockquote class="peer-text" dir="auto">
                {text}
              </blockquote>
              <p>{t('peerReview.staff.reason', { reason: flag.reason })}</p>
              <div class="peer-actions">
                <Form c={c} action={c.href(`/admin/peer-review/flags/${flag.id}/hide`)} class="inline-form">
                  <button type="submit">{t('peerReview.staff.hide')}</button>
                </Form>
                <Form
                  c={c}
                  action={c.href(`/admin/peer-review/flags/${flag.id}/dismiss`)}
                  class="inline-form"
                >
                  <button type="submit" class="button-secondary">
                    {t('peerReview.staff.dismiss')}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t('peerReview.staff.waitingTitle')}</h2>
        {waiting.length === 0 ? <p>{t('peerReview.staff.noWaiting')}</p> : null}
        <ul class="peer-staff-list">
          {waiting.map(({ submission, max, reviews }) => {
            const own = gradeErrors?.submissionId === submission.id ? gradeErrors : undefined;
            const errors = own?.errors ?? {};
            return (
              <li class="card" key={submission.id}>
                <h3>{t('peerReview.staff.submissionOf', { date: c.formatDate(submission.submitted_at) })}</h3>
                <p class="meta">{t('peerReview.staff.reviewsCount', { count: reviews })}</p>
                <blockquote class="peer-text" dir="auto">
                  {submission.text}
                </blockquote>
                <ErrorSummary c={c} errors={errors} />
                <Form
                  c={c}
                  action={c.href(`/admin/peer-review/submissions/${submission.id}/grade`)}
                  class="stack"
                  label={t('peerReview.staff.setGrade')}
                >
                  <TextField
                    c={c}
                    name={`points-${submission.id}`}
                    label={t('peerReview.staff.points', { max })}
                    errors={errors}
                    value={own?.values[`points-${submission.id}`]}
                    required
                  />
                  <TextField
                    c={c}
                    name={`reason-${submission.id}`}
                    label={t('peerReview.staff.gradeReason')}
                    errors={errors}
                    value={own?.values[`reason-${submission.id}`]}
                    required
                  />
                  <button type="submit">{t('peerReview.staff.setGrade')}</button>
                </Form>
              </li>
            );
          })}
        </ul>
      </section>
    </Layout>
  );
}
