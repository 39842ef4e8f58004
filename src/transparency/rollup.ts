import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../platform/db/database.ts';
import type { Engine } from '../platform/db/engine.ts';
import type { Schema } from '../platform/db/schema.ts';
import { nowIso } from '../platform/ids.ts';

/**
 * The statistics roll-up: the only code that reads the raw tables for the public figures.
 *
 * Daily counts (registrations, enrollments, completions and certificates per UTC day and course) are
 * refreshed incrementally: each run recomputes the days from the previous run's day onwards, by range
 * scans on indexed timestamps. Breakdowns of people (country, language, gender, sector, activity)
 * and the calls' figures are snapshots, recomputed whole by grouped counts. Everything is raw counts:
 * suppression is applied when figures are published (figures.ts).
 */

export const METRICS = ['registrations', 'enrollments', 'completions', 'certificates'] as const;
export type Metric = (typeof METRICS)[number];

export interface CallRaw {
  id: string;
  slug: string;
  /** JSON: locale → title. */
  title: string;
  phase: string;
  opensAt: string;
  decisionsReleased: boolean;
  submitted: number;
  selected: number;
  byStakeholder: Record<string, number>;
  byPracticeType: Record<string, number>;
  byRegion: Record<string, number>;
  reviewers: number;
  reviewersByRegion: Record<string, number>;
}

/** What the snapshot row holds. */
export interface SnapshotRaw {
  computedAt: string;
  learners: number;
  active30: number;
  byCountry: Record<string, number>;
  byLanguage: Record<string, number>;
  byGender: Record<string, number>;
  bySector: Record<string, number>;
  calls: CallRaw[];
}

export interface DailyRow {
  day: string;
  metric: string;
  course_slug: string;
  count: number;
}

export interface RollupResult {
  full: boolean;
  /** The first day recomputed (YYYY-MM-DD), or null for a full run. */
  from: string | null;
  ms: number;
  /** Of which: the daily counts (incremental) and the snapshot breakdowns (whole). */
  dailyMs: number;
  snapshotMs: number;
}

type Tx = Kysely<Schema> | Transaction<Schema>;

const SNAPSHOT = 'figures';
const WATERMARK = 'watermark';

const toRecord = (rows: { key: string | null; n: number | string }[]) => {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.key ?? ''] = (out[row.key ?? ''] ?? 0) + Number(row.n);
  return out;
};

