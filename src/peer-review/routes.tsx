import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CourseStore, CourseVersion } from '../courses/course-store.ts';
import type { LearningService } from '../learning/learning-service.ts';
import { notFound } from '../platform/http/errors.ts';
import { text } from '../platform/http/form-body.ts';
import { authorize } from '../platform/policy.ts';
import { sendPage } from '../platform/views/render.ts';
import { findAssignment, PeerFormError, type PeerReviewService } from './peer-review-service.ts';
import { AssignmentPage, assignmentPath } from './views/assignment-page.tsx';
import { ResultsPage } from './views/results-page.tsx';
import { ReviewPage } from './views/review-page.tsx';
import { StaffPage } from './views/staff-page.tsx';

type Params = { locale: string; slug: string; assignmentId: string; reviewId?: string; id?: string };

const NOTICES: Record<string, string> = {
  submitted: 'peerReview.notices.submitted',
  reviewed: 'peerReview.notices.reviewed',
  flagged: 'peerReview.notices.flagged',
  expired: 'peerReview.notices.expired',
  none: 'peerReview.noneAvailable',
  hidden: 'peerReview.notices.hidden',
  dismissed: 'peerReview.notices.dismissed',
  graded: 'peerReview.notices.graded',
};

const noticeOf = (request: FastifyRequest) => NOTICES[(request.query as { done?: string }).done ?? ''];

