import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  // Opt-in, self-reported: null means the person did not answer.
  await db.schema.alterTable('users').addColumn('gender', 'text').execute();
  await db.schema.alterTable('users').addColumn('sector', 'text').execute();

  // The roll-up reads ranges of these timestamps (days since the last run), never whole tables.
  await db.schema.createIndex('users_created_idx').on('users').column('created_at').execute();
  await db.schema.createIndex('users_active_idx').on('users').column('last_active_at').execute();
  await db.schema.createIndex('enrollments_enrolled_idx').on('enrollments').column('enrolled_at').execute();
  await db.schema.createIndex('enrollments_completed_idx').on('enrollments').column('completed_at').execute();
  await db.schema.createIndex('certificates_issued_idx').on('certificates').column('issued_at').execute();

  // Counts per UTC day, metric and course ('' for metrics that are not per course), refreshed from the
  // last run's day onwards: the public figures read these, not the raw tables.
  await db.schema
    .createTable('transparency_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('course_slug', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('transparency_daily_pk', ['day', 'metric', 'course_slug'])
    .execute();

  // Breakdowns that are snapshots (people by country, language, gender…; calls), as JSON, plus the
  // roll-up's watermark. Raw counts: suppression is applied when they are published.
  await db.schema
    .createTable('transparency_snapshots')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  // The yearly accountability report's editorial sections, in Markdown, per language.
  await db.schema
    .createTable('transparency_report_sections')
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('section', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addPrimaryKeyConstraint('transparency_report_sections_pk', ['year', 'locale', 'section'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['transparency_report_sections', 'transparency_snapshots', 'transparency_daily']) {
    await db.schema.dropTable(table).execute();
  }
  for (const index of [
    'certificates_issued_idx',
    'enrollments_completed_idx',
    'enrollments_enrolled_idx',
    'users_active_idx',
    'users_created_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('users').dropColumn('sector').execute();
  await db.schema.alterTable('users').dropColumn('gender').execute();
}
