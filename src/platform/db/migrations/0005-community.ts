import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  // A thread belongs to one discussion: a course unit (`scope` 'unit', `target` "slug/unitId") or a
  // published case (`scope` 'case', `target` the case id). Its title lives here, its body in the
  // opening post, so votes, reports and moderation treat every post alike.
  await db.schema
    .createTable('discussion_threads')
    // Unguessable: unit discussions are private to a course's learners, and the id is in URLs.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('course_slug', 'text')
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('locked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('discussion_threads_target_idx')
    .on('discussion_threads')
    .columns(['scope', 'target', 'created_at'])
    .execute();

  await db.schema
    .createTable('discussion_posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('thread_id', 'text', (c) =>
      c.notNull().references('discussion_threads.id').onDelete('cascade'),
    )
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // 'opening' (the thread's first post) or 'reply'.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // Sanitized HTML rendered from the Markdown body when it was written.
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    // 'visible', 'held' (waiting for a moderator) or 'hidden' (by a moderator).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .execute();
  await db.schema
    .createIndex('discussion_posts_thread_idx')
    .on('discussion_posts')
    .columns(['thread_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('discussion_posts_author_idx')
    .on('discussion_posts')
    .columns(['author_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('discussion_votes')
    .addColumn('post_id', 'text', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One vote per person per post, whatever the timing of two clicks.
    .addPrimaryKeyConstraint('discussion_votes_pk', ['post_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('discussion_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema
    .createIndex('discussion_reports_open_idx')
    .on('discussion_reports')
    .columns(['resolved_at', 'created_at'])
    .execute();

  await db.schema
    .createTable('community_suspensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lifted_at', 'text')
    .execute();
  await db.schema
    .createIndex('community_suspensions_user_idx')
    .on('community_suspensions')
    .columns(['user_id', 'until'])
    .execute();

  await db.schema
    .createTable('community_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) =>
      c.notNull().references('discussion_threads.id').onDelete('cascade'),
    )
    .addColumn('post_id', 'text', (c) => c.notNull().references('discussion_posts.id').onDelete('cascade'))
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('digested_at', 'text')
    .execute();
  await db.schema
    .createIndex('community_notifications_user_idx')
    .on('community_notifications')
    .columns(['user_id', 'read_at'])
    .execute();

  await db.schema
    .createTable('community_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('email_digest', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'community_settings',
    'community_notifications',
    'community_suspensions',
    'discussion_reports',
    'discussion_votes',
    'discussion_posts',
    'discussion_threads',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
