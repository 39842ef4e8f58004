import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  // One submission per learner and peer assignment. Assignments live in the course package and are
  // found by (course, assignment id), like exercises, so a new course version keeps the work.
  await db.schema
    .createTable('peer_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_slug', 'text', (c) => c.notNull().references('courses.slug').onDelete('cascade'))
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('hidden_at', 'text')
    // 0–1 of the rubric's maximum once final; null while it waits for reviews or for staff.
    .addColumn('final_score', 'double precision')
    .addColumn('final_points', 'double precision')
    .addColumn('final_source', 'text')
    .addColumn('finalized_at', 'text')
    .addColumn('override_reason', 'text')
    .addUniqueConstraint('peer_submissions_learner_uq', ['course_slug', 'assignment_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('peer_submissions_assignment_idx')
    .on('peer_submissions')
    .columns(['course_slug', 'assignment_id', 'submitted_at'])
    .execute();

  // A review is first a reservation (status 'assigned', with an expiry) and then a completed review.
  // The unique key is the rule "one review per reviewer per submission", on both engines.
  await db.schema
    .createTable('peer_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) =>
      c.notNull().references('peer_submissions.id').onDelete('cascade'),
    )
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    // JSON: criterion id → level id.
    .addColumn('levels', 'text')
    .addColumn('points', 'double precision')
    .addColumn('comment', 'text')
    .addColumn('hidden_at', 'text')
    .addUniqueConstraint('peer_reviews_reviewer_uq', ['submission_id', 'reviewer_id'])
    .execute();
  await db.schema
    .createIndex('peer_reviews_reviewer_idx')
    .on('peer_reviews')
    .columns(['course_slug', 'assignment_id', 'reviewer_id'])
    .execute();

  // One row per assignment, written first in every allocation: its row lock makes concurrent
  // allocations on PostgreSQL take turns (SQLite runs one write transaction at a time anyway).
  await db.schema
    .createTable('peer_allocation_locks')
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('touched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('peer_allocation_locks_pk', ['course_slug', 'assignment_id'])
    .execute();

  await db.schema
    .createTable('peer_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addUniqueConstraint('peer_flags_once_uq', ['target_type', 'target_id', 'user_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['peer_flags', 'peer_allocation_locks', 'peer_reviews', 'peer_submissions']) {
    await db.schema.dropTable(table).execute();
  }
}
