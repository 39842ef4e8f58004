import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CourseStore } from '../courses/course-store.ts';
import { contentLocale, pick } from '../courses/localize.ts';
import type { RateLimit } from '../identity/routes.tsx';
import { findUnit } from '../learning/learning-service.ts';
import { HttpError, notFound } from '../platform/http/errors.ts';
import { checked, pageNumber, safeNext, text } from '../platform/http/form-body.ts';
import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { type Action, authorize, can } from '../platform/policy.ts';
import type { PageContext, SignedInUser } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import { type DiscussionAccess, isModerator } from './access.ts';
import {
  type Community,
  caseTarget,
  type DiscussionTarget,
  type ModReason,
  type Post,
  REPLY_SORTS,
  REPORT_REASONS,
  SUSPENSION_DAYS,
  sortFrom,
  THREAD_SORTS,
  type Thread,
  unitTarget,
  type Viewer,
} from './community.ts';
import {
  type Abilities,
  DiscussionPage,
  EditPostPage,
  type Place,
  ReportPage,
  ThreadPage,
} from './views/discussion-pages.tsx';
import { ModerationPage } from './views/moderation-page.tsx';
import { NotificationsPage } from './views/notifications-page.tsx';
import { emptyForm, type PostFormState } from './views/post-parts.tsx';

export interface CommunityRouteOptions {
  community: Community;
  courses: CourseStore;
  /** A published case from the case library. */
  findCase(id: string): Promise<{ title: string } | null>;
  /** Per-IP limits on writing, on top of the per-account throttle in the database. */
  limits?: { post?: RateLimit; vote?: RateLimit };
}

const DEFAULT_LIMITS = {
  post: { max: 30, timeWindow: 10 * 60_000 },
  vote: { max: 120, timeWindow: 10 * 60_000 },
};

const NOTICES: Record<string, string> = {
  posted: 'community.done.posted',
  held: 'community.done.held',
  replied: 'community.done.replied',
  edited: 'community.done.edited',
  reported: 'community.done.reported',
  hidden: 'community.done.hidden',
  restored: 'community.done.restored',
  approved: 'community.done.approved',
  dismissed: 'community.done.dismissed',
  locked: 'community.done.locked',
  unlocked: 'community.done.unlocked',
  suspended: 'community.done.suspended',
  lifted: 'community.done.lifted',
  read: 'community.done.read',
  saved: 'community.done.saved',
};

const noticeFrom = (request: FastifyRequest) =>
  NOTICES[String((request.query as { done?: string }).done ?? '')] ?? undefined;

/** `path` with `done=…` added to its query, before any fragment. */
function withDone(path: string, done: string, fragment = ''): string {
  return `${path}${path.includes('?') ? '&' : '?'}done=${done}${fragment}`;
}

const viewerOf = (user: SignedInUser | null): Viewer | null =>
  user ? { id: user.id, moderator: isModerator(user) } : null;

function languageFrom(value: unknown): Locale | null {
  return isLocale(value) ? value : null;
}

function postInput(body: unknown, withTitle: boolean) {
  return {
    ...(withTitle ? { title: text(body, 'title') } : {}),
    body: text(body, 'body'),
    language: text(body, 'language'),
  };
}

function modReason(body: unknown): ModReason {
  const code = text(body, 'reason');
  return {
    code: (REPORT_REASONS as readonly string[]).includes(code) ? code : 'other',
    note: text(body, 'note').trim().slice(0, 500),
  };
}

