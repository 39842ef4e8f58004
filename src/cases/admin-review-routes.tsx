import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../platform/db/database.ts';
import { notFound } from '../platform/http/errors.ts';
import { text } from '../platform/http/form-body.ts';
import { authorize } from '../platform/policy.ts';
import { sendPage } from '../platform/views/render.ts';
import type { Call, CallStore } from './calls.ts';
import { DECISIONS, type Decision, type Decisions } from './decisions.ts';
import { aggregate, type ReviewStore } from './review-store.ts';
import { type AdminCaseRow, AdminReviewPage } from './views/admin-review-page.tsx';

interface Options {
  db: Db;
  calls: CallStore;
  reviews: ReviewStore;
  decisions: Decisions;
}

const NOTICES: Record<string, string> = {
  assigned: 'adminReview.notices.assigned',
  decided: 'adminReview.notices.decided',
  released: 'adminReview.notices.released',
  undecided: 'adminReview.notices.undecided',
  conflict: 'adminReview.notices.conflict',
  changed: 'adminReview.notices.changed',
  'conflict-refused': 'adminReview.notices.conflictRefused',
};

export function registerAdminReviewRoutes(app: FastifyInstance, { db, calls, reviews, decisions }: Options) {
  async function callOf(request: FastifyRequest): Promise<Call> {
    authorize(request.user, 'calls.manage');
    const call = await calls.byId((request.params as { id: string }).id);
    if (!call) throw notFound();
    return call;
  }

  /** The submission named in a form, if it belongs to this call. */
  async function caseOf(call: Call, request: FastifyRequest) {
    const id = text(request.body, 'submission');
    const row = await db
      .selectFrom('submissions')
      .select('id')
      .where('id', '=', id)
      .where('call_id', '=', call.id)
      .executeTakeFirst();
    if (!row) throw notFound();
    return row.id;
  }

  const back = (request: FastifyRequest, reply: FastifyReply, call: Call, done: string) =>
    reply.redirect(`/${request.locale}/admin/calls/${call.id}/review?done=${done}`, 303);

  app.get('/:locale/admin/calls/:id/review', async (request, reply) => {
    const call = await callOf(request);
    // Found before the lists are built, so a conflicted reviewer is never offered for a case.
    await reviews.detectConflicts(call.id);
    const rows = await db
      .selectFrom('submissions')
      .innerJoin('users', 'users.id', 'submissions.owner_id')
      .select(['submissions.id', 'submissions.title', 'submissions.decision', 'users.name', 'users.email'])
      .where('submissions.call_id', '=', call.id)
      .where('submissions.status', '=', 'submitted')
      .orderBy('submissions.title')
      .execute();
    const assignments = await reviews.assignmentsForCall(call.id);
    const conflicts = await reviews.conflictsForCall(call.id);
    const group = await reviews.group();
    const cases: AdminCaseRow[] = [];
    for (const row of rows) {
      const mine = assignments.filter((a) => a.submission_id === row.id);
      const blocked = new Set([
        ...mine.map((a) => a.reviewer_id),
        ...conflicts
          .filter((x) => x.submission_id === row.id && x.status !== 'cleared')
          .map((x) => x.reviewer_id),
      ]);
      const agg = aggregate(call.rubric, await reviews.reviewsOf(row.id));
      cases.push({
        id: row.id,
        title: row.title,
        owner: row.name,
        ownerEmail: row.email,
        decision: row.decision,
        mean: agg.mean,
        spread: agg.spread,
        disagreement: agg.disagreement,
        reviewers: mine.map((a) => ({
          id: a.reviewer_id,
          name: a.name,
          state: a.declined_at ? 'declined' : a.submitted_at ? 'submitted' : 'pending',
        })),
        assignable: group.filter((g) => !blocked.has(g.userId)).map((g) => ({ id: g.userId, name: g.name })),
      });
    }
    const notice = NOTICES[(request.query as { done?: string }).done ?? ''];
    return sendPage(reply, AdminReviewPage({ c: reply.pageContext(), call, cases, conflicts, notice }));
  });

  app.post('/:locale/admin/calls/:id/review/assign', async (request, reply) => {
    const call = await callOf(request);
    await reviews.autoAssign(call, request.user!.id);
    return back(request, reply, call, 'assigned');
  });

  app.post('/:locale/admin/calls/:id/review/assign-one', async (request, reply) => {
    const call = await callOf(request);
    const submission = await caseOf(call, request);
    const reviewer = text(request.body, 'reviewer');
    const member = (await reviews.group()).find((g) => g.userId === reviewer);
    if (!member) throw notFound();
    // A manual override still respects conflicts: clearing one is a separate, recorded decision.
    const result = await reviews.assign(submission, reviewer, request.user!.id);
    if (result === 'unknown') throw notFound();
    return back(request, reply, call, result === 'conflict' ? 'conflict-refused' : 'changed');
  });

  app.post('/:locale/admin/calls/:id/review/unassign', async (request, reply) => {
    const call = await callOf(request);
    await reviews.unassign(await caseOf(call, request), text(request.body, 'reviewer'));
    return back(request, reply, call, 'changed');
  });

  app.post('/:locale/admin/calls/:id/review/conflict', async (request, reply) => {
    const call = await callOf(request);
    const status = text(request.body, 'status');
    if (status !== 'confirmed' && status !== 'cleared') throw notFound();
    await reviews.setConflictStatus(
      await caseOf(call, request),
      text(request.body, 'reviewer'),
      status,
      request.user!.id,
    );
    return back(request, reply, call, 'conflict');
  });

  app.post('/:locale/admin/calls/:id/review/decide', async (request, reply) => {
    const call = await callOf(request);
    const decision = text(request.body, 'decision');
    if (decision && !DECISIONS.includes(decision as Decision)) throw notFound();
    await decisions.record(await caseOf(call, request), (decision || null) as Decision | null);
    return back(request, reply, call, 'decided');
  });

  app.post('/:locale/admin/calls/:id/review/release', async (request, reply) => {
    const call = await callOf(request);
    const result = await decisions.release(call);
    return back(request, reply, call, result.released ? 'released' : 'undecided');
  });
}