async function dailyCounts(tx: Tx, from: string | null): Promise<DailyRow[]> {
  const since = from ?? '';
  const day = (column: string) => sql<string>`substr(${sql.ref(column)}, 1, 10)`;
  const registrations = await tx
    .selectFrom('users')
    .select([day('created_at').as('day'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', since)
    .groupBy(day('created_at'))
    .execute();
  const perCourse = async (
    table: 'enrollments' | 'certificates',
    column: 'enrolled_at' | 'completed_at' | 'issued_at',
  ) =>
    tx
      .selectFrom(table)
      .select([day(column).as('day'), 'course_slug', (eb) => eb.fn.countAll<number>().as('n')])
      .where(sql.ref(column), '>=', since)
      .groupBy([day(column), 'course_slug'])
      .execute();
  const rows: DailyRow[] = registrations.map((r) => ({
    day: r.day,
    metric: 'registrations',
    course_slug: '',
    count: Number(r.n),
  }));
  for (const [metric, table, column] of [
    ['enrollments', 'enrollments', 'enrolled_at'],
    ['completions', 'enrollments', 'completed_at'],
    ['certificates', 'certificates', 'issued_at'],
  ] as const) {
    for (const r of await perCourse(table, column)) {
      rows.push({ day: r.day, metric, course_slug: r.course_slug, count: Number(r.n) });
    }
  }
  return rows;
}

async function callFigures(tx: Tx): Promise<CallRaw[]> {
  const calls = await tx
    .selectFrom('calls')
    .select(['id', 'slug', 'title', 'phase', 'opens_at', 'decisions_released_at'])
    .where('phase', '!=', 'draft')
    .orderBy('opens_at', 'desc')
    .execute();
  const out: CallRaw[] = [];
  for (const call of calls) {
    const submitted = tx
      .selectFrom('submissions')
      .where('call_id', '=', call.id)
      .where('status', '=', 'submitted');
    const by = async (column: 'stakeholder_type' | 'practice_type' | 'region') =>
      toRecord(
        await submitted
          .select([sql<string>`${sql.ref(column)}`.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(column)
          .execute(),
      );
    const total = await submitted.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const selected = await submitted
      .where('decision', '=', 'selected')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const reviewers = await tx
      .selectFrom('assignments')
      .innerJoin('submissions', 'submissions.id', 'assignments.submission_id')
      .leftJoin('reviewer_profiles', 'reviewer_profiles.user_id', 'assignments.reviewer_id')
      .where('submissions.call_id', '=', call.id)
      .where('assignments.declined_at', 'is', null)
      .select(['assignments.reviewer_id as id', 'reviewer_profiles.region as region'])
      .distinct()
      .execute();
    const reviewersByRegion: Record<string, number> = {};
    for (const r of reviewers)
      reviewersByRegion[r.region ?? ''] = (reviewersByRegion[r.region ?? ''] ?? 0) + 1;
    out.push({
      id: call.id,
      slug: call.slug,
      title: call.title,
      phase: call.phase,
      opensAt: call.opens_at,
      decisionsReleased: call.decisions_released_at !== null,
      submitted: Number(total?.n ?? 0),
      selected: call.decisions_released_at !== null ? Number(selected?.n ?? 0) : 0,
      byStakeholder: await by('stakeholder_type'),
      byPracticeType: await by('practice_type'),
      byRegion: await by('region'),
      reviewers: reviewers.length,
      reviewersByRegion,
    });
  }
  return out;
}

async function snapshot(tx: Tx, now: Date): Promise<SnapshotRaw> {
  const group = async (column: 'country' | 'locale' | 'gender' | 'sector') =>
    toRecord(
      await tx
        .selectFrom('users')
        .select([sql<string | null>`${sql.ref(column)}`.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(column)
        .execute(),
    );
  const byCountry = await group('country');
  const since = new Date(now.getTime() - 30 * 24 * 3600_000).toISOString();
  const active = await tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_active_at', '>=', since)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return {
    computedAt: nowIso(now),
    learners: Object.values(byCountry).reduce((a, b) => a + b, 0),
    active30: Number(active?.n ?? 0),
    byCountry,
    byLanguage: await group('locale'),
    byGender: await group('gender'),
    bySector: await group('sector'),
    calls: await callFigures(tx),
  };
}

/**
 * Runs the roll-up once. `full` recomputes every day; otherwise days from the last run's day on.
 * One transaction (repeatable read on PostgreSQL), so the daily rows and the snapshot agree.
 */
export async function runRollup(
  db: Db,
  engine: Engine,
  options: { full?: boolean; now?: Date } = {},
): Promise<RollupResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  let from: string | null = null;
  let dailyMs = 0;
  let snapshotMs = 0;
  const work = async (tx: Tx) => {
    const mark = await tx
      .selectFrom('transparency_snapshots')
      .select('body')
      .where('name', '=', WATERMARK)
      .executeTakeFirst();
    // The last run's day is recomputed whole: rows written later that day were not in its counts.
    from = options.full || !mark ? null : (JSON.parse(mark.body) as { day: string }).day;
    const dailyStarted = performance.now();
    const rows = await dailyCounts(tx, from);
    let del = tx.deleteFrom('transparency_daily');
    if (from) del = del.where('day', '>=', from);
    await del.execute();
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insertInto('transparency_daily')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    dailyMs = Math.round(performance.now() - dailyStarted);
    const snapshotStarted = performance.now();
    const figures = await snapshot(tx, now);
    snapshotMs = Math.round(performance.now() - snapshotStarted);
    const computedAt = nowIso(now);
    await tx.deleteFrom('transparency_snapshots').where('name', 'in', [SNAPSHOT, WATERMARK]).execute();
    await tx
      .insertInto('transparency_snapshots')
      .values([
        { name: SNAPSHOT, body: JSON.stringify(figures), computed_at: computedAt },
        { name: WATERMARK, body: JSON.stringify({ day: computedAt.slice(0, 10) }), computed_at: computedAt },
      ])
      .execute();
  };
  if (engine === 'postgres') await db.transaction().setIsolationLevel('repeatable read').execute(work);
  else await db.transaction().execute(work);
  return { full: from === null, from, ms: Math.round(performance.now() - started), dailyMs, snapshotMs };
}

export interface MonthlyRow {
  /** YYYY-MM. */
  month: string;
  metric: string;
  courseSlug: string;
  count: number;
}

/** What the public pages read: the snapshot and the daily rows summed by month (small). */
export async function readRollup(db: Db): Promise<{ snapshot: SnapshotRaw | null; monthly: MonthlyRow[] }> {
  const row = await db
    .selectFrom('transparency_snapshots')
    .select('body')
    .where('name', '=', SNAPSHOT)
    .executeTakeFirst();
  const month = sql<string>`substr(day, 1, 7)`;
  const monthly = await db
    .selectFrom('transparency_daily')
    .select([month.as('month'), 'metric', 'course_slug', (eb) => eb.fn.sum<number>('count').as('n')])
    .groupBy([month, 'metric', 'course_slug'])
    .execute();
  return {
    snapshot: row ? (JSON.parse(row.body) as SnapshotRaw) : null,
    monthly: monthly.map((m) => ({
      month: m.month,
      metric: m.metric,
      courseSlug: m.course_slug,
      count: Number(m.n),
    })),
  };
}
