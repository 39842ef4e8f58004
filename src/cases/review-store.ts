import type { Kysely } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { ConflictsTable, ReviewsTable, Schema } from '../platform/db/schema.ts';
import { newId, nowIso } from '../platform/ids.ts';
import { type AssignmentInput, assignReviewers } from './assignment/assign-reviewers.ts';
import { acceptsReviews, type Call, type Criterion, type Phase } from './calls.ts';
import { organisationKey } from './submission-fields.ts';

/** Webmail and similar shared domains say nothing about who someone works for. */
const SHARED_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'yahoo.com',
  'icloud.com',
  'proton.me',
  'protonmail.com',
  'naver.com',
  'daum.net',
  'qq.com',
  '163.com',
  'example.org',
  'example.com',
  // The demo's fictional accounts all share this domain.
  'demo.praxis.invalid',
]);

const domainOf = (email: string) => email.split('@')[1]?.toLowerCase() ?? '';

export interface ReviewerProfile {
  userId: string;
  name: string;
  email: string;
  expertise: string[];
  region: string;
  languages: string[];
  organisation: string;
  maxLoad: number;
}

export interface Review {
  reviewerId: string;
  scores: Record<string, number>;
  commentsToAuthors: string;
  confidentialComments: string;
  recommendation: ReviewsTable['recommendation'];
  submittedAt: string | null;
}

/**
 * The one condition every reviewer-facing query uses: assigned, not declined, and no conflict that an
 * admin has not cleared. A conflicted reviewer therefore cannot reach the case, its reviews, its
 * discussion or its files through any page, export or email built on these queries.
 */
function visibleTo(db: Kysely<Schema>, reviewerId: string) {
  return db
    .selectFrom('assignments')
    .select('assignments.submission_id')
    .where('assignments.reviewer_id', '=', reviewerId)
    .where('assignments.declined_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('conflicts')
            .select('conflicts.submission_id')
            .whereRef('conflicts.submission_id', '=', 'assignments.submission_id')
            .where('conflicts.reviewer_id', '=', reviewerId)
            .where('conflicts.status', '!=', 'cleared'),
        ),
      ),
    );
}

/** Weighted score of one review, 0–100. */
export function weightedScore(rubric: Criterion[], scores: Record<string, number>): number {
  const total = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (!total) return 0;
  const earned = rubric.reduce(
    (sum, c) => sum + (c.weight * ((scores[c.id] ?? 1) - 1)) / Math.max(1, c.scale - 1),
    0,
  );
  return (100 * earned) / total;
}

/** Mean and spread of the submitted reviews' weighted scores; disagreement when they are far apart. */
export function aggregate(rubric: Criterion[], reviews: Review[]) {
  const scores = reviews.filter((r) => r.submittedAt).map((r) => weightedScore(rubric, r.scores));
  if (!scores.length) return { count: 0, mean: null, spread: null, disagreement: false };
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const spread = Math.max(...scores) - Math.min(...scores);
  return { count: scores.length, mean, spread, disagreement: scores.length > 1 && spread >= 30 };
}