export function registerCommunityRoutes(app: FastifyInstance, options: CommunityRouteOptions) {
  const { community, courses, findCase } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const postLimit = { config: { rateLimit: limits.post } };
  const voteLimit = { config: { rateLimit: limits.vote } };

  /** Where a discussion lives, or null when its unit or case is not (or no longer) published. */
  async function placeOf(c: PageContext, target: DiscussionTarget): Promise<Place | null> {
    if (target.scope === 'case') {
      const item = await findCase(target.target);
      return item
        ? {
            title: item.title,
            context: '',
            listed: true,
            href: c.href(`/cases/${target.target}`),
            discussionPath: `/cases/${target.target}/discussion`,
          }
        : null;
    }
    const slash = target.target.indexOf('/');
    const slug = target.target.slice(0, slash);
    const unitId = target.target.slice(slash + 1);
    const course = await courses.version(slug);
    const unit = course ? findUnit(course, unitId) : undefined;
    if (!course || !unit) return null;
    const { locale } = contentLocale(course.pkg, c.locale);
    return {
      title: unit.texts[locale]?.title ?? unit.texts.en?.title ?? unit.id,
      context: pick(course.pkg.title, locale),
      listed: false,
      href: c.href(`/courses/${slug}/units/${unitId}`),
      discussionPath: `/courses/${slug}/units/${unitId}/discussion`,
    };
  }

  async function accessOf(
    user: SignedInUser | null,
    target: DiscussionTarget,
  ): Promise<{ access: DiscussionAccess; suspendedUntil?: string }> {
    const suspension = user ? await community.activeSuspension(user.id) : null;
    const enrolled =
      target.scope === 'unit' && user && target.courseSlug
        ? await community.enrolled(user.id, target.courseSlug)
        : false;
    return {
      access: { scope: target.scope, enrolled, suspended: suspension !== null },
      ...(suspension ? { suspendedUntil: suspension.until } : {}),
    };
  }

  /** As `authorize`, but a suspended person is told why rather than shown a bare refusal. */
  function authorizeWrite(
    user: SignedInUser | null,
    action: Action,
    resource: unknown,
    access: DiscussionAccess,
  ): asserts user is SignedInUser {
    if (user && access.suspended && !can(user, action, resource))
      throw new HttpError(403, 'community.errors.suspended');
    authorize(user, action, resource);
  }

  function abilitiesOf(
    user: SignedInUser | null,
    access: DiscussionAccess,
    suspendedUntil: string | undefined,
  ): Abilities {
    const post = can(user, 'community.post', access);
    return {
      post,
      moderator: isModerator(user),
      ...(post
        ? {}
        : {
            reason: !user
              ? 'community.signInToPost'
              : access.suspended
                ? 'community.errors.suspended'
                : 'community.enrollToDiscuss',
          }),
      ...(suspendedUntil ? { suspendedUntil } : {}),
    };
  }

  const targetOfThread = (thread: Thread): DiscussionTarget => ({
    scope: thread.scope,
    target: thread.target,
    courseSlug: thread.courseSlug,
  });

  async function sendDiscussion(
    request: FastifyRequest,
    reply: FastifyReply,
    target: DiscussionTarget,
    form?: PostFormState,
    status = 200,
  ) {
    const c = reply.pageContext();
    const place = await placeOf(c, target);
    if (!place) throw notFound();
    const { access, suspendedUntil } = await accessOf(request.user, target);
    if (target.scope === 'unit') authorize(request.user, 'community.read', access);
    const q = request.query as Record<string, unknown>;
    const sort = sortFrom(q.sort, THREAD_SORTS);
    const language = languageFrom(q.lang);
    const page = pageNumber(q.page);
    const { threads, total } = await community.listThreads(target, {
      sort,
      language,
      page,
      viewer: viewerOf(request.user),
    });
    return sendPage(
      reply,
      DiscussionPage({
        c,
        place,
        threads,
        total,
        page,
        sort,
        language,
        abilities: abilitiesOf(request.user, access, suspendedUntil),
        form: form ?? emptyForm(c),
        notice: noticeFrom(request),
      }),
      status,
    );
  }

  async function createThread(request: FastifyRequest, reply: FastifyReply, target: DiscussionTarget) {
    const c = reply.pageContext();
    if (!(await placeOf(c, target))) throw notFound();
    const { access } = await accessOf(request.user, target);
    authorizeWrite(request.user, 'community.post', access, access);
    const input = postInput(request.body, true);
    const result = await community.createThread(viewerOf(request.user)!, target, input);
    if (!result.ok) {
      return sendDiscussion(
        request,
        reply,
        target,
        { values: input, errors: result.errors },
        result.throttled ? 429 : 422,
      );
    }
    return reply.redirect(
      withDone(
        `/${request.locale}/discussions/${result.threadId}`,
        result.status === 'held' ? 'held' : 'posted',
      ),
      303,
    );
  }

  app.get(
    '/:locale/courses/:slug/units/:unitId/discussion',
    { config: { pageCache: true } },
    async (request, reply) => {
      const { slug, unitId } = request.params as { slug: string; unitId: string };
      return sendDiscussion(request, reply, unitTarget(slug, unitId));
    },
  );
  app.post('/:locale/courses/:slug/units/:unitId/discussion', postLimit, async (request, reply) => {
    const { slug, unitId } = request.params as { slug: string; unitId: string };
    return createThread(request, reply, unitTarget(slug, unitId));
  });
  app.get('/:locale/cases/:id/discussion', { config: { pageCache: true } }, async (request, reply) =>
    sendDiscussion(request, reply, caseTarget((request.params as { id: string }).id)),
  );
  app.post('/:locale/cases/:id/discussion', postLimit, async (request, reply) =>
    createThread(request, reply, caseTarget((request.params as { id: string }).id)),
  );

  /** A thread, its place and the viewer's access to it; 404 when any of them is gone. */
  async function loadThread(request: FastifyRequest, reply: FastifyReply, threadId: string) {
    const thread = await community.thread(threadId);
    if (!thread) throw notFound();
    const target = targetOfThread(thread);
    const place = await placeOf(reply.pageContext(), target);
    if (!place) throw notFound();
    // A held thread is its author's and the moderators' until it is approved.
    if (!(await community.threadVisibleTo(thread.id, viewerOf(request.user)))) throw notFound();
    const { access, suspendedUntil } = await accessOf(request.user, target);
    return { thread, target, place, access, suspendedUntil };
  }

  async function sendThread(
    request: FastifyRequest,
    reply: FastifyReply,
    threadId: string,
    form?: PostFormState,
    status = 200,
  ) {
    const { thread, place, access, suspendedUntil } = await loadThread(request, reply, threadId);
    if (thread.scope === 'unit') authorize(request.user, 'community.read', access);
    const c = reply.pageContext();
    const q = request.query as Record<string, unknown>;
    const sort = sortFrom(q.sort, REPLY_SORTS);
    const language = languageFrom(q.lang);
    const page = pageNumber(q.page);
    const viewer = viewerOf(request.user);
    const { opening, replies, total } = await community.posts(thread.id, { sort, language, page, viewer });
    if (!opening) throw notFound();
    if (request.user && request.user.unreadNotifications > 0) {
      // The header's unread count was read with the session; this page has just read some of them.
      // (With nothing unread there is nothing to mark: no write on every page view.)
      const read = await community.markThreadRead(request.user.id, thread.id);
      request.user.unreadNotifications = Math.max(0, request.user.unreadNotifications - read);
    }
    const abilities = abilitiesOf(request.user, access, suspendedUntil);
    return sendPage(
      reply,
      ThreadPage({
        c,
        place,
        thread,
        opening,
        replies,
        total,
        page,
        sort,
        language,
        abilities: {
          ...abilities,
          reply: can(request.user, 'community.reply', { access, locked: thread.lockedAt !== null }),
          vote: !!request.user && !access.suspended,
        },
        editable: (post) => community.editable(post),
        form: form ?? emptyForm(c),
        notice: noticeFrom(request),
      }),
      status,
    );
  }

  app.get('/:locale/discussions/:threadId', { config: { pageCache: true } }, async (request, reply) =>
    sendThread(request, reply, (request.params as { threadId: string }).threadId),
  );

  app.post('/:locale/discussions/:threadId/replies', postLimit, async (request, reply) => {
    const { thread, access } = await loadThread(
      request,
      reply,
      (request.params as { threadId: string }).threadId,
    );
    authorizeWrite(request.user, 'community.reply', { access, locked: thread.lockedAt !== null }, access);
    const input = postInput(request.body, false);
    const result = await community.reply(viewerOf(request.user)!, thread, input);
    if (!result.ok) {
      return sendThread(
        request,
        reply,
        thread.id,
        { values: input, errors: result.errors },
        result.throttled ? 429 : 422,
      );
    }
    return reply.redirect(
      withDone(
        `/${request.locale}/discussions/${thread.id}`,
        result.status === 'held' ? 'held' : 'replied',
        `#post-${result.postId}`,
      ),
      303,
    );
  });

  /** A post with its thread and the viewer's access; 404 when gone or held from this viewer. */
  async function loadPost(request: FastifyRequest, reply: FastifyReply) {
    const post = await community.post((request.params as { postId: string }).postId);
    if (!post) throw notFound();
    const loaded = await loadThread(request, reply, post.threadId);
    const viewer = viewerOf(request.user);
    if (post.status === 'held' && !(viewer?.moderator || viewer?.id === post.authorId)) throw notFound();
    return { post, ...loaded };
  }

  function authorizeEdit(request: FastifyRequest, post: Post, access: DiscussionAccess) {
    const editable = community.editable(post);
    if (request.user?.id === post.authorId && !editable)
      throw new HttpError(403, 'community.errors.editWindowClosed');
    authorizeWrite(request.user, 'community.edit', { access, post, editable }, access);
  }

  const editMinutes = Math.round(community.settings.editWindowMs / 60_000);

  app.get('/:locale/discussions/posts/:postId/edit', async (request, reply) => {
    const { post, thread, access } = await loadPost(request, reply);
    authorizeEdit(request, post, access);
    const form = {
      values: { title: thread.title, body: post.body, language: post.language },
      errors: {},
    };
    return sendPage(
      reply,
      EditPostPage({ c: reply.pageContext(), post, thread, form, minutes: editMinutes }),
    );
  });

  app.post('/:locale/discussions/posts/:postId/edit', postLimit, async (request, reply) => {
    const { post, thread, access } = await loadPost(request, reply);
    authorizeEdit(request, post, access);
    const input = postInput(request.body, post.kind === 'opening');
    const result = await community.edit(post, input);
    if (!result.ok) {
      const form = { values: input, errors: result.errors };
      return sendPage(
        reply,
        EditPostPage({ c: reply.pageContext(), post, thread, form, minutes: editMinutes }),
        422,
      );
    }
    return reply.redirect(
      withDone(`/${request.locale}/discussions/${thread.id}`, 'edited', `#post-${post.id}`),
      303,
    );
  });

  app.post('/:locale/discussions/posts/:postId/vote', voteLimit, async (request, reply) => {
    const { post, access } = await loadPost(request, reply);
    authorizeWrite(request.user, 'community.vote', { access, post }, access);
    // Hidden and held posts collect no votes.
    if (post.status !== 'visible') throw notFound();
    await community.vote(request.user.id, post.id, text(request.body, 'up') !== '0');
    const next = safeNext((request.query as { next?: string }).next);
    const back = next === '/' ? `/discussions/${post.threadId}` : next;
    return reply.redirect(`/${request.locale}${back}#post-${post.id}`, 303);
  });

  app.get('/:locale/discussions/posts/:postId/report', async (request, reply) => {
    const { post, thread, access } = await loadPost(request, reply);
    authorizeWrite(request.user, 'community.report', { access, post }, access);
    return sendPage(reply, ReportPage({ c: reply.pageContext(), post, thread, state: { errors: {} } }));
  });

  app.post('/:locale/discussions/posts/:postId/report', postLimit, async (request, reply) => {
    const { post, thread, access } = await loadPost(request, reply);
    authorizeWrite(request.user, 'community.report', { access, post }, access);
    const reason = text(request.body, 'reason');
    const note = text(request.body, 'note');
    const result = await community.report(request.user.id, post.id, reason, note);
    if (!result.ok) {
      return sendPage(
        reply,
        ReportPage({ c: reply.pageContext(), post, thread, state: { reason, note, errors: result.errors } }),
        422,
      );
    }
    return reply.redirect(
      withDone(`/${request.locale}/discussions/${thread.id}`, 'reported', `#post-${post.id}`),
      303,
    );
  });

  // Moderation

  app.get('/:locale/moderation', async (request, reply) => {
    authorize(request.user, 'community.moderate');
    const [{ reported, held }, suspensions, log] = await Promise.all([
      community.queue(),
      community.suspensions(),
      community.auditLog(),
    ]);
    return sendPage(
      reply,
      ModerationPage({
        c: reply.pageContext(),
        reported,
        held,
        suspensions,
        log,
        notice: noticeFrom(request),
      }),
    );
  });

  app.get('/:locale/moderation/posts/:postId', async (request, reply) => {
    authorize(request.user, 'community.moderate');
    const post = await community.post((request.params as { postId: string }).postId);
    if (!post) throw notFound();
    return reply.redirect(`/${request.locale}/discussions/${post.threadId}#post-${post.id}`, 303);
  });

  const backTo = (request: FastifyRequest, done: string) => {
    const next = safeNext((request.query as { next?: string }).next);
    return withDone(`/${request.locale}${next === '/' ? '/moderation' : next}`, done);
  };

  const postActions = {
    hide: ['hidden', (m: string, id: string, r: ModReason) => community.hide(m, id, r)],
    restore: ['restored', (m: string, id: string, r: ModReason) => community.restore(m, id, r)],
    approve: ['approved', (m: string, id: string, r: ModReason) => community.approve(m, id, r)],
  } as const;

  for (const [verb, [done, act]] of Object.entries(postActions)) {
    app.post(`/:locale/moderation/posts/:postId/${verb}`, async (request, reply) => {
      authorize(request.user, 'community.moderate');
      const { postId } = request.params as { postId: string };
      if (!(await act(request.user.id, postId, modReason(request.body)))) throw notFound();
      return reply.redirect(backTo(request, done), 303);
    });
  }

  app.post('/:locale/moderation/posts/:postId/dismiss', async (request, reply) => {
    authorize(request.user, 'community.moderate');
    const post = await community.post((request.params as { postId: string }).postId);
    if (!post) throw notFound();
    await community.dismissReports(request.user.id, post.id, modReason(request.body));
    return reply.redirect(backTo(request, 'dismissed'), 303);
  });

  app.post('/:locale/moderation/posts/:postId/suspend-author', async (request, reply) => {
    authorize(request.user, 'community.moderate');
    const post = await community.post((request.params as { postId: string }).postId);
    if (!post) throw notFound();
    // Moderators do not suspend themselves by accident from their own post's tools.
    if (post.authorId === request.user.id) throw new HttpError(403, 'errors.forbidden.body');
    const days = Number(text(request.body, 'days'));
    const chosen = (SUSPENSION_DAYS as readonly number[]).includes(days) ? days : SUSPENSION_DAYS[0];
    await community.suspend(request.user.id, post.authorId, chosen, modReason(request.body));
    return reply.redirect(backTo(request, 'suspended'), 303);
  });

  app.post('/:locale/moderation/suspensions/:id/lift', async (request, reply) => {
    authorize(request.user, 'community.moderate');
    const { id } = request.params as { id: string };
    if (!(await community.lift(request.user.id, id, modReason(request.body)))) throw notFound();
    return reply.redirect(backTo(request, 'lifted'), 303);
  });

  for (const verb of ['lock', 'unlock'] as const) {
    app.post(`/:locale/moderation/threads/:threadId/${verb}`, async (request, reply) => {
      authorize(request.user, 'community.moderate');
      const thread = await community.thread((request.params as { threadId: string }).threadId);
      if (!thread) throw notFound();
      await community.setLocked(request.user.id, thread.id, verb === 'lock', modReason(request.body));
      return reply.redirect(
        withDone(`/${request.locale}/discussions/${thread.id}`, verb === 'lock' ? 'locked' : 'unlocked'),
        303,
      );
    });
  }

  // Notifications

  app.get('/:locale/notifications', async (request, reply) => {
    authorize(request.user, 'community.notifications');
    const [items, unread, digest] = await Promise.all([
      community.notifications(request.user.id),
      community.unreadCount(request.user.id),
      community.digestEnabled(request.user.id),
    ]);
    return sendPage(
      reply,
      NotificationsPage({ c: reply.pageContext(), items, unread, digest, notice: noticeFrom(request) }),
    );
  });

  app.post('/:locale/notifications/read', async (request, reply) => {
    authorize(request.user, 'community.notifications');
    await community.markAllRead(request.user.id);
    return reply.redirect(`/${request.locale}/notifications?done=read`, 303);
  });

  app.post('/:locale/notifications/settings', async (request, reply) => {
    authorize(request.user, 'community.notifications');
    await community.setDigest(request.user.id, checked(request.body, 'digest'));
    return reply.redirect(`/${request.locale}/notifications?done=saved`, 303);
  });
}
