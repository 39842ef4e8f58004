import type { CourseStore, CourseVersion } from '../courses/course-store.ts';
import type { PeerAssignment, Unit } from '../courses/package/types.ts';
import type { LearningService } from '../learning/learning-service.ts';
import type { Db } from '../platform/db/database.ts';
import type { PeerReviewsTable, PeerSubmissionsTable } from '../platform/db/schema.ts';
import { newId, nowIso } from '../platform/ids.ts';
import { gradingState, type PoolEntry, peerScore, pickSubmission, reviewsOwed } from './allocation.ts';

/** Limits on what learners write; the forms say so next to the field. */
export const SUBMISSION_MIN = 20;
export const SUBMISSION_MAX = 10_000;
export const COMMENT_MAX = 2_000;
export const REASON_MAX = 500;
/** A reservation returns to the pool when its holder has not reviewed within this time. */
export const RESERVATION_MS = 24 * 60 * 60_000;

export type SubmissionRow = PeerSubmissionsTable;
export type ReviewRow = PeerReviewsTable;

/** A review as its recipient sees it: no reviewer, only what they said. */
export interface ReceivedReview {
  id: string;
  levels: Record<string, string>;
  comment: string;
  completedAt: string;
}

export interface PeerStatus {
  submission: SubmissionRow | null;
  /** Reviews this learner completed. */
  reviewsDone: number;
  /** Reviews still asked of them now (never more than others' work available). */
  reviewsOwed: number;
  /** A review they hold and have not finished. */
  reservation: ReviewRow | null;
  /** Completed, visible reviews of their submission (shown once they have done their part). */
  received: ReceivedReview[];
  grading: 'none' | 'waiting' | 'final' | 'staff';
}

export class PeerFormError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string>) {
    super('peer review form');
    this.errors = errors;
  }
}

const maxPoints = (assignment: PeerAssignment) =>
  assignment.rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);

export function findAssignment(
  course: CourseVersion,
  assignmentId: string,
): { unit: Unit; assignment: PeerAssignment } | null {
  for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
    if (unit.peer?.id === assignmentId) return { unit, assignment: unit.peer };
  }
  return null;
}

/** Reads a rubric form: one level per criterion, each a level of that criterion. */
export function readLevels(assignment: PeerAssignment, body: Record<string, unknown>) {
  const levels: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const criterion of assignment.rubric) {
    const value = body[`criterion-${criterion.id}`];
    if (typeof value === 'string' && criterion.levels.some((l) => l.id === value))
      levels[criterion.id] = value;
    else errors[`criterion-${criterion.id}`] = 'peerReview.errors.levelMissing';
  }
  return { levels, errors };
}

function pointsOf(assignment: PeerAssignment, levels: Record<string, string>): Record<string, number> {
  const points: Record<string, number> = {};
  for (const criterion of assignment.rubric) {
    points[criterion.id] = criterion.levels.find((l) => l.id === levels[criterion.id])?.points ?? 0;
  }
  return points;
}

/**
 * Peer-reviewed reflections: submissions, the allocation of reviews, grading by the median of peers'
 * scores, flags and staff overrides. A final grade feeds the course's completion rule through the
 * learning service.
 */
