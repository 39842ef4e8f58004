import type { CourseVersion } from '../../courses/course-store.ts';
import { contentLocale, pick } from '../../courses/localize.ts';
import type { PeerAssignment, Unit } from '../../courses/package/types.ts';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import { peerScore } from '../allocation.ts';
import type { PeerStatus } from '../peer-review-service.ts';
import { assignmentPath, PeerHeader } from './assignment-page.tsx';
import { FlagForm } from './review-page.tsx';

const formatPoints = (n: number) => String(Math.round(n * 100) / 100);

export function ResultsPage({
  c,
  course,
  unit,
  assignment,
  status,
  max,
  notice,
}: {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  assignment: PeerAssignment;
  status: PeerStatus;
  max: number;
  notice?: string;
}) {
  const { t } = c;
  const { locale } = contentLocale(course.pkg, c.locale);
  const base = assignmentPath(course.slug, assignment.id);
  const submission = status.submission!;
  const gated = status.reviewsOwed > 0;
  const pointsOf = (levels: Record<string, string>) =>
    Object.fromEntries(
      assignment.rubric.map((cr) => [cr.id, cr.levels.find((l) => l.id === levels[cr.id])?.points ?? 0]),
    );
  const medians = peerScore(
    assignment.rubric.map((cr) => cr.id),
    status.received.map((r) => pointsOf(r.levels)),
  );
  const due = new Date(Date.parse(submission.submitted_at) + assignment.flexibleGradingDays * 86_400_000);
  return (
    <Layout c={c} title={t('peerReview.resultsTitle')} styles={['css/peer-review.css']} noindex>
      <PeerHeader c={c} course={course} unit={unit} title={t('peerReview.resultsTitle')} />
      <Notice c={c} message={notice} />
      <section class="peer-grade" aria-labelledby="grade-title">
        <h2 id="grade-title">{t('peerReview.gradeTitle')}</h2>
        {submission.final_points !== null ? (
          <>
            <p class="peer-score">
              {t('peerReview.score', { points: formatPoints(submission.final_points), max })}
            </p>
            <p>
              {submission.final_source === 'staff'
                ? t('peerReview.finalStaff', { reason: submission.override_reason ?? '' })
                : t('peerReview.finalPeers')}
            </p>
          </>
        ) : status.grading === 'staff' ? (
          <p>{t('peerReview.staffGrading')}</p>
        ) : (
          <p>
            {t('peerReview.waiting', {
              needed: assignment.reviewsPerSubmission,
              date: c.formatDate(due.toISOString()),
            })}
          </p>
        )}
      </section>
      {gated ? (
        <p class="notice">
          {t('peerReview.resultsGated')} <a href={c.href(base)}>{t('peerReview.backToAssignment')}</a>
        </p>
      ) : (
        <section aria-labelledby="received-title">
          <h2 id="received-title">{t('peerReview.receivedTitle')}</h2>
          {status.received.length === 0 ? <p>{t('peerReview.noReviewsYet')}</p> : null}
          {medians && status.received.length ? (
            <table class="peer-medians">
              <caption>{t('peerReview.scoreByCriterion')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('peerReview.criterion')}</th>
                  <th scope="col">{t('peerReview.median')}</th>
                </tr>
              </thead>
              <tbody>
                {assignment.rubric.map((cr) => (
                  <tr key={cr.id}>
                    <th scope="row">{pick(cr.title, locale)}</th>
                    <td>{formatPoints(medians.perCriterion[cr.id] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <ol class="peer-received">
            {status.received.map((review, index) => (
              <li key={review.id} class="card">
                <h3>{t('peerReview.reviewNumber', { number: index + 1 })}</h3>
                <ul>
                  {assignment.rubric.map((cr) => {
                    const level = cr.levels.find((l) => l.id === review.levels[cr.id]);
                    return (
                      <li key={cr.id}>
                        {pick(cr.title, locale)}:{' '}
                        {level
                          ? t('peerReview.levelPoints', {
                              description: pick(level.description, locale),
                              points: level.points,
                            })
                          : ''}
                      </li>
                    );
                  })}
                </ul>
                <blockquote class="peer-text" dir="auto">
                  {review.comment}
                </blockquote>
                <FlagForm c={c} action={c.href(`${base}/flags`)} type="review" id={review.id} />
              </li>
            ))}
          </ol>
        </section>
      )}
      <p>
        <a href={c.href(base)}>{t('peerReview.backToAssignment')}</a>
      </p>
    </Layout>
  );
}
