import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * The tables whose rows public pages show. A write to any of them, in any process or node, moves the
 * content generation on inside the same transaction (a trigger), so a cached page can never outlive the
 * data it was rendered from and no write path can forget to invalidate. Per-learner tables (progress,
 * answers, sessions) are not listed: writing them changes no page a visitor sees.
 * A new table that public pages read adds itself here through a migration of its own.
 */
export const CONTENT_TABLES = [
  'courses',
  'course_versions',
  'calls',
  'published_cases',
  'case_discussion',
  'discussion_threads',
  'discussion_posts',
  'discussion_votes',
  'community_suspensions',
  'transparency_daily',
  'transparency_snapshots',
  'transparency_report_sections',
] as const;

const OPERATIONS = ['insert', 'update', 'delete'] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations describe a schema that is not the current one
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cache_generations')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('cache_generations').values({ id: 1, generation: 1 }).execute();
  const bump = sql.raw('update cache_generations set generation = generation + 1 where id = 1');
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // SQLite has row triggers only; each bumps once per row written, which is as correct.
    for (const table of CONTENT_TABLES) {
      for (const op of OPERATIONS) {
        await sql`create trigger ${sql.id(`cache_${table}_${op}`)} after ${sql.raw(op)} on ${sql.table(table)}
          begin ${bump}; end`.execute(db);
      }
    }
    // Names appear beside posts and cases; other user columns change on every sign-in.
    await sql`create trigger cache_users_name after update of name on users begin ${bump}; end`.execute(db);
    await sql`create trigger cache_users_delete after delete on users begin ${bump}; end`.execute(db);
    return;
  }
  await sql`create function praxis_bump_cache_generation() returns trigger language plpgsql as $$
    begin ${bump}; return null; end $$`.execute(db);
  for (const table of CONTENT_TABLES) {
    await sql`create trigger ${sql.id(`cache_${table}`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function praxis_bump_cache_generation()`.execute(db);
  }
  await sql`create trigger cache_users after update of name or delete on users
    for each statement execute function praxis_bump_cache_generation()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    for (const table of CONTENT_TABLES)
      for (const op of OPERATIONS) await sql`drop trigger ${sql.id(`cache_${table}_${op}`)}`.execute(db);
    await sql`drop trigger cache_users_name`.execute(db);
    await sql`drop trigger cache_users_delete`.execute(db);
  } else {
    for (const table of CONTENT_TABLES)
      await sql`drop trigger ${sql.id(`cache_${table}`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger cache_users on users`.execute(db);
    await sql`drop function praxis_bump_cache_generation()`.execute(db);
  }
  await db.schema.dropTable('cache_generations').execute();
}