export function createReviewStore(db: Db) {
  /** Reviewer profiles with the person's name and email. */
  function profiles() {
    return db
      .selectFrom('reviewer_profiles')
      .innerJoin('users', 'users.id', 'reviewer_profiles.user_id')
      .select([
        'reviewer_profiles.user_id',
        'users.name',
        'users.email',
        'expertise',
        'region',
        'languages',
        'organisation',
        'max_load',
      ]);
  }

  function toProfile(row: {
    user_id: string;
    name: string;
    email: string;
    expertise: string;
    region: string;
    languages: string;
    organisation: string;
    max_load: number;
  }): ReviewerProfile {
    return {
      userId: row.user_id,
      name: row.name,
      email: row.email,
      expertise: JSON.parse(row.expertise),
      region: row.region,
      languages: JSON.parse(row.languages),
      organisation: row.organisation,
      maxLoad: row.max_load,
    };
  }

  function toReview(row: ReviewsTable): Review {
    return {
      reviewerId: row.reviewer_id,
      scores: JSON.parse(row.scores),
      commentsToAuthors: row.comments_to_authors,
      confidentialComments: row.confidential_comments,
      recommendation: row.recommendation,
      submittedAt: row.submitted_at,
    };
  }

  return {
    async profile(userId: string): Promise<ReviewerProfile | null> {
      const row = await profiles().where('reviewer_profiles.user_id', '=', userId).executeTakeFirst();
      return row ? toProfile(row) : null;
    },

    async saveProfile(userId: string, profile: Omit<ReviewerProfile, 'userId' | 'name' | 'email'>) {
      const values = {
        expertise: JSON.stringify(profile.expertise),
        region: profile.region,
        languages: JSON.stringify(profile.languages),
        organisation: profile.organisation,
        organisation_key: organisationKey(profile.organisation),
        max_load: profile.maxLoad,
        updated_at: nowIso(),
      };
      await db
        .insertInto('reviewer_profiles')
        .values({ user_id: userId, ...values })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
        .execute();
    },

    /** The advisory group: reviewers with a profile. Their membership is public; their assignments are not. */
    async group(): Promise<ReviewerProfile[]> {
      const rows = await profiles()
        .innerJoin('user_roles', (join) =>
          join.onRef('user_roles.user_id', '=', 'users.id').on('user_roles.role', '=', 'reviewer'),
        )
        .where('users.deleted_at', 'is', null)
        .orderBy('users.name')
        .execute();
      return rows.map(toProfile);
    },

    async declareConflict(
      submissionId: string,
      reviewerId: string,
      source: ConflictsTable['source'],
      note: string,
    ) {
      await db
        .insertInto('conflicts')
        .values({
          submission_id: submissionId,
          reviewer_id: reviewerId,
          source,
          status: source === 'reviewer' || source === 'submitter' ? 'declared' : 'suspected',
          note: note.slice(0, 500),
          created_at: nowIso(),
          decided_by: null,
        })
        .onConflict((oc) => oc.columns(['submission_id', 'reviewer_id']).doNothing())
        .execute();
    },

    /** The advisory-group members a submitter has declared conflicts with on this submission. */
    async declaredBySubmitter(submissionId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('conflicts')
        .select('reviewer_id')
        .where('submission_id', '=', submissionId)
        .where('source', '=', 'submitter')
        .execute();
      return rows.map((r) => r.reviewer_id);
    },

    /** Replaces the submitter's declarations; conflicts found or declared by others are left alone. */
    async setSubmitterConflicts(submissionId: string, reviewerIds: string[]) {
      const members = new Set((await this.group()).map((g) => g.userId));
      const wanted = reviewerIds.filter((id) => members.has(id));
      await db.transaction().execute(async (trx) => {
        let removal = trx
          .deleteFrom('conflicts')
          .where('submission_id', '=', submissionId)
          .where('source', '=', 'submitter')
          .where('status', '=', 'declared');
        if (wanted.length) removal = removal.where('reviewer_id', 'not in', wanted);
        await removal.execute();
        for (const reviewerId of wanted) {
          await trx
            .insertInto('conflicts')
            .values({
              submission_id: submissionId,
              reviewer_id: reviewerId,
              source: 'submitter',
              status: 'declared',
              note: '',
              created_at: nowIso(),
              decided_by: null,
            })
            .onConflict((oc) => oc.columns(['submission_id', 'reviewer_id']).doNothing())
            .execute();
        }
      });
    },

    async setConflictStatus(
      submissionId: string,
      reviewerId: string,
      status: 'confirmed' | 'cleared',
      adminId: string,
    ) {
      await db
        .updateTable('conflicts')
        .set({ status, decided_by: adminId })
        .where('submission_id', '=', submissionId)
        .where('reviewer_id', '=', reviewerId)
        .execute();
    },

    /**
     * Finds conflicts nobody declared: the same organisation, the same (non-webmail) email domain, or
     * the reviewer being an author. Found conflicts count until an admin clears them. Runs on submission,
     * before every assignment (automatic or manual) and when admins open the assignment page, so a
     * profile or co-author changed since is caught; `submissionId` narrows it to one case.
     */
    async detectConflicts(callId: string, submissionId?: string): Promise<number> {
      let query = db
        .selectFrom('submissions')
        .innerJoin('users', 'users.id', 'submissions.owner_id')
        .select(['submissions.id', 'submissions.organisation_key', 'users.email'])
        .where('submissions.call_id', '=', callId)
        .where('submissions.status', '=', 'submitted');
      if (submissionId) query = query.where('submissions.id', '=', submissionId);
      const submissions = await query.execute();
      const reviewers = await db
        .selectFrom('reviewer_profiles')
        .innerJoin('users', 'users.id', 'reviewer_profiles.user_id')
        .select(['reviewer_profiles.user_id', 'reviewer_profiles.organisation_key', 'users.email'])
        .execute();
      let found = 0;
      for (const submission of submissions) {
        const coauthors = (
          await db
            .selectFrom('submission_coauthors')
            .select('email')
            .where('submission_id', '=', submission.id)
            .execute()
        ).map((r) => r.email);
        const authorEmails = [submission.email, ...coauthors].map((e) => e.toLowerCase());
        const domains = new Set(authorEmails.map(domainOf).filter((d) => d && !SHARED_DOMAINS.has(d)));
        for (const reviewer of reviewers) {
          const email = reviewer.email.toLowerCase();
          const source: ConflictsTable['source'] | null = authorEmails.includes(email)
            ? 'co-author'
            : reviewer.organisation_key && reviewer.organisation_key === submission.organisation_key
              ? 'organisation'
              : domains.has(domainOf(email))
                ? 'email-domain'
                : null;
          if (!source) continue;
          const before = await db
            .selectFrom('conflicts')
            .select('status')
            .where('submission_id', '=', submission.id)
            .where('reviewer_id', '=', reviewer.user_id)
            .executeTakeFirst();
          if (before) continue;
          await this.declareConflict(submission.id, reviewer.user_id, source, '');
          found++;
        }
      }
      return found;
    },

    async conflictsForCall(callId: string) {
      return db
        .selectFrom('conflicts')
        .innerJoin('submissions', 'submissions.id', 'conflicts.submission_id')
        .innerJoin('users', 'users.id', 'conflicts.reviewer_id')
        .select([
          'conflicts.submission_id',
          'conflicts.reviewer_id',
          'conflicts.source',
          'conflicts.status',
          'conflicts.note',
          'submissions.title',
          'users.name',
        ])
        .where('submissions.call_id', '=', callId)
        .orderBy('submissions.title')
        .execute();
    },

    /** Runs the optimal assignment for the call's submitted cases, adding only what is missing. */
    async autoAssign(call: Call, actorId: string): Promise<{ added: number; unfilled: number }> {
      await this.detectConflicts(call.id);
      const cases = await db
        .selectFrom('submissions')
        .select(['id', 'language', 'principles'])
        .where('call_id', '=', call.id)
        .where('status', '=', 'submitted')
        .execute();
      const ids = cases.map((c) => c.id);
      const group = await this.group();
      const blocked = ids.length
        ? [
            ...(await db
              .selectFrom('conflicts')
              .select(['submission_id', 'reviewer_id'])
              .where('submission_id', 'in', ids)
              .where('status', '!=', 'cleared')
              .execute()),
            ...(await db
              .selectFrom('assignments')
              .select(['submission_id', 'reviewer_id'])
              .where('submission_id', 'in', ids)
              .where('declined_at', 'is not', null)
              .execute()),
          ]
        : [];
      const existing = ids.length
        ? await db
            .selectFrom('assignments')
            .select(['submission_id', 'reviewer_id'])
            .where('submission_id', 'in', ids)
            .where('declined_at', 'is', null)
            .execute()
        : [];
      // A reviewer's load counts their assignments in every call.
      const loads = await db
        .selectFrom('assignments')
        .select(['reviewer_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('declined_at', 'is', null)
        .groupBy('reviewer_id')
        .execute();
      const elsewhere = new Map(
        loads.map((l) => [
          l.reviewer_id,
          Number(l.n) - existing.filter((e) => e.reviewer_id === l.reviewer_id).length,
        ]),
      );
      const input: AssignmentInput = {
        cases: cases.map((c) => ({ id: c.id, language: c.language, principles: JSON.parse(c.principles) })),
        reviewers: group.map((r) => ({
          id: r.userId,
          languages: r.languages,
          expertise: r.expertise,
          maxLoad: Math.max(0, r.maxLoad - (elsewhere.get(r.userId) ?? 0)),
        })),
        reviewersPerCase: call.reviewersPerCase,
        conflicts: blocked.map((b) => ({ caseId: b.submission_id, reviewerId: b.reviewer_id })),
        existing: existing.map((e) => ({ caseId: e.submission_id, reviewerId: e.reviewer_id })),
      };
      const result = assignReviewers(input);
      if (result.assignments.length) {
        const now = nowIso();
        await db.transaction().execute(async (trx) => {
          for (const pair of result.assignments) {
            await trx
              .insertInto('assignments')
              .values({
                submission_id: pair.caseId,
                reviewer_id: pair.reviewerId,
                assigned_at: now,
                assigned_by: actorId,
                declined_at: null,
                decline_reason: null,
              })
              .onConflict((oc) => oc.columns(['submission_id', 'reviewer_id']).doNothing())
              .execute();
          }
        });
      }
      return {
        added: result.assignments.length,
        unfilled: result.unfilled.reduce((n, u) => n + u.missing, 0),
      };
    },

    /**
     * Assigns one reviewer by hand. Conflicts are detected first and an uncleared one refuses the
     * assignment: clearing a conflict is a separate, recorded decision.
     */
    async assign(
      submissionId: string,
      reviewerId: string,
      actorId: string,
    ): Promise<'assigned' | 'conflict' | 'unknown'> {
      const submission = await db
        .selectFrom('submissions')
        .select('call_id')
        .where('id', '=', submissionId)
        .executeTakeFirst();
      if (!submission) return 'unknown';
      await this.detectConflicts(submission.call_id, submissionId);
      const conflict = await db
        .selectFrom('conflicts')
        .select('status')
        .where('submission_id', '=', submissionId)
        .where('reviewer_id', '=', reviewerId)
        .where('status', '!=', 'cleared')
        .executeTakeFirst();
      if (conflict) return 'conflict';
      await db
        .insertInto('assignments')
        .values({
          submission_id: submissionId,
          reviewer_id: reviewerId,
          assigned_at: nowIso(),
          assigned_by: actorId,
          declined_at: null,
          decline_reason: null,
        })
        .onConflict((oc) =>
          oc
            .columns(['submission_id', 'reviewer_id'])
            .doUpdateSet({ declined_at: null, decline_reason: null, assigned_by: actorId }),
        )
        .execute();
      return 'assigned';
    },

    async unassign(submissionId: string, reviewerId: string) {
      await db
        .deleteFrom('assignments')
        .where('submission_id', '=', submissionId)
        .where('reviewer_id', '=', reviewerId)
        .execute();
    },

    async decline(submissionId: string, reviewerId: string, reason: string) {
      await db
        .updateTable('assignments')
        .set({ declined_at: nowIso(), decline_reason: reason.slice(0, 500) })
        .where('submission_id', '=', submissionId)
        .where('reviewer_id', '=', reviewerId)
        .execute();
    },

    /** The cases a reviewer may see: assigned, not declined, not conflicted. */
    async visibleCases(reviewerId: string) {
      return db
        .selectFrom('submissions')
        .innerJoin('calls', 'calls.id', 'submissions.call_id')
        .leftJoin('reviews', (join) =>
          join
            .onRef('reviews.submission_id', '=', 'submissions.id')
            .on('reviews.reviewer_id', '=', reviewerId),
        )
        .select([
          'submissions.id',
          'submissions.title',
          'calls.title as callTitle',
          'calls.phase',
          'reviews.submitted_at',
        ])
        .where('submissions.id', 'in', visibleTo(db, reviewerId))
        .where('submissions.status', '=', 'submitted')
        .orderBy('submissions.title')
        .execute();
    },

    async canReview(submissionId: string, reviewerId: string): Promise<boolean> {
      const row = await visibleTo(db, reviewerId)
        .where('assignments.submission_id', '=', submissionId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async reviewsOf(submissionId: string): Promise<Review[]> {
      return (
        await db.selectFrom('reviews').selectAll().where('submission_id', '=', submissionId).execute()
      ).map(toReview);
    },

    async saveReview(
      submissionId: string,
      reviewerId: string,
      review: Omit<Review, 'reviewerId' | 'submittedAt'>,
      submit: boolean,
    ): Promise<boolean> {
      // Checked here as well as in the route, so no other caller can change a review after review.
      const call = await db
        .selectFrom('submissions')
        .innerJoin('calls', 'calls.id', 'submissions.call_id')
        .select(['calls.phase', 'calls.decisions_released_at'])
        .where('submissions.id', '=', submissionId)
        .executeTakeFirst();
      if (
        !call ||
        !acceptsReviews({ phase: call.phase as Phase, decisionsReleasedAt: call.decisions_released_at })
      )
        return false;
      const now = nowIso();
      const values = {
        scores: JSON.stringify(review.scores),
        comments_to_authors: review.commentsToAuthors,
        confidential_comments: review.confidentialComments,
        recommendation: review.recommendation,
        updated_at: now,
      };
      await db
        .insertInto('reviews')
        .values({
          submission_id: submissionId,
          reviewer_id: reviewerId,
          ...values,
          submitted_at: submit ? now : null,
        })
        .onConflict((oc) =>
          oc
            .columns(['submission_id', 'reviewer_id'])
            .doUpdateSet(submit ? { ...values, submitted_at: now } : values),
        )
        .execute();
      return true;
    },

    async discussion(submissionId: string) {
      return db
        .selectFrom('case_discussion')
        .innerJoin('users', 'users.id', 'case_discussion.author_id')
        .select(['case_discussion.id', 'case_discussion.body', 'case_discussion.created_at', 'users.name'])
        .where('submission_id', '=', submissionId)
        .orderBy('case_discussion.created_at')
        .execute();
    },

    async post(submissionId: string, authorId: string, body: string) {
      await db
        .insertInto('case_discussion')
        .values({ id: newId(), submission_id: submissionId, author_id: authorId, body, created_at: nowIso() })
        .execute();
    },

    /** Assignments of a call for the admins' overview. */
    async assignmentsForCall(callId: string) {
      return db
        .selectFrom('assignments')
        .innerJoin('submissions', 'submissions.id', 'assignments.submission_id')
        .innerJoin('users', 'users.id', 'assignments.reviewer_id')
        .leftJoin('reviews', (join) =>
          join
            .onRef('reviews.submission_id', '=', 'assignments.submission_id')
            .onRef('reviews.reviewer_id', '=', 'assignments.reviewer_id'),
        )
        .select([
          'assignments.submission_id',
          'assignments.reviewer_id',
          'assignments.declined_at',
          'assignments.decline_reason',
          'users.name',
          'reviews.submitted_at',
        ])
        .where('submissions.call_id', '=', callId)
        .execute();
    },
  };
}

export type ReviewStore = ReturnType<typeof createReviewStore>;
