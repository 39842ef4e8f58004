import { type Kysely, SqliteAdapter, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  // Localized texts, lists and the rubric are JSON text: they are read and written whole.
  await db.schema
    .createTable('calls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('guidance', 'text', (c) => c.notNull())
    .addColumn('faq', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('practice_types', 'text', (c) => c.notNull())
    .addColumn('stakeholder_types', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('rubric', 'text', (c) => c.notNull())
    .addColumn('reviewers_per_case', 'integer', (c) => c.notNull())
    .addColumn('blind_mode', 'text', (c) => c.notNull())
    .addColumn('summary_word_limit', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('decisions_released_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('submissions')
    // Unguessable: drafts are private, and the id is in URLs.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('practice_type', 'text', (c) => c.notNull())
    .addColumn('stakeholder_type', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('organisation_key', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('lifecycle_stage', 'text', (c) => c.notNull())
    .addColumn('values', 'text', (c) => c.notNull())
    .addColumn('principles', 'text', (c) => c.notNull())
    .addColumn('policy_areas', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('how', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('challenges', 'text', (c) => c.notNull())
    .addColumn('adoption', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('consent_publish', 'integer', (c) => c.notNull())
    .addColumn('withdraw_reason', 'text')
    .addColumn('decision', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .execute();
  await db.schema
    .createIndex('submissions_call_idx')
    .on('submissions')
    .columns(['call_id', 'status'])
    .execute();
  await db.schema.createIndex('submissions_owner_idx').on('submissions').column('owner_id').execute();

  await db.schema
    .createTable('submission_coauthors')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('submission_coauthors_pk', ['submission_id', 'email'])
    .execute();

  await db.schema
    .createTable('submission_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();

  // The expert advisory group.
  await db.schema
    .createTable('reviewer_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('expertise', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('organisation_key', 'text', (c) => c.notNull())
    .addColumn('max_load', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Every conflict of interest, however it was found; only 'cleared' ones stop counting.
  await db.schema
    .createTable('conflicts')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addPrimaryKeyConstraint('conflicts_pk', ['submission_id', 'reviewer_id'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addColumn('declined_at', 'text')
    .addColumn('decline_reason', 'text')
    .addPrimaryKeyConstraint('assignments_pk', ['submission_id', 'reviewer_id'])
    .execute();
  await db.schema.createIndex('assignments_reviewer_idx').on('assignments').column('reviewer_id').execute();

  await db.schema
    .createTable('reviews')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('comments_to_authors', 'text', (c) => c.notNull())
    .addColumn('confidential_comments', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reviews_pk', ['submission_id', 'reviewer_id'])
    .execute();

  await db.schema
    .createTable('case_discussion')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // The open case library: a snapshot of each selected, consented submission at publication.
  await db.schema
    .createTable('published_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().unique().references('submissions.id'))
    .addColumn('call_id', 'text', (c) => c.notNull().references('calls.id'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('practice_type', 'text', (c) => c.notNull())
    .addColumn('stakeholder_type', 'text', (c) => c.notNull())
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('principles', 'text', (c) => c.notNull())
    .addColumn('policy_areas', 'text', (c) => c.notNull())
    .addColumn('values', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('published_cases_published_idx')
    .on('published_cases')
    .columns(['published_at', 'id'])
    .execute();

  // Full-text search that works for Korean and other unsegmented scripts: trigram indexes on both engines.
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create virtual table case_search using fts5(case_id unindexed, text, tokenize = 'trigram')`.execute(
      db,
    );
  } else {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index published_cases_search_idx on published_cases using gin (search_text gin_trgm_ops)`.execute(
      db,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await sql`drop table case_search`.execute(db);
  for (const table of [
    'published_cases',
    'case_discussion',
    'reviews',
    'assignments',
    'conflicts',
    'reviewer_profiles',
    'submission_files',
    'submission_coauthors',
    'submissions',
    'calls',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