export function createPeerReviewService({
  db,
  courses,
  learning,
  clock = () => new Date(),
}: {
  db: Db;
  courses: CourseStore;
  learning: LearningService;
  /** Tests move time forward to reach the flexible grading date. */
  clock?: () => Date;
}) {
  const now = () => nowIso(clock());

  async function submissionOf(userId: string, slug: string, assignmentId: string) {
    return (
      (await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('course_slug', '=', slug)
        .where('assignment_id', '=', assignmentId)
        .where('user_id', '=', userId)
        .executeTakeFirst()) ?? null
    );
  }

  /** A no-op write that holds the submission's row lock until the transaction ends (both engines). */
  async function lockSubmission(trx: Db, submissionId: string) {
    await trx
      .updateTable('peer_submissions')
      .set((eb) => ({ id: eb.ref('id') }))
      .where('id', '=', submissionId)
      .execute();
  }

  async function completedReviews(submissionId: string, executor: Db = db) {
    return executor
      .selectFrom('peer_reviews')
      .selectAll()
      .where('submission_id', '=', submissionId)
      .where('status', '=', 'done')
      .where('hidden_at', 'is', null)
      .orderBy('completed_at')
      .execute();
  }

  /**
   * Sets the peer grade when it is due (enough reviews, or the flexible date passed with at least one).
   * Only the caller whose conditional write takes evaluates completion, so a request, the scheduled job
   * and another process settling the same submission at once grade it and complete the course once.
   */
  async function settle(
    course: CourseVersion,
    assignment: PeerAssignment,
    submission: Pick<SubmissionRow, 'id' | 'user_id' | 'submitted_at' | 'final_source' | 'finalized_at'>,
  ) {
    if (submission.final_source === 'staff' || submission.finalized_at) return false;
    const graded = await db.transaction().execute(async (trx) => {
      // Take the submission's row lock before reading its reviews; resolveFlag does the same, so a
      // review hidden at this moment is either left out here or clears the grade there, never counted.
      await lockSubmission(trx, submission.id);
      const reviews = await completedReviews(submission.id, trx);
      const state = gradingState({
        completedReviews: reviews.length,
        reviewsPerSubmission: assignment.reviewsPerSubmission,
        submittedAt: submission.submitted_at,
        flexibleGradingDays: assignment.flexibleGradingDays,
        now: now(),
      });
      if (state !== 'final') return false;
      const score = peerScore(
        assignment.rubric.map((c) => c.id),
        reviews.map((r) => pointsOf(assignment, JSON.parse(r.levels ?? '{}'))),
      )!;
      const max = maxPoints(assignment);
      const updated = await trx
        .updateTable('peer_submissions')
        .set({
          final_points: score.total,
          final_score: max > 0 ? score.total / max : 0,
          final_source: 'peers',
          finalized_at: now(),
        })
        .where('id', '=', submission.id)
        .where('finalized_at', 'is', null)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    });
    if (!graded) return false;
    // The grade now counts toward the course: the completion rule may be met (the event fires once).
    await learning.evaluateCompletion(submission.user_id, course);
    return true;
  }

  /**
   * Grades every open submission of the assignment whose grade is due; returns how many it graded.
   * Reviews are counted in one query, so only the due submissions cost more than that.
   */
  async function settleDue(course: CourseVersion, assignment: PeerAssignment): Promise<number> {
    const open = await db
      .selectFrom('peer_submissions')
      .select(['id', 'user_id', 'submitted_at', 'final_source', 'finalized_at'])
      .where('course_slug', '=', course.slug)
      .where('assignment_id', '=', assignment.id)
      .where('finalized_at', 'is', null)
      .execute();
    // Nothing open is the usual case once an assignment has settled: no reviews to count then.
    if (!open.length) return 0;
    const counts = await db
      .selectFrom('peer_reviews')
      .select(['submission_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('course_slug', '=', course.slug)
      .where('assignment_id', '=', assignment.id)
      .where('status', '=', 'done')
      .where('hidden_at', 'is', null)
      .groupBy('submission_id')
      .execute();
    const reviewsOf = new Map(counts.map((c) => [c.submission_id, Number(c.n)]));
    const at = now();
    let settled = 0;
    for (const submission of open) {
      const state = gradingState({
        completedReviews: reviewsOf.get(submission.id) ?? 0,
        reviewsPerSubmission: assignment.reviewsPerSubmission,
        submittedAt: submission.submitted_at,
        flexibleGradingDays: assignment.flexibleGradingDays,
        now: at,
      });
      if (state === 'final' && (await settle(course, assignment, submission))) settled++;
    }
    return settled;
  }

  /**
   * Settles the due peer grades of every published course, so a learner who never comes back still
   * gets their grade and, through it, their completion and certificate. Idempotent, and safe to run
   * in several processes at once (see `settle`).
   */
  async function settleAllDue(): Promise<number> {
    let settled = 0;
    for (const course of await courses.published()) {
      for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
        if (unit.peer) settled += await settleDue(course, unit.peer);
      }
    }
    return settled;
  }

  /** Visible submissions of others, with their completed and unexpired in-progress reviews. */
  async function pool(trx: Db, slug: string, assignmentId: string, at: string): Promise<PoolEntry[]> {
    const rows = await trx
      .selectFrom('peer_submissions as s')
      .leftJoin('peer_reviews as r', (join) =>
        join
          .onRef('r.submission_id', '=', 's.id')
          .on((eb) =>
            eb.or([
              eb.and([eb('r.status', '=', 'done'), eb('r.hidden_at', 'is', null)]),
              eb.and([eb('r.status', '=', 'assigned'), eb('r.expires_at', '>', at)]),
            ]),
          ),
      )
      .select(['s.id', 's.user_id', 's.submitted_at', (eb) => eb.fn.count<number>('r.id').as('active')])
      .where('s.course_slug', '=', slug)
      .where('s.assignment_id', '=', assignmentId)
      .where('s.hidden_at', 'is', null)
      .groupBy(['s.id', 's.user_id', 's.submitted_at'])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      authorId: r.user_id,
      submittedAt: r.submitted_at,
      activeReviews: Number(r.active),
    }));
  }

  /** Every reviewer's completed reviews and unexpired reservations on the assignment. */
  async function work(trx: Db, slug: string, assignmentId: string, at: string) {
    const rows = await trx
      .selectFrom('peer_reviews')
      .select(['reviewer_id', 'submission_id', 'status', 'expires_at'])
      .where('course_slug', '=', slug)
      .where('assignment_id', '=', assignmentId)
      .execute();
    const byReviewer = new Map<string, { reviewed: Set<string>; held: Set<string> }>();
    for (const row of rows) {
      const entry = byReviewer.get(row.reviewer_id) ?? { reviewed: new Set(), held: new Set() };
      if (row.status === 'done') entry.reviewed.add(row.submission_id);
      else if (row.expires_at > at) entry.held.add(row.submission_id);
      byReviewer.set(row.reviewer_id, entry);
    }
    return byReviewer;
  }

  async function touchedBy(trx: Db, slug: string, assignmentId: string, reviewerId: string) {
    const rows = await trx
      .selectFrom('peer_reviews')
      .select(['submission_id', 'status', 'expires_at', 'id'])
      .where('course_slug', '=', slug)
      .where('assignment_id', '=', assignmentId)
      .where('reviewer_id', '=', reviewerId)
      .execute();
    return rows;
  }

  return {
    maxPoints,

    async submission(userId: string, slug: string, assignmentId: string) {
      return submissionOf(userId, slug, assignmentId);
    },

    /** One submission per learner; it cannot change once peers may be reading it. */
    async submit(userId: string, course: CourseVersion, assignment: PeerAssignment, text: string) {
      const value = text.trim();
      if (!value) throw new PeerFormError({ text: 'peerReview.errors.textEmpty' });
      if (value.length < SUBMISSION_MIN) throw new PeerFormError({ text: 'peerReview.errors.textShort' });
      if (value.length > SUBMISSION_MAX) throw new PeerFormError({ text: 'peerReview.errors.textLong' });
      const inserted = await db
        .insertInto('peer_submissions')
        .values({
          id: newId(),
          course_slug: course.slug,
          assignment_id: assignment.id,
          user_id: userId,
          text: value,
          submitted_at: now(),
          hidden_at: null,
          final_score: null,
          final_points: null,
          final_source: null,
          finalized_at: null,
          override_reason: null,
        })
        .onConflict((oc) => oc.columns(['course_slug', 'assignment_id', 'user_id']).doNothing())
        .returning('id')
        .execute();
      return inserted.length === 1 ? ('created' as const) : ('exists' as const);
    },

    /**
     * Gives the learner the next submission to review and reserves it for them. A reservation they
     * still hold comes back first; expired reservations of anyone return to the pool. Allocations of
     * one assignment take turns (the lock row), so counts stay balanced under concurrent requests.
     */
    async requestReview(
      userId: string,
      course: CourseVersion,
      assignment: PeerAssignment,
    ): Promise<{ status: 'assigned'; reviewId: string } | { status: 'none-available' | 'not-submitted' }> {
      const slug = course.slug;
      if (!(await submissionOf(userId, slug, assignment.id))) return { status: 'not-submitted' };
      const at = now();
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('peer_allocation_locks')
          .values({ course_slug: slug, assignment_id: assignment.id, touched_at: at })
          .onConflict((oc) => oc.columns(['course_slug', 'assignment_id']).doUpdateSet({ touched_at: at }))
          .execute();
        await trx
          .deleteFrom('peer_reviews')
          .where('course_slug', '=', slug)
          .where('assignment_id', '=', assignment.id)
          .where('status', '=', 'assigned')
          .where('expires_at', '<=', at)
          .execute();
        const mine = await touchedBy(trx, slug, assignment.id, userId);
        const held = mine.find((r) => r.status === 'assigned');
        if (held) return { status: 'assigned' as const, reviewId: held.id };
        const entries = await pool(trx, slug, assignment.id, at);
        const choice = pickSubmission(entries, userId, new Set(mine.map((r) => r.submission_id)));
        if (!choice) return { status: 'none-available' as const };
        const id = newId();
        await trx
          .insertInto('peer_reviews')
          .values({
            id,
            submission_id: choice.id,
            course_slug: slug,
            assignment_id: assignment.id,
            reviewer_id: userId,
            status: 'assigned',
            assigned_at: at,
            expires_at: nowIso(new Date(Date.parse(at) + RESERVATION_MS)),
            completed_at: null,
            levels: null,
            points: null,
            comment: null,
            hidden_at: null,
          })
          .execute();
        return { status: 'assigned' as const, reviewId: id };
      });
    },

    /** A review row with the (anonymous) submission it is about. */
    async review(reviewId: string) {
      const review = await db
        .selectFrom('peer_reviews')
        .selectAll()
        .where('id', '=', reviewId)
        .executeTakeFirst();
      if (!review) return null;
      const submission = await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('id', '=', review.submission_id)
        .executeTakeFirstOrThrow();
      return { review, submission };
    },

    /**
     * Records a reviewer's rubric levels and comment on a reservation they hold. A reservation that
     * expired and went back to the pool can no longer be completed ('expired').
     */
    async completeReview(
      userId: string,
      course: CourseVersion,
      assignment: PeerAssignment,
      reviewId: string,
      body: Record<string, unknown>,
    ): Promise<'done' | 'expired'> {
      const { levels, errors } = readLevels(assignment, body);
      const comment = String(body.comment ?? '').trim();
      if (!comment) errors.comment = 'peerReview.errors.commentEmpty';
      else if (comment.length > COMMENT_MAX) errors.comment = 'peerReview.errors.commentLong';
      if (Object.keys(errors).length) throw new PeerFormError(errors);
      const points = Object.values(pointsOf(assignment, levels)).reduce((a, b) => a + b, 0);
      const updated = await db
        .updateTable('peer_reviews')
        .set({
          status: 'done',
          completed_at: now(),
          levels: JSON.stringify(levels),
          points,
          comment,
        })
        .where('id', '=', reviewId)
        .where('reviewer_id', '=', userId)
        .where('status', '=', 'assigned')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return 'expired';
      const row = await db
        .selectFrom('peer_reviews')
        .innerJoin('peer_submissions', 'peer_submissions.id', 'peer_reviews.submission_id')
        .selectAll('peer_submissions')
        .where('peer_reviews.id', '=', reviewId)
        .executeTakeFirstOrThrow();
      await settle(course, assignment, row);
      return 'done';
    },

    /** What the assignment page shows one learner. Grades that became due are settled first. */
    async status(userId: string, course: CourseVersion, assignment: PeerAssignment): Promise<PeerStatus> {
      await settleDue(course, assignment);
      const slug = course.slug;
      const at = now();
      const submission = await submissionOf(userId, slug, assignment.id);
      const mine = await db
        .selectFrom('peer_reviews')
        .selectAll()
        .where('course_slug', '=', slug)
        .where('assignment_id', '=', assignment.id)
        .where('reviewer_id', '=', userId)
        .execute();
      const done = mine.filter((r) => r.status === 'done').length;
      const reservation = mine.find((r) => r.status === 'assigned' && r.expires_at > at) ?? null;
      const owed = submission
        ? reviewsOwed({
            learner: userId,
            pool: await pool(db, slug, assignment.id, at),
            work: await work(db, slug, assignment.id, at),
            reviewsPerLearner: assignment.reviewsPerLearner,
            reviewsPerSubmission: assignment.reviewsPerSubmission,
          })
        : 0;
      let received: ReceivedReview[] = [];
      let grading: PeerStatus['grading'] = 'none';
      if (submission) {
        const reviews = await completedReviews(submission.id);
        received = reviews.map((r) => ({
          id: r.id,
          levels: JSON.parse(r.levels ?? '{}'),
          comment: r.comment ?? '',
          completedAt: r.completed_at ?? '',
        }));
        grading = submission.finalized_at
          ? 'final'
          : gradingState({
              completedReviews: reviews.length,
              reviewsPerSubmission: assignment.reviewsPerSubmission,
              submittedAt: submission.submitted_at,
              flexibleGradingDays: assignment.flexibleGradingDays,
              now: at,
            });
      }
      return { submission, reviewsDone: done, reviewsOwed: owed, reservation, received, grading };
    },

    /** A learner reports a submission or review they were shown. Once per person and item. */
    async flag(
      userId: string,
      slug: string,
      target: { type: 'submission' | 'review'; id: string },
      reason: string,
    ) {
      const value = reason.trim();
      if (!value) throw new PeerFormError({ reason: 'peerReview.errors.reasonEmpty' });
      if (value.length > REASON_MAX) throw new PeerFormError({ reason: 'peerReview.errors.reasonLong' });
      await db
        .insertInto('peer_flags')
        .values({
          id: newId(),
          target_type: target.type,
          target_id: target.id,
          course_slug: slug,
          user_id: userId,
          reason: value,
          created_at: now(),
          resolved_at: null,
          resolved_by: null,
          resolution: null,
        })
        .onConflict((oc) => oc.columns(['target_type', 'target_id', 'user_id']).doNothing())
        .execute();
    },

    /** Whether a learner may flag this item: their own received review, or a submission they review. */
    async canFlag(userId: string, target: { type: 'submission' | 'review'; id: string }) {
      if (target.type === 'submission') {
        const held = await db
          .selectFrom('peer_reviews')
          .select('id')
          .where('submission_id', '=', target.id)
          .where('reviewer_id', '=', userId)
          .executeTakeFirst();
        return Boolean(held);
      }
      const review = await db
        .selectFrom('peer_reviews')
        .innerJoin('peer_submissions', 'peer_submissions.id', 'peer_reviews.submission_id')
        .select('peer_submissions.user_id')
        .where('peer_reviews.id', '=', target.id)
        .where('peer_reviews.status', '=', 'done')
        .executeTakeFirst();
      return review?.user_id === userId;
    },

    /** For staff: open flags with the flagged text, and submissions waiting for a staff grade. */
    async staffQueue() {
      const flags = await db
        .selectFrom('peer_flags')
        .selectAll()
        .where('resolved_at', 'is', null)
        .orderBy('created_at')
        .execute();
      const items = [];
      for (const flag of flags) {
        const text =
          flag.target_type === 'submission'
            ? (
                await db
                  .selectFrom('peer_submissions')
                  .select('text')
                  .where('id', '=', flag.target_id)
                  .executeTakeFirst()
              )?.text
            : (
                await db
                  .selectFrom('peer_reviews')
                  .select('comment')
                  .where('id', '=', flag.target_id)
                  .executeTakeFirst()
              )?.comment;
        items.push({ flag, text: text ?? '' });
      }
      const waiting: { submission: SubmissionRow; assignment: PeerAssignment; reviews: number }[] = [];
      for (const course of await courses.published()) {
        for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
          if (!unit.peer) continue;
          await settleDue(course, unit.peer);
          const open = await db
            .selectFrom('peer_submissions')
            .selectAll()
            .where('course_slug', '=', course.slug)
            .where('assignment_id', '=', unit.peer.id)
            .where('finalized_at', 'is', null)
            .orderBy('submitted_at')
            .execute();
          for (const submission of open) {
            const reviews = (await completedReviews(submission.id)).length;
            const state = gradingState({
              completedReviews: reviews,
              reviewsPerSubmission: unit.peer.reviewsPerSubmission,
              submittedAt: submission.submitted_at,
              flexibleGradingDays: unit.peer.flexibleGradingDays,
              now: now(),
            });
            if (state === 'staff') waiting.push({ submission, assignment: unit.peer, reviews });
          }
        }
      }
      return { flags: items, waiting };
    },

    /** Staff hide a flagged item (or dismiss the flag); hiding a review regrades what relied on it. */
    async resolveFlag(staffId: string, flagId: string, resolution: 'hidden' | 'dismissed') {
      const flag = await db.selectFrom('peer_flags').selectAll().where('id', '=', flagId).executeTakeFirst();
      if (!flag) return false;
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('peer_flags')
          .set({ resolved_at: at, resolved_by: staffId, resolution })
          .where('target_type', '=', flag.target_type)
          .where('target_id', '=', flag.target_id)
          .where('resolved_at', 'is', null)
          .execute();
        if (resolution === 'hidden') {
          if (flag.target_type === 'review') {
            const { submission_id } = await trx
              .selectFrom('peer_reviews')
              .select('submission_id')
              .where('id', '=', flag.target_id)
              .executeTakeFirstOrThrow();
            await lockSubmission(trx, submission_id);
          }
          const table = flag.target_type === 'submission' ? 'peer_submissions' : 'peer_reviews';
          await trx.updateTable(table).set({ hidden_at: at }).where('id', '=', flag.target_id).execute();
          if (flag.target_type === 'review') {
            // A peer grade that counted this review is worked out again from the reviews that remain.
            const review = await trx
              .selectFrom('peer_reviews')
              .select('submission_id')
              .where('id', '=', flag.target_id)
              .executeTakeFirstOrThrow();
            await trx
              .updateTable('peer_submissions')
              .set({ final_score: null, final_points: null, final_source: null, finalized_at: null })
              .where('id', '=', review.submission_id)
              .where('final_source', '=', 'peers')
              .execute();
          }
        }
        await trx
          .insertInto('audit_log')
          .values({
            id: newId(),
            actor_id: staffId,
            action: `peer.flag.${resolution}`,
            target_type: `peer-${flag.target_type}`,
            target_id: flag.target_id,
            detail: JSON.stringify({ flagId, reason: flag.reason }),
            created_at: at,
          })
          .execute();
      });
      return true;
    },

    /** Staff set the final grade (points of the rubric's maximum) with a reason; audit-logged. */
    async override(staffId: string, submissionId: string, pointsText: string, reasonText: string) {
      const submission = await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('id', '=', submissionId)
        .executeTakeFirst();
      if (!submission) return null;
      const course = await courses.version(submission.course_slug);
      const found = course ? findAssignment(course, submission.assignment_id) : null;
      if (!course || !found) return null;
      const max = maxPoints(found.assignment);
      const points = Number(pointsText.trim().replace(',', '.'));
      const reason = reasonText.trim();
      const errors: Record<string, string> = {};
      if (pointsText.trim() === '' || !Number.isFinite(points) || points < 0 || points > max)
        errors.points = 'peerReview.errors.pointsRange';
      if (!reason) errors.reason = 'peerReview.errors.reasonEmpty';
      else if (reason.length > REASON_MAX) errors.reason = 'peerReview.errors.reasonLong';
      if (Object.keys(errors).length) throw new PeerFormError(errors);
      const at = now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('peer_submissions')
          .set({
            final_points: points,
            final_score: max > 0 ? points / max : 0,
            final_source: 'staff',
            finalized_at: at,
            override_reason: reason,
          })
          .where('id', '=', submissionId)
          .execute();
        await trx
          .insertInto('audit_log')
          .values({
            id: newId(),
            actor_id: staffId,
            action: 'peer.grade.override',
            target_type: 'peer-submission',
            target_id: submissionId,
            detail: JSON.stringify({
              before: submission.final_points,
              after: points,
              max,
              reason,
            }),
            created_at: at,
          })
          .execute();
      });
      await learning.evaluateCompletion(submission.user_id, course);
      return { points, max };
    },

    /** One submission with its assignment and review count, for the staff page. */
    async submissionWithAssignment(submissionId: string) {
      const submission = await db
        .selectFrom('peer_submissions')
        .selectAll()
        .where('id', '=', submissionId)
        .executeTakeFirst();
      const course = submission ? await courses.version(submission.course_slug) : null;
      const found = course && submission ? findAssignment(course, submission.assignment_id) : null;
      if (!submission || !found) return null;
      return {
        submission,
        assignment: found.assignment,
        reviews: (await completedReviews(submission.id)).length,
      };
    },

    settleDue,
    settleAllDue,
  };
}

export type PeerReviewService = ReturnType<typeof createPeerReviewService>;