export function registerPeerReviewRoutes(
  app: FastifyInstance,
  { courses, learning, peer }: { courses: CourseStore; learning: LearningService; peer: PeerReviewService },
) {
  /** The published course and the assignment named in the URL, or 404. */
  async function load(request: FastifyRequest) {
    const { slug, assignmentId } = request.params as Params;
    const course = await courses.version(slug);
    const found = course ? findAssignment(course, assignmentId) : null;
    if (!course || !found) throw notFound();
    return { course, ...found, base: assignmentPath(course.slug, found.assignment.id) };
  }

  async function progressOf(request: FastifyRequest, course: CourseVersion) {
    return request.user ? await learning.progress(request.user.id, course) : null;
  }

  const back = (request: FastifyRequest, path: string, done?: string) =>
    `/${request.locale}${path}${done ? `?done=${done}` : ''}`;

  app.get('/:locale/courses/:slug/peer/:assignmentId', async (request, reply) => {
    const { course, unit, assignment } = await load(request);
    const progress = await progressOf(request, course);
    // Visitors and learners not enrolled read the prompt and rubric; taking part needs an enrollment.
    const status =
      request.user && progress?.enrolled ? await peer.status(request.user.id, course, assignment) : null;
    return sendPage(
      reply,
      AssignmentPage({ c: reply.pageContext(), course, unit, assignment, status, notice: noticeOf(request) }),
    );
  });

  app.post('/:locale/courses/:slug/peer/:assignmentId/submit', async (request, reply) => {
    const { course, unit, assignment, base } = await load(request);
    authorize(request.user, 'peerReview.participate', await progressOf(request, course));
    const value = text(request.body, 'text');
    try {
      await peer.submit(request.user.id, course, assignment, value);
    } catch (error) {
      if (!(error instanceof PeerFormError)) throw error;
      const status = await peer.status(request.user.id, course, assignment);
      const page = AssignmentPage({
        c: reply.pageContext(),
        course,
        unit,
        assignment,
        status,
        errors: error.errors,
        values: { text: value },
      });
      return sendPage(reply, page, 422);
    }
    return reply.redirect(back(request, base, 'submitted'), 303);
  });

  app.post('/:locale/courses/:slug/peer/:assignmentId/reviews/next', async (request, reply) => {
    const { course, assignment, base } = await load(request);
    authorize(request.user, 'peerReview.participate', await progressOf(request, course));
    const outcome = await peer.requestReview(request.user.id, course, assignment);
    if (outcome.status === 'assigned')
      return reply.redirect(back(request, `${base}/reviews/${outcome.reviewId}`), 303);
    return reply.redirect(back(request, base, outcome.status === 'none-available' ? 'none' : undefined), 303);
  });

  /** The reservation in the URL, only for the reviewer holding it. */
  async function heldReview(request: FastifyRequest, assignmentId: string) {
    const { reviewId } = request.params as Params;
    const found = await peer.review(reviewId ?? '');
    if (!found || found.review.assignment_id !== assignmentId) throw notFound();
    return found;
  }

  function reviewPage(
    reply: FastifyReply,
    loaded: Awaited<ReturnType<typeof load>>,
    found: NonNullable<Awaited<ReturnType<PeerReviewService['review']>>>,
    extra: { errors?: PeerFormError['errors']; values?: Record<string, string> } = {},
  ) {
    return ReviewPage({
      c: reply.pageContext(),
      course: loaded.course,
      unit: loaded.unit,
      assignment: loaded.assignment,
      reviewId: found.review.id,
      submissionId: found.submission.id,
      // Only the text: the author's name and id never reach a reviewer's page.
      text: found.submission.text,
      ...extra,
    });
  }

  app.get('/:locale/courses/:slug/peer/:assignmentId/reviews/:reviewId', async (request, reply) => {
    const loaded = await load(request);
    const found = await heldReview(request, loaded.assignment.id);
    authorize(request.user, 'peerReview.review', found.review);
    if (found.review.status === 'done') return reply.redirect(back(request, loaded.base, 'reviewed'), 303);
    return sendPage(reply, reviewPage(reply, loaded, found));
  });

  app.post('/:locale/courses/:slug/peer/:assignmentId/reviews/:reviewId', async (request, reply) => {
    const loaded = await load(request);
    const found = await heldReview(request, loaded.assignment.id);
    authorize(request.user, 'peerReview.review', found.review);
    const body = (request.body ?? {}) as Record<string, unknown>;
    try {
      const outcome = await peer.completeReview(
        request.user.id,
        loaded.course,
        loaded.assignment,
        found.review.id,
        body,
      );
      return reply.redirect(back(request, loaded.base, outcome === 'done' ? 'reviewed' : 'expired'), 303);
    } catch (error) {
      if (!(error instanceof PeerFormError)) throw error;
      const values = Object.fromEntries(
        Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
      return sendPage(reply, reviewPage(reply, loaded, found, { errors: error.errors, values }), 422);
    }
  });

  app.get('/:locale/courses/:slug/peer/:assignmentId/results', async (request, reply) => {
    const { course, unit, assignment } = await load(request);
    authorize(request.user, 'peerReview.participate', await progressOf(request, course));
    const status = await peer.status(request.user.id, course, assignment);
    if (!status.submission) throw notFound();
    const page = ResultsPage({
      c: reply.pageContext(),
      course,
      unit,
      assignment,
      status,
      max: peer.maxPoints(assignment),
      notice: noticeOf(request),
    });
    return sendPage(reply, page);
  });

  app.post('/:locale/courses/:slug/peer/:assignmentId/flags', async (request, reply) => {
    const { course, base } = await load(request);
    authorize(request.user, 'peerReview.participate', await progressOf(request, course));
    const type = text(request.body, 'type') === 'review' ? 'review' : 'submission';
    const id = text(request.body, 'id');
    // Only what the learner was shown: a submission they review, or a review of their own work.
    if (!(await peer.canFlag(request.user.id, { type, id }))) throw notFound();
    try {
      await peer.flag(request.user.id, course.slug, { type, id }, text(request.body, `reason-${id}`));
    } catch (error) {
      if (!(error instanceof PeerFormError)) throw error;
      return reply.redirect(back(request, base, undefined), 303);
    }
    return reply.redirect(back(request, type === 'review' ? `${base}/results` : base, 'flagged'), 303);
  });

  async function staffPage(request: FastifyRequest, reply: FastifyReply, extra = {}, status = 200) {
    const queue = await peer.staffQueue();
    const waiting = queue.waiting.map((w) => ({
      submission: w.submission,
      reviews: w.reviews,
      max: peer.maxPoints(w.assignment),
    }));
    // A grade form sent with errors shows again even for a submission that was not waiting.
    const graded = (extra as { gradeErrors?: { submissionId: string } }).gradeErrors?.submissionId;
    if (graded && !waiting.some((w) => w.submission.id === graded)) {
      const found = await peer.submissionWithAssignment(graded);
      if (found) waiting.unshift({ ...found, max: peer.maxPoints(found.assignment) });
    }
    const page = StaffPage({
      c: reply.pageContext(),
      flags: queue.flags,
      waiting,
      notice: noticeOf(request),
      ...extra,
    });
    return sendPage(reply, page, status);
  }

  app.get('/:locale/admin/peer-review', async (request, reply) => {
    authorize(request.user, 'peerReview.staff');
    return staffPage(request, reply);
  });

  for (const resolution of ['hide', 'dismiss'] as const) {
    app.post(`/:locale/admin/peer-review/flags/:id/${resolution}`, async (request, reply) => {
      authorize(request.user, 'peerReview.staff');
      const { id } = request.params as Params;
      const outcome = resolution === 'hide' ? 'hidden' : 'dismissed';
      if (!(await peer.resolveFlag(request.user.id, id ?? '', outcome))) throw notFound();
      return reply.redirect(back(request, '/admin/peer-review', outcome), 303);
    });
  }

  app.post('/:locale/admin/peer-review/submissions/:id/grade', async (request, reply) => {
    authorize(request.user, 'peerReview.staff');
    const { id = '' } = request.params as Params;
    const points = text(request.body, `points-${id}`);
    const reason = text(request.body, `reason-${id}`);
    try {
      if (!(await peer.override(request.user.id, id, points, reason))) throw notFound();
    } catch (error) {
      if (!(error instanceof PeerFormError)) throw error;
      const errors = Object.fromEntries(Object.entries(error.errors).map(([k, v]) => [`${k}-${id}`, v]));
      const values = { [`points-${id}`]: points, [`reason-${id}`]: reason };
      return staffPage(request, reply, { gradeErrors: { submissionId: id, errors, values } }, 422);
    }
    return reply.redirect(back(request, '/admin/peer-review', 'graded'), 303);
  });
}
