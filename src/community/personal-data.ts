import type { Db } from '../platform/db/database.ts';

/**
 * A person's part in the discussions: threads and posts they wrote, their votes and reports, their
 * notifications and digest setting, and any suspension. Moderators' identities are not included.
 */
export async function exportPersonalData(db: Db, userId: string) {
  const threads = await db
    .selectFrom('discussion_threads')
    .select(['id', 'scope', 'target', 'course_slug', 'title', 'locked_at', 'created_at'])
    .where('author_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const posts = await db
    .selectFrom('discussion_posts')
    .select(['id', 'thread_id', 'kind', 'body', 'language', 'status', 'score', 'created_at', 'edited_at'])
    .where('author_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const votes = await db
    .selectFrom('discussion_votes')
    .select(['post_id', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const reports = await db
    .selectFrom('discussion_reports')
    .select(['post_id', 'reason', 'note', 'created_at', 'resolved_at'])
    .where('reporter_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const notifications = await db
    .selectFrom('community_notifications')
    .select(['kind', 'thread_id', 'post_id', 'created_at', 'read_at', 'digested_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const setting = await db
    .selectFrom('community_settings')
    .select(['email_digest', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const suspensions = await db
    .selectFrom('community_suspensions')
    .select(['until', 'reason', 'created_at', 'lifted_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return {
    threads: threads.map((t) => ({
      id: t.id,
      scope: t.scope,
      target: t.target,
      course: t.course_slug,
      title: t.title,
      lockedAt: t.locked_at,
      createdAt: t.created_at,
    })),
    posts: posts.map((p) => ({
      id: p.id,
      threadId: p.thread_id,
      kind: p.kind,
      body: p.body,
      language: p.language,
      status: p.status,
      score: Number(p.score),
      createdAt: p.created_at,
      editedAt: p.edited_at,
    })),
    votes: votes.map((v) => ({ postId: v.post_id, at: v.created_at })),
    reports: reports.map((r) => ({
      postId: r.post_id,
      reason: r.reason,
      note: r.note,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
    })),
    notifications: notifications.map((n) => ({
      kind: n.kind,
      threadId: n.thread_id,
      postId: n.post_id,
      createdAt: n.created_at,
      readAt: n.read_at,
      digestedAt: n.digested_at,
    })),
    // No row means the default: the digest is off until the person turns it on.
    emailDigest: { enabled: setting?.email_digest === 1, updatedAt: setting?.updated_at ?? null },
    suspensions: suspensions.map((s) => ({
      until: s.until,
      reason: s.reason,
      createdAt: s.created_at,
      liftedAt: s.lifted_at,
    })),
  };
}

/**
 * Notifications and the digest setting served only the person and go. Threads, posts, votes and
 * reports stay: others replied to the posts, the votes are in the posts' scores and the reports and
 * suspensions are the moderators' record. They now point at a tombstone without a name or email.
 */
export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  await trx.deleteFrom('community_notifications').where('user_id', '=', userId).execute();
  await trx.deleteFrom('community_settings').where('user_id', '=', userId).execute();
}
