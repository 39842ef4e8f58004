import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { Schema } from '../platform/db/schema.ts';
import { isLocale, type Locale } from '../platform/i18n/locales.ts';
import { newId, nowIso } from '../platform/ids.ts';
import { bodyProblem, hasLink, renderPostBody, TITLE_MAX } from './post-body.ts';

export type Scope = 'unit' | 'case';
export type PostStatus = 'visible' | 'held' | 'hidden';
export const THREAD_SORTS = ['newest', 'helpful'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const REPLY_SORTS = ['oldest', 'newest', 'helpful'] as const;
export type ReplySort = (typeof REPLY_SORTS)[number];
export const REPORT_REASONS = ['spam', 'harassment', 'off-topic', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const SUSPENSION_DAYS = [1, 7, 30, 365] as const;

export const THREADS_PER_PAGE = 10;
export const REPLIES_PER_PAGE = 20;
/** Authors may correct their post for this long after writing it. */
export const EDIT_WINDOW_MS = 30 * 60_000;
/** Accounts younger than this post under stricter limits, and their links wait for a moderator. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60_000;
const NOTE_MAX = 1000;

/** Per-account posting limits, counted in the database so every app node agrees. */
export interface PostingLimits {
  windowMs: number;
  max: number;
  /** The limit for accounts younger than `newAccountMs`. */
  maxNew: number;
}

export interface CommunityOptions {
  editWindowMs: number;
  newAccountMs: number;
  posting: PostingLimits;
}

export const DEFAULT_COMMUNITY_OPTIONS: CommunityOptions = {
  editWindowMs: EDIT_WINDOW_MS,
  newAccountMs: NEW_ACCOUNT_MS,
  posting: { windowMs: 10 * 60_000, max: 10, maxNew: 3 },
};

/** Where a discussion lives: a course unit or a published case. */
export interface DiscussionTarget {
  scope: Scope;
  /** "courseSlug/unitId" for a unit; the case id for a case. */
  target: string;
  courseSlug: string | null;
}

export const unitTarget = (slug: string, unitId: string): DiscussionTarget => ({
  scope: 'unit',
  target: `${slug}/${unitId}`,
  courseSlug: slug,
});
export const caseTarget = (id: string): DiscussionTarget => ({ scope: 'case', target: id, courseSlug: null });

/** Who is looking: moderators see held and hidden posts in full. */
export interface Viewer {
  id: string;
  moderator: boolean;
}

export interface Post {
  id: string;
  threadId: string;
  authorId: string;
  authorName: string;
  kind: 'opening' | 'reply';
  body: string;
  bodyHtml: string;
  language: string;
  status: PostStatus;
  score: number;
  createdAt: string;
  editedAt: string | null;
  /** Whether the viewer upvoted it. */
  voted: boolean;
}

export interface Thread {
  id: string;
  scope: Scope;
  target: string;
  courseSlug: string | null;
  authorId: string;
  title: string;
  lockedAt: string | null;
  createdAt: string;
}

export interface ThreadSummary {
  id: string;
  title: string;
  authorName: string;
  language: string;
  status: PostStatus;
  score: number;
  replies: number;
  locked: boolean;
  createdAt: string;
}

export interface PostInput {
  title?: string;
  body: string;
  language: string;
}

/** Field name → message key. */
export type PostErrors = Record<string, string>;

export type WriteResult =
  | { ok: true; threadId: string; postId: string; status: PostStatus }
  | { ok: false; errors: PostErrors; throttled?: boolean };

export interface QueueItem {
  post: Post;
  thread: Thread;
  reports: { id: string; reason: string; note: string; reporterName: string; createdAt: string }[];
}

export interface AuditEntry {
  id: string;
  actorName: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: ModReason;
  createdAt: string;
}

/** Why a moderator acted: one of REPORT_REASONS, and their own words. */
export interface ModReason {
  code: string;
  note: string;
}

export interface Suspension {
  id: string;
  userId: string;
  userName: string;
  until: string;
  reason: string;
}

export interface NotificationItem {
  id: string;
  threadId: string;
  postId: string;
  threadTitle: string;
  actorName: string;
  createdAt: string;
  read: boolean;
}

type Tx = Kysely<Schema> | Transaction<Schema>;

function validate(input: PostInput, withTitle: boolean): PostErrors {
  const errors: PostErrors = {};
  if (withTitle) {
    const title = (input.title ?? '').trim();
    if (!title) errors.title = 'community.errors.titleRequired';
    else if (title.length > TITLE_MAX) errors.title = 'community.errors.titleTooLong';
  }
  const problem = bodyProblem(input.body);
  if (problem === 'empty' || problem === 'nothingLeft') errors.body = 'community.errors.bodyRequired';
  else if (problem === 'tooLong') errors.body = 'community.errors.bodyTooLong';
  else if (problem === 'script') errors.body = 'community.errors.script';
  if (!isLocale(input.language)) errors.language = 'community.errors.languageRequired';
  return errors;
}

/**
 * Discussions on units and cases, their moderation and the notifications they cause. Access rules are
 * the policy's; this service keeps the data consistent (one vote per person, throttles, holds).
 */
export function createCommunity({ db, options = {} }: { db: Db; options?: Partial<CommunityOptions> }) {
  const settings: CommunityOptions = { ...DEFAULT_COMMUNITY_OPTIONS, ...options };

  const postColumns = [
    'p.id',
    'p.thread_id',
    'p.author_id',
    'u.name as author_name',
    'p.kind',
    'p.body',
    'p.body_html',
    'p.language',
    'p.status',
    'p.score',
    'p.created_at',
    'p.edited_at',
  ] as const;

  function toPost(
    row: {
      id: string;
      thread_id: string;
      author_id: string;
      author_name: string;
      kind: 'opening' | 'reply';
      body: string;
      body_html: string;
      language: string;
      status: PostStatus;
      score: number;
      created_at: string;
      edited_at: string | null;
    },
    voted: ReadonlySet<string> = new Set(),
  ): Post {
    return {
      id: row.id,
      threadId: row.thread_id,
      authorId: row.author_id,
      authorName: row.author_name,
      kind: row.kind,
      body: row.body,
      bodyHtml: row.body_html,
      language: row.language,
      status: row.status,
      score: Number(row.score),
      createdAt: row.created_at,
      editedAt: row.edited_at,
      voted: voted.has(row.id),
    };
  }

  const toThread = (row: Schema['discussion_threads']): Thread => ({
    id: row.id,
    scope: row.scope,
    target: row.target,
    courseSlug: row.course_slug,
    authorId: row.author_id,
    title: row.title,
    lockedAt: row.locked_at,
    createdAt: row.created_at,
  });

  /** Held posts are seen by their author and moderators only. */
  function seen<QB extends { where: (...args: never[]) => QB }>(query: QB, viewer: Viewer | null): QB {
    if (viewer?.moderator) return query;
    // biome-ignore lint/suspicious/noExplicitAny: the same filter applies to several query shapes
    return (query as any).where((eb: any) =>
      viewer
        ? eb.or([eb('p.status', '!=', 'held'), eb('p.author_id', '=', viewer.id)])
        : eb('p.status', '!=', 'held'),
    );
  }

  async function votedBy(viewer: Viewer | null, postIds: string[]): Promise<Set<string>> {
    // Guard against an `in ()` query when the page has no posts.
    if (!viewer || postIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('discussion_votes')
      .select('post_id')
      .where('user_id', '=', viewer.id)
      .where('post_id', 'in', postIds)
      .execute();
    return new Set(rows.map((r) => r.post_id));
  }

  async function isNewAccount(userId: string, now = Date.now()): Promise<boolean> {
    const row = await db.selectFrom('users').select('created_at').where('id', '=', userId).executeTakeFirst();
    return !row || now - Date.parse(row.created_at) < settings.newAccountMs;
  }

  /** Whether the author has used up their posts for the current window. */
  async function throttled(userId: string, fresh: boolean): Promise<boolean> {
    const since = nowIso(new Date(Date.now() - settings.posting.windowMs));
    const row = await db
      .selectFrom('discussion_posts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('author_id', '=', userId)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n) >= (fresh ? settings.posting.maxNew : settings.posting.max);
  }

  /** Status of a new post: links from new accounts wait for a moderator. */
  async function statusFor(author: Viewer, body: string, fresh: boolean): Promise<PostStatus> {
    return !author.moderator && fresh && hasLink(body) ? 'held' : 'visible';
  }

  async function notifyReply(trx: Tx, threadId: string, postId: string, actorId: string) {
    const thread = await trx
      .selectFrom('discussion_threads')
      .select('author_id')
      .where('id', '=', threadId)
      .executeTakeFirstOrThrow();
    const earlier = await trx
      .selectFrom('discussion_posts')
      .select('author_id')
      .distinct()
      .where('thread_id', '=', threadId)
      .where('status', '=', 'visible')
      .execute();
    const recipients = new Set([thread.author_id, ...earlier.map((r) => r.author_id)]);
    recipients.delete(actorId);
    if (recipients.size === 0) return;
    const now = nowIso();
    await trx
      .insertInto('community_notifications')
      .values(
        [...recipients].map((userId) => ({
          id: newId(),
          user_id: userId,
          kind: 'reply' as const,
          thread_id: threadId,
          post_id: postId,
          actor_id: actorId,
          created_at: now,
          read_at: null,
          digested_at: null,
        })),
      )
      .execute();
  }

  async function audit(
    trx: Tx,
    actorId: string,
    action: string,
    targetType: string,
    targetId: string,
    reason: ModReason,
  ) {
    await trx
      .insertInto('audit_log')
      .values({
        id: newId(),
        actor_id: actorId,
        action: `community.${action}`,
        target_type: targetType,
        target_id: targetId,
        detail: JSON.stringify({ reason: reason.code, note: reason.note }),
        created_at: nowIso(),
      })
      .execute();
  }

  async function setPostStatus(
    moderatorId: string,
    postId: string,
    status: PostStatus,
    action: string,
    reason: ModReason,
  ): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const post = await trx
        .selectFrom('discussion_posts')
        .select(['id', 'status', 'thread_id', 'author_id', 'kind'])
        .where('id', '=', postId)
        .executeTakeFirst();
      if (!post) return false;
      await trx.updateTable('discussion_posts').set({ status }).where('id', '=', postId).execute();
      // Handling a post settles the reports about it.
      await trx
        .updateTable('discussion_reports')
        .set({ resolved_at: nowIso(), resolved_by: moderatorId })
        .where('post_id', '=', postId)
        .where('resolved_at', 'is', null)
        .execute();
      await audit(trx, moderatorId, action, 'discussion_post', postId, reason);
      // An approved reply tells the thread's people, as it would have had it not been held.
      if (post.status === 'held' && status === 'visible' && post.kind === 'reply') {
        await notifyReply(trx, post.thread_id, post.id, post.author_id);
      }
      return true;
    });
  }

  async function write(
    author: Viewer,
    input: PostInput,
    place: { thread: Thread } | { target: DiscussionTarget },
  ): Promise<WriteResult> {
    const errors = validate(input, !('thread' in place));
    if (Object.keys(errors).length) return { ok: false, errors };
    const fresh = author.moderator ? false : await isNewAccount(author.id);
    if (!author.moderator && (await throttled(author.id, fresh))) {
      return { ok: false, errors: { body: 'community.errors.tooFast' }, throttled: true };
    }
    const body = input.body.trim();
    const status = await statusFor(author, body, fresh);
    const now = nowIso();
    const postId = newId();
    const threadId = 'thread' in place ? place.thread.id : newId();
    await db.transaction().execute(async (trx) => {
      if ('target' in place) {
        await trx
          .insertInto('discussion_threads')
          .values({
            id: threadId,
            scope: place.target.scope,
            target: place.target.target,
            course_slug: place.target.courseSlug,
            author_id: author.id,
            title: input.title!.trim(),
            locked_at: null,
            created_at: now,
            last_activity_at: now,
          })
          .execute();
      } else {
        await trx
          .updateTable('discussion_threads')
          .set({ last_activity_at: now })
          .where('id', '=', threadId)
          .execute();
      }
      await trx
        .insertInto('discussion_posts')
        .values({
          id: postId,
          thread_id: threadId,
          author_id: author.id,
          kind: 'thread' in place ? 'reply' : 'opening',
          body,
          body_html: renderPostBody(body),
          language: input.language,
          status,
          score: 0,
          created_at: now,
          edited_at: null,
        })
        .execute();
      if ('thread' in place && status === 'visible') await notifyReply(trx, threadId, postId, author.id);
    });
    return { ok: true, threadId, postId, status };
  }

  return {
    settings,

    /** Whether the user is enrolled in the course (read from learning's enrollments: one indexed row). */
    async enrolled(userId: string, courseSlug: string): Promise<boolean> {
      const row = await db
        .selectFrom('enrollments')
        .select('user_id')
        .where('user_id', '=', userId)
        .where('course_slug', '=', courseSlug)
        .executeTakeFirst();
      return row !== undefined;
    },

    async activeSuspension(userId: string): Promise<{ until: string; reason: string } | null> {
      const row = await db
        .selectFrom('community_suspensions')
        .select(['until', 'reason'])
        .where('user_id', '=', userId)
        .where('lifted_at', 'is', null)
        .where('until', '>', nowIso())
        .orderBy('until', 'desc')
        .executeTakeFirst();
      return row ?? null;
    },

    async listThreads(
      target: DiscussionTarget,
      query: { sort: ThreadSort; language: Locale | null; page: number; viewer: Viewer | null },
    ): Promise<{ threads: ThreadSummary[]; total: number }> {
      let base = db
        .selectFrom('discussion_threads as t')
        .innerJoin('discussion_posts as p', (join) =>
          join.onRef('p.thread_id', '=', 't.id').on('p.kind', '=', 'opening'),
        )
        .innerJoin('users as u', 'u.id', 'p.author_id')
        .where('t.scope', '=', target.scope)
        .where('t.target', '=', target.target);
      if (query.language) base = base.where('p.language', '=', query.language);
      base = seen(base, query.viewer);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let list = base.select((eb) => [
        't.id',
        't.title',
        't.locked_at',
        't.created_at',
        'u.name as author_name',
        'p.language',
        'p.status',
        'p.score',
        eb
          .selectFrom('discussion_posts as r')
          .select((inner) => inner.fn.countAll<number>().as('c'))
          .whereRef('r.thread_id', '=', 't.id')
          .where('r.kind', '=', 'reply')
          .where('r.status', '=', 'visible')
          .as('replies'),
      ]);
      list =
        query.sort === 'helpful'
          ? list.orderBy('p.score', 'desc').orderBy('t.created_at', 'desc')
          : list.orderBy('t.created_at', 'desc');
      const rows = await list
        .orderBy('t.id', 'desc')
        .limit(THREADS_PER_PAGE)
        .offset((query.page - 1) * THREADS_PER_PAGE)
        .execute();
      return {
        total: Number(n),
        threads: rows.map((row) => ({
          id: row.id,
          title: row.title,
          authorName: row.author_name,
          language: row.language,
          status: row.status,
          score: Number(row.score),
          replies: Number(row.replies ?? 0),
          locked: row.locked_at !== null,
          createdAt: row.created_at,
        })),
      };
    },

    async thread(id: string): Promise<Thread | null> {
      const row = await db
        .selectFrom('discussion_threads')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toThread(row) : null;
    },

    /** The opening post and one page of replies, as the viewer may see them. */
    async posts(
      threadId: string,
      query: { sort: ReplySort; language: Locale | null; page: number; viewer: Viewer | null },
    ): Promise<{ opening: Post | null; replies: Post[]; total: number }> {
      const openingRow = await seen(
        db
          .selectFrom('discussion_posts as p')
          .innerJoin('users as u', 'u.id', 'p.author_id')
          .select(postColumns)
          .where('p.thread_id', '=', threadId)
          .where('p.kind', '=', 'opening'),
        query.viewer,
      ).executeTakeFirst();
      let base = db
        .selectFrom('discussion_posts as p')
        .innerJoin('users as u', 'u.id', 'p.author_id')
        .where('p.thread_id', '=', threadId)
        .where('p.kind', '=', 'reply');
      if (query.language) base = base.where('p.language', '=', query.language);
      base = seen(base, query.viewer);
      const { n } = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      let list = base.select(postColumns);
      list =
        query.sort === 'helpful'
          ? list.orderBy('p.score', 'desc').orderBy('p.created_at', 'asc')
          : list.orderBy('p.created_at', query.sort === 'newest' ? 'desc' : 'asc');
      const rows = await list
        .orderBy('p.id', 'asc')
        .limit(REPLIES_PER_PAGE)
        .offset((query.page - 1) * REPLIES_PER_PAGE)
        .execute();
      const voted = await votedBy(query.viewer, [
        ...(openingRow ? [openingRow.id] : []),
        ...rows.map((r) => r.id),
      ]);
      return {
        opening: openingRow ? toPost(openingRow, voted) : null,
        replies: rows.map((row) => toPost(row, voted)),
        total: Number(n),
      };
    },

    /** Whether the viewer may see the thread at all: a held opening post is its author's and moderators'. */
    async threadVisibleTo(threadId: string, viewer: Viewer | null): Promise<boolean> {
      const row = await db
        .selectFrom('discussion_posts')
        .select(['status', 'author_id'])
        .where('thread_id', '=', threadId)
        .where('kind', '=', 'opening')
        .executeTakeFirst();
      return !!row && (row.status !== 'held' || !!viewer?.moderator || row.author_id === viewer?.id);
    },

    async post(id: string): Promise<Post | null> {
      const row = await db
        .selectFrom('discussion_posts as p')
        .innerJoin('users as u', 'u.id', 'p.author_id')
        .select(postColumns)
        .where('p.id', '=', id)
        .executeTakeFirst();
      return row ? toPost(row) : null;
    },

    createThread(author: Viewer, target: DiscussionTarget, input: PostInput): Promise<WriteResult> {
      return write(author, input, { target });
    },

    reply(author: Viewer, thread: Thread, input: PostInput): Promise<WriteResult> {
      return write(author, input, { thread });
    },

    /** Whether the edit window of a post is still open. */
    editable(post: Pick<Post, 'createdAt'>, now = Date.now()): boolean {
      return now - Date.parse(post.createdAt) <= settings.editWindowMs;
    },

    async edit(post: Post, input: PostInput): Promise<{ ok: true } | { ok: false; errors: PostErrors }> {
      const errors = validate(input, post.kind === 'opening');
      if (Object.keys(errors).length) return { ok: false, errors };
      const body = input.body.trim();
      const fresh = await isNewAccount(post.authorId);
      // A link added by a new account waits for a moderator, as it would in a new post.
      const status: PostStatus =
        post.status === 'visible' && fresh && hasLink(body) && !hasLink(post.body) ? 'held' : post.status;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('discussion_posts')
          .set({
            body,
            body_html: renderPostBody(body),
            language: input.language,
            status,
            edited_at: nowIso(),
          })
          .where('id', '=', post.id)
          .execute();
        if (post.kind === 'opening') {
          await trx
            .updateTable('discussion_threads')
            .set({ title: input.title!.trim() })
            .where('id', '=', post.threadId)
            .execute();
        }
      });
      return { ok: true };
    },

    /** Adds (`up`) or removes the viewer's upvote; a repeated click changes nothing. */
    async vote(userId: string, postId: string, up: boolean): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (up) {
          await trx
            .insertInto('discussion_votes')
            .values({ post_id: postId, user_id: userId, created_at: nowIso() })
            .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
            .execute();
        } else {
          await trx
            .deleteFrom('discussion_votes')
            .where('post_id', '=', postId)
            .where('user_id', '=', userId)
            .execute();
        }
        await trx
          .updateTable('discussion_posts')
          .set({
            score: (eb) =>
              eb
                .selectFrom('discussion_votes')
                .select((inner) => inner.fn.countAll<number>().as('n'))
                .where('post_id', '=', postId),
          })
          .where('id', '=', postId)
          .execute();
      });
    },

    async report(
      userId: string,
      postId: string,
      reason: string,
      note: string,
    ): Promise<{ ok: true } | { ok: false; errors: PostErrors }> {
      const errors: PostErrors = {};
      if (!(REPORT_REASONS as readonly string[]).includes(reason))
        errors.reason = 'community.errors.reasonRequired';
      if (note.trim().length > NOTE_MAX) errors.note = 'community.errors.noteTooLong';
      if (Object.keys(errors).length) return { ok: false, errors };
      // One open report per person per post: reporting twice adds nothing to the queue.
      const open = await db
        .selectFrom('discussion_reports')
        .select('id')
        .where('post_id', '=', postId)
        .where('reporter_id', '=', userId)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      if (!open) {
        await db
          .insertInto('discussion_reports')
          .values({
            id: newId(),
            post_id: postId,
            reporter_id: userId,
            reason,
            note: note.trim(),
            created_at: nowIso(),
            resolved_at: null,
            resolved_by: null,
          })
          .execute();
      }
      return { ok: true };
    },

    // Moderation: every action is recorded in the audit log with its reason.

    hide: (moderatorId: string, postId: string, reason: ModReason) =>
      setPostStatus(moderatorId, postId, 'hidden', 'hide', reason),
    restore: (moderatorId: string, postId: string, reason: ModReason) =>
      setPostStatus(moderatorId, postId, 'visible', 'restore', reason),
    approve: (moderatorId: string, postId: string, reason: ModReason) =>
      setPostStatus(moderatorId, postId, 'visible', 'approve', reason),

    async dismissReports(moderatorId: string, postId: string, reason: ModReason): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('discussion_reports')
          .set({ resolved_at: nowIso(), resolved_by: moderatorId })
          .where('post_id', '=', postId)
          .where('resolved_at', 'is', null)
          .execute();
        await audit(trx, moderatorId, 'dismiss', 'discussion_post', postId, reason);
      });
    },

    async setLocked(
      moderatorId: string,
      threadId: string,
      locked: boolean,
      reason: ModReason,
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('discussion_threads')
          .set({ locked_at: locked ? nowIso() : null })
          .where('id', '=', threadId)
          .execute();
        await audit(trx, moderatorId, locked ? 'lock' : 'unlock', 'discussion_thread', threadId, reason);
      });
    },

    async suspend(moderatorId: string, userId: string, days: number, reason: ModReason): Promise<void> {
      const now = new Date();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('community_suspensions')
          .values({
            id: newId(),
            user_id: userId,
            until: nowIso(new Date(now.getTime() + days * 24 * 60 * 60_000)),
            reason: reason.note ? `${reason.code}: ${reason.note}` : reason.code,
            created_by: moderatorId,
            created_at: nowIso(now),
            lifted_at: null,
          })
          .execute();
        await audit(trx, moderatorId, 'suspend', 'user', userId, {
          code: reason.code,
          note: `${reason.note} (${days}d)`.trim(),
        });
      });
    },

    async lift(moderatorId: string, suspensionId: string, reason: ModReason): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('community_suspensions')
          .select('user_id')
          .where('id', '=', suspensionId)
          .executeTakeFirst();
        if (!row) return false;
        await trx
          .updateTable('community_suspensions')
          .set({ lifted_at: nowIso() })
          .where('id', '=', suspensionId)
          .execute();
        await audit(trx, moderatorId, 'lift', 'user', row.user_id, reason);
        return true;
      });
    },

    /** Posts with open reports, and held posts, oldest first. */
    async queue(): Promise<{ reported: QueueItem[]; held: QueueItem[] }> {
      const reports = await db
        .selectFrom('discussion_reports as r')
        .innerJoin('users as u', 'u.id', 'r.reporter_id')
        .select(['r.id', 'r.post_id', 'r.reason', 'r.note', 'r.created_at', 'u.name'])
        .where('r.resolved_at', 'is', null)
        .orderBy('r.created_at', 'asc')
        .limit(200)
        .execute();
      const held = await db
        .selectFrom('discussion_posts')
        .select('id')
        .where('status', '=', 'held')
        .orderBy('created_at', 'asc')
        .limit(200)
        .execute();
      const ids = [...new Set([...reports.map((r) => r.post_id), ...held.map((h) => h.id)])];
      const items = new Map<string, QueueItem>();
      // Guard against an `in ()` query when the queue is empty.
      if (ids.length) {
        const rows = await db
          .selectFrom('discussion_posts as p')
          .innerJoin('users as u', 'u.id', 'p.author_id')
          .innerJoin('discussion_threads as t', 't.id', 'p.thread_id')
          .select([...postColumns, 't.scope', 't.target', 't.course_slug', 't.title', 't.locked_at'])
          .select(['t.author_id as thread_author_id', 't.created_at as thread_created_at'])
          .where('p.id', 'in', ids)
          .execute();
        for (const row of rows) {
          items.set(row.id, {
            post: toPost(row),
            thread: {
              id: row.thread_id,
              scope: row.scope,
              target: row.target,
              courseSlug: row.course_slug,
              authorId: row.thread_author_id,
              title: row.title,
              lockedAt: row.locked_at,
              createdAt: row.thread_created_at,
            },
            reports: [],
          });
        }
      }
      for (const r of reports) {
        items.get(r.post_id)?.reports.push({
          id: r.id,
          reason: r.reason,
          note: r.note,
          reporterName: r.name,
          createdAt: r.created_at,
        });
      }
      const reportedIds = [...new Set(reports.map((r) => r.post_id))];
      return {
        reported: reportedIds.map((id) => items.get(id)).filter((i): i is QueueItem => !!i),
        held: held.map((h) => items.get(h.id)).filter((i): i is QueueItem => !!i && i.reports.length === 0),
      };
    },

    async suspensions(): Promise<Suspension[]> {
      const rows = await db
        .selectFrom('community_suspensions as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.id', 's.user_id', 'u.name', 's.until', 's.reason'])
        .where('s.lifted_at', 'is', null)
        .where('s.until', '>', nowIso())
        .orderBy('s.until', 'asc')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        userName: r.name,
        until: r.until,
        reason: r.reason,
      }));
    },

    async auditLog(limit = 100): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select(['a.id', 'u.name', 'a.action', 'a.target_type', 'a.target_id', 'a.detail', 'a.created_at'])
        .where('a.action', 'like', 'community.%')
        .orderBy('a.created_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        actorName: r.name ?? '',
        action: r.action.slice('community.'.length),
        targetType: r.target_type,
        targetId: r.target_id,
        reason: (() => {
          const detail = JSON.parse(r.detail) as { reason?: string; note?: string };
          return { code: detail.reason ?? '', note: detail.note ?? '' };
        })(),
        createdAt: r.created_at,
      }));
    },

    // Notifications

    async unreadCount(userId: string): Promise<number> {
      const { n } = await db
        .selectFrom('community_notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(n);
    },

    async notifications(userId: string, limit = 50): Promise<NotificationItem[]> {
      const rows = await db
        .selectFrom('community_notifications as n')
        .innerJoin('discussion_threads as t', 't.id', 'n.thread_id')
        .innerJoin('users as u', 'u.id', 'n.actor_id')
        .select(['n.id', 'n.thread_id', 'n.post_id', 't.title', 'u.name', 'n.created_at', 'n.read_at'])
        .where('n.user_id', '=', userId)
        .orderBy('n.created_at', 'desc')
        .orderBy('n.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        threadId: r.thread_id,
        postId: r.post_id,
        threadTitle: r.title,
        actorName: r.name,
        createdAt: r.created_at,
        read: r.read_at !== null,
      }));
    },

    /** Reading a thread reads its notifications: they are not listed as new, nor mailed. */
    /** Marks a thread's notifications read; returns how many were unread. */
    async markThreadRead(userId: string, threadId: string): Promise<number> {
      const result = await db
        .updateTable('community_notifications')
        .set({ read_at: nowIso() })
        .where('user_id', '=', userId)
        .where('thread_id', '=', threadId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async markAllRead(userId: string): Promise<void> {
      await db
        .updateTable('community_notifications')
        .set({ read_at: nowIso() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .execute();
    },

    async digestEnabled(userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('community_settings')
        .select('email_digest')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.email_digest === 1;
    },

    async setDigest(userId: string, enabled: boolean): Promise<void> {
      await db
        .insertInto('community_settings')
        .values({ user_id: userId, email_digest: enabled ? 1 : 0, updated_at: nowIso() })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ email_digest: enabled ? 1 : 0, updated_at: nowIso() }),
        )
        .execute();
    },

    /** Opted-in users with unread notifications not yet mailed, with those notifications. */
    async pendingDigests(): Promise<
      { userId: string; email: string; locale: string; items: NotificationItem[] }[]
    > {
      const rows = await db
        .selectFrom('community_notifications as n')
        .innerJoin('community_settings as s', 's.user_id', 'n.user_id')
        .innerJoin('users as r', 'r.id', 'n.user_id')
        .innerJoin('discussion_threads as t', 't.id', 'n.thread_id')
        .innerJoin('users as u', 'u.id', 'n.actor_id')
        .select([
          'n.id',
          'n.user_id',
          'r.email',
          'r.locale',
          'n.thread_id',
          'n.post_id',
          't.title',
          'u.name',
          'n.created_at',
        ])
        .where('s.email_digest', '=', 1)
        .where('r.deleted_at', 'is', null)
        .where('n.read_at', 'is', null)
        .where('n.digested_at', 'is', null)
        .orderBy('n.user_id')
        .orderBy('n.created_at', 'asc')
        .execute();
      const byUser = new Map<
        string,
        { userId: string; email: string; locale: string; items: NotificationItem[] }
      >();
      for (const r of rows) {
        let entry = byUser.get(r.user_id);
        if (!entry) {
          entry = { userId: r.user_id, email: r.email, locale: r.locale, items: [] };
          byUser.set(r.user_id, entry);
        }
        entry.items.push({
          id: r.id,
          threadId: r.thread_id,
          postId: r.post_id,
          threadTitle: r.title,
          actorName: r.name,
          createdAt: r.created_at,
          read: false,
        });
      }
      return [...byUser.values()];
    },

    /** Within `trx` when given: the digest mail's job and this mark commit together. */
    async markDigested(ids: string[], trx: Db = db): Promise<void> {
      if (ids.length === 0) return;
      await trx
        .updateTable('community_notifications')
        .set({ digested_at: nowIso() })
        .where('id', 'in', ids)
        .execute();
    },
  };
}

export type Community = ReturnType<typeof createCommunity>;

/** `?sort=` as one of `allowed`, else the first. */
export function sortFrom<T extends string>(value: unknown, allowed: readonly T[]): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : allowed[0]!;
}
