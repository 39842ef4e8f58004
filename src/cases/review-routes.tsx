import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../platform/http/errors.ts';
import { list, text } from '../platform/http/form-body.ts';
import { isLocale } from '../platform/i18n/locales.ts';
import { authorize } from '../platform/policy.ts';
import type { FileStorage } from '../platform/storage/storage.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import { sendPage } from '../platform/views/render.ts';
import { acceptsReviews, type CallStore } from './calls.ts';
import { UNESCO_REGIONS } from './regions.ts';
import type { Review, ReviewStore } from './review-store.ts';
import { PRINCIPLE_SLUGS } from './submission-fields.ts';
import type { SubmissionStore } from './submissions.ts';
import { ReviewerHomePage, ReviewerProfilePage, ReviewPage } from './views/review-pages.tsx';

interface Options {
  calls: CallStore;
  submissions: SubmissionStore;
  reviews: ReviewStore;
  storage: FileStorage;
  nameOf(userId: string): Promise<string>;
}

const RECOMMENDATIONS = ['select', 'shortlist', 'decline'] as const;

export function registerReviewRoutes(
  app: FastifyInstance,
  { calls, submissions, reviews, storage, nameOf }: Options,
) {
  /**
   * The case as this reviewer may see it, or 404: an unassigned or conflicted reviewer learns nothing,
   * not even that the case exists.
   */
  async function visibleCase(request: FastifyRequest) {
    authorize(request.user, 'reviews.participate');
    const id = (request.params as { id: string }).id;
    if (!(await reviews.canReview(id, request.user.id))) throw notFound();
    const submission = (await submissions.get(id))!;
    const call = (await calls.byId(submission.callId))!;
    return { submission, call, user: request.user };
  }

  async function reviewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: Record<string, string>; notice?: string } = {},
    status = 200,
  ) {
    const { submission, call, user } = await visibleCase(request);
    const all = await reviews.reviewsOf(submission.id);
    const mine = all.find((r) => r.reviewerId === user.id);
    const others = await Promise.all(
      all
        .filter((r) => r.reviewerId !== user.id)
        .map(async (r) => ({ ...r, name: await nameOf(r.reviewerId) })),
    );
    return sendPage(
      reply,
      ReviewPage({
        c: reply.pageContext(),
        call,
        submission,
        ownerName: await nameOf(submission.ownerId),
        mine,
        others,
        discussion: await reviews.discussion(submission.id),
        errors: extra.errors ?? {},
        values: extra.values,
        notice: extra.notice,
      }),
      status,
    );
  }

  app.get('/:locale/review', async (request, reply) => {
    authorize(request.user, 'reviews.participate');
    const cases = await reviews.visibleCases(request.user.id);
    const profile = await reviews.profile(request.user.id);
    return sendPage(reply, ReviewerHomePage({ c: reply.pageContext(), cases, hasProfile: profile !== null }));
  });

  app.get('/:locale/review/profile', async (request, reply) => {
    authorize(request.user, 'reviews.participate');
    const profile = (await reviews.profile(request.user.id)) ?? {};
    const notice = (request.query as { done?: string }).done ? 'review.profileSaved' : undefined;
    return sendPage(reply, ReviewerProfilePage({ c: reply.pageContext(), profile, errors: {}, notice }));
  });

  app.post('/:locale/review/profile', async (request, reply) => {
    authorize(request.user, 'reviews.participate');
    const profile = {
      expertise: list(request.body, 'expertise').filter((p) => PRINCIPLE_SLUGS.includes(p)),
      region: text(request.body, 'region'),
      languages: list(request.body, 'languages').filter(isLocale),
      organisation: text(request.body, 'organisation').trim().slice(0, 200),
      maxLoad: Number(text(request.body, 'max_load')),
    };
    const errors: FieldErrors = {};
    if (!profile.expertise.length) errors.expertise = 'review.errors.expertise';
    if (!(UNESCO_REGIONS as readonly string[]).includes(profile.region))
      errors.region = 'form.errors.countryRequired';
    if (!profile.languages.length) errors.languages = 'review.errors.languages';
    if (!profile.organisation) errors.organisation = 'review.errors.organisation';
    if (!Number.isInteger(profile.maxLoad) || profile.maxLoad < 0 || profile.maxLoad > 100)
      errors.max_load = 'review.errors.maxLoad';
    if (Object.keys(errors).length)
      return sendPage(reply, ReviewerProfilePage({ c: reply.pageContext(), profile, errors }), 422);
    await reviews.saveProfile(request.user.id, profile);
    return reply.redirect(`/${request.locale}/review/profile?done=1`, 303);
  });

  app.get('/:locale/review/:id', async (request, reply) => {
    const notice = {
      saved: 'review.notices.saved',
      submitted: 'review.notices.submitted',
      posted: 'review.notices.posted',
    }[(request.query as { done?: string }).done ?? ''];
    return reviewPage(request, reply, { notice });
  });

  app.post('/:locale/review/:id', async (request, reply) => {
    const { submission, call, user } = await visibleCase(request);
    if (!acceptsReviews(call)) return reviewPage(request, reply, { notice: 'review.closed' }, 409);
    const submit = text(request.body, 'intent') === 'submit';
    const errors: FieldErrors = {};
    const values: Record<string, string> = {};
    const scores: Record<string, number> = {};
    for (const criterion of call.rubric) {
      const raw = text(request.body, `score_${criterion.id}`);
      values[`score_${criterion.id}`] = raw;
      if (!raw) {
        if (submit && criterion.required) errors[`score_${criterion.id}`] = 'review.errors.score';
        continue;
      }
      const score = Number(raw);
      if (!Number.isInteger(score) || score < 1 || score > criterion.scale)
        errors[`score_${criterion.id}`] = 'review.errors.score';
      else scores[criterion.id] = score;
    }
    const recommendation = text(request.body, 'recommendation') as Review['recommendation'];
    values.recommendation = recommendation;
    if (!RECOMMENDATIONS.includes(recommendation)) errors.recommendation = 'review.errors.recommendation';
    const commentsToAuthors = text(request.body, 'comments_to_authors').trim().slice(0, 10_000);
    const confidentialComments = text(request.body, 'confidential_comments').trim().slice(0, 10_000);
    values.comments_to_authors = commentsToAuthors;
    values.confidential_comments = confidentialComments;
    if (submit && !commentsToAuthors) errors.comments_to_authors = 'review.errors.comments';
    if (Object.keys(errors).length) return reviewPage(request, reply, { errors, values }, 422);
    const saved = await reviews.saveReview(
      submission.id,
      user.id,
      { scores, recommendation, commentsToAuthors, confidentialComments },
      submit,
    );
    if (!saved) return reviewPage(request, reply, { notice: 'review.closed' }, 409);
    return reply.redirect(
      `/${request.locale}/review/${submission.id}?done=${submit ? 'submitted' : 'saved'}`,
      303,
    );
  });

  app.post('/:locale/review/:id/discussion', async (request, reply) => {
    const { submission, user } = await visibleCase(request);
    const body = text(request.body, 'body').trim();
    if (!body || body.length > 5000)
      return reviewPage(request, reply, { errors: { body: 'review.errors.post' } }, 422);
    await reviews.post(submission.id, user.id, body);
    return reply.redirect(`/${request.locale}/review/${submission.id}?done=posted#discussion-title`, 303);
  });

  /** Declining (or declaring a conflict) hands the case back; the assignment runs again to refill it. */
  app.post('/:locale/review/:id/decline', async (request, reply) => {
    const { submission, call, user } = await visibleCase(request);
    if (!acceptsReviews(call)) return reviewPage(request, reply, { notice: 'review.closed' }, 409);
    const reason = text(request.body, 'reason').trim();
    if (!reason) return reviewPage(request, reply, { errors: { reason: 'review.errors.reason' } }, 422);
    if (text(request.body, 'kind') === 'conflict')
      await reviews.declareConflict(submission.id, user.id, 'reviewer', reason);
    else await reviews.decline(submission.id, user.id, reason);
    await reviews.autoAssign(call, 'auto');
    return reply.redirect(`/${request.locale}/review?done=declined`, 303);
  });

  app.get('/review/:id/files/:fileId', async (request, reply) => {
    const { submission } = await visibleCase(request);
    const file = submission.files.find((f) => f.id === (request.params as { fileId: string }).fileId);
    const stream = file ? storage.stream(file.storageKey) : null;
    if (!file || !stream) throw notFound();
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]+/g, '_')}"`)
      .header('cache-control', 'private, no-store')
      .send(stream);
  });
}
