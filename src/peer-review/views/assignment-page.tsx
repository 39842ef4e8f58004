import type { CourseVersion } from '../../courses/course-store.ts';
import { contentLocale, pick } from '../../courses/localize.ts';
import type { PeerAssignment, Unit } from '../../courses/package/types.ts';
import { ErrorSummary, type FieldErrors, Form, TextArea } from '../../platform/views/form.tsx';
import { Layout } from '../../platform/views/layout.tsx';
import { Notice } from '../../platform/views/notice.tsx';
import type { PageContext } from '../../platform/views/page-context.ts';
import type { PeerStatus } from '../peer-review-service.ts';
import { SUBMISSION_MAX, SUBMISSION_MIN } from '../peer-review-service.ts';

export interface AssignmentPageProps {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  assignment: PeerAssignment;
  /** Null for a visitor or a learner not enrolled. */
  status: PeerStatus | null;
  errors?: FieldErrors;
  values?: { text?: string };
  notice?: string;
}

/** The path of an assignment's pages, after the locale. */
export const assignmentPath = (slug: string, assignmentId: string) => `/courses/${slug}/peer/${assignmentId}`;

export function PeerHeader({
  c,
  course,
  unit,
  title,
}: {
  c: PageContext;
  course: CourseVersion;
  unit: Unit;
  title: string;
}) {
  const { locale } = contentLocale(course.pkg, c.locale);
  return (
    <>
      <nav aria-label={c.t('courses.breadcrumb')} class="breadcrumb">
        <ol>
          <li>
            <a href={c.href(`/courses/${course.slug}`)}>{pick(course.pkg.title, locale)}</a>
          </li>
          <li>
            <a href={c.href(`/courses/${course.slug}/units/${unit.id}`)}>
              {unit.texts[locale]?.title ?? unit.texts.en?.title ?? unit.id}
            </a>
          </li>
        </ol>
      </nav>
      <h1>{title}</h1>
    </>
  );
}

export function Rubric({
  c,
  assignment,
  locale,
}: {
  c: PageContext;
  assignment: PeerAssignment;
  locale: string;
}) {
  return (
    <section class="peer-rubric" aria-labelledby="rubric-title">
      <h2 id="rubric-title">{c.t('peerReview.rubricTitle')}</h2>
      <dl>
        {assignment.rubric.map((criterion) => (
          <div key={criterion.id}>
            <dt>{pick(criterion.title, locale)}</dt>
            <dd>
              <ul>
                {criterion.levels.map((level) => (
                  <li key={level.id} lang={locale}>
                    {c.t('peerReview.levelPoints', {
                      description: pick(level.description, locale),
                      points: level.points,
                    })}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function AssignmentPage({
  c,
  course,
  unit,
  assignment,
  status,
  errors = {},
  values = {},
  notice,
}: AssignmentPageProps) {
  const { t } = c;
  const { locale } = contentLocale(course.pkg, c.locale);
  const base = assignmentPath(course.slug, assignment.id);
  return (
    <Layout c={c} title={t('peerReview.title')} styles={['css/peer-review.css']} noindex>
      <PeerHeader c={c} course={course} unit={unit} title={t('peerReview.title')} />
      <Notice c={c} message={notice} />
      <section class="peer-prompt" aria-labelledby="prompt-title">
        <h2 id="prompt-title">{t('peerReview.prompt')}</h2>
        <p lang={locale}>{pick(assignment.prompt, locale)}</p>
        <p class="meta">{t('peerReview.howItWorks', { reviews: assignment.reviewsPerLearner })}</p>
      </section>
      <Rubric c={c} assignment={assignment} locale={locale} />
      {status === null ? (
        <p class="notice">{t('peerReview.enrollFirst')}</p>
      ) : (
        <>
          <section aria-labelledby="submission-title">
            <h2 id="submission-title">{t('peerReview.yourSubmission')}</h2>
            {status.submission ? (
              <>
                <p class="meta">
                  {t('peerReview.submittedOn', { date: c.formatDate(status.submission.submitted_at) })}
                </p>
                <blockquote class="peer-text" dir="auto">
                  {status.submission.text}
                </blockquote>
              </>
            ) : (
              <>
                <ErrorSummary c={c} errors={errors} />
                <Form c={c} action={c.href(`${base}/submit`)} class="stack">
                  <TextArea
                    c={c}
                    name="text"
                    label={t('peerReview.fields.text')}
                    hint={t('peerReview.fields.textHint', { min: SUBMISSION_MIN, max: SUBMISSION_MAX })}
                    errors={errors}
                    value={values.text}
                    required
                    rows={10}
                  />
                  <button type="submit">{t('peerReview.submit')}</button>
                </Form>
              </>
            )}
          </section>
          <section aria-labelledby="reviews-title">
            <h2 id="reviews-title">{t('peerReview.reviewsTitle')}</h2>
            {status.submission ? (
              <>
                <p>{t('peerReview.reviewsProgress', { done: status.reviewsDone })}</p>
                <p>
                  {status.reviewsOwed > 0
                    ? t('peerReview.reviewsOwed', { owed: status.reviewsOwed })
                    : t('peerReview.reviewsComplete')}
                </p>
                {status.reservation ? (
                  <p>
                    <a class="button" href={c.href(`${base}/reviews/${status.reservation.id}`)}>
                      {t('peerReview.continueReview')}
                    </a>
                  </p>
                ) : (
                  <Form c={c} action={c.href(`${base}/reviews/next`)}>
                    <button type="submit">{t('peerReview.nextReview')}</button>
                  </Form>
                )}
              </>
            ) : (
              <p>{t('peerReview.submitFirst')}</p>
            )}
          </section>
          {status.submission ? (
            <p>
              <a href={c.href(`${base}/results`)}>{t('peerReview.resultsLink')}</a>
            </p>
          ) : null}
        </>
      )}
    </Layout>
  );
}
