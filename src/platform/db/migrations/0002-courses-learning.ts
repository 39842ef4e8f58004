import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('courses')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('published_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // A version is an immutable snapshot of a package; learners' progress is keyed by unit and exercise
  // ids, not by version, so it carries over when a new version is published.
  await db.schema
    .createTable('course_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('course_slug', 'text', (c) => c.notNull().references('courses.slug').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('package', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addUniqueConstraint('course_versions_number_uq', ['course_slug', 'number'])
    .addUniqueConstraint('course_versions_hash_uq', ['course_slug', 'content_hash'])
    .execute();

  await db.schema
    .createTable('enrollments')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_slug', 'text', (c) => c.notNull().references('courses.slug').onDelete('cascade'))
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_unit_id', 'text')
    .addColumn('last_visited_at', 'text')
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('enrollments_pk', ['user_id', 'course_slug'])
    .execute();
  await db.schema
    .createIndex('enrollments_course_idx')
    .on('enrollments')
    .columns(['course_slug', 'enrolled_at'])
    .execute();

  await db.schema
    .createTable('unit_progress')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_progress_pk', ['user_id', 'course_slug', 'unit_id'])
    .execute();

  await db.schema
    .createTable('exercise_results')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('exercise_id', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('best_score', 'double precision', (c) => c.notNull())
    .addColumn('last_score', 'double precision', (c) => c.notNull())
    .addColumn('last_answer', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exercise_results_pk', ['user_id', 'course_slug', 'exercise_id'])
    .execute();

  // One row per submitted form; the unique key makes a double-submitted answer count once.
  await db.schema
    .createTable('exercise_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('exercise_id', 'text', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.notNull().unique())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reflections')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('exercise_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reflections_pk', ['user_id', 'course_slug', 'exercise_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'reflections',
    'exercise_attempts',
    'exercise_results',
    'unit_progress',
    'enrollments',
    'course_versions',
    'courses',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
