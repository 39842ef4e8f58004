import type { CourseStore, CourseVersion } from '../courses/course-store.ts';
import type { Exercise, Unit } from '../courses/package/types.ts';
import type { Db } from '../platform/db/database.ts';
import { newId, newToken, nowIso } from '../platform/ids.ts';
import { type Grade, grade, readAnswer } from './grading.ts';

export interface CourseCompleted {
  userId: string;
  courseSlug: string;
  version: number;
  completedAt: string;
}

export interface ExerciseResult {
  attempts: number;
  bestScore: number;
  lastScore: number;
  lastAnswer: unknown;
}

export interface Progress {
  enrolled: boolean;
  enrolledAt: string | null;
  completedAt: string | null;
  lastUnitId: string | null;
  completedUnits: Set<string>;
  results: Map<string, ExerciseResult>;
  reflections: Map<string, string>;
  /** 0–100, of the units of this version. */
  unitsPercent: number;
  /**
   * 0–100, points-weighted best scores over every graded exercise (unanswered count as 0) and every
   * peer assignment (counted as 0 until its peer grade is final).
   */
  averageScorePercent: number;
  /** Final peer-assignment grades, 0–1, by assignment id. */
  peerScores: Map<string, number>;
  modulePercent: Map<string, number>;
}

export type AnswerOutcome =
  | {
      status: 'graded' | 'duplicate';
      grade: Grade;
      result: ExerciseResult;
      attemptsLeft: number | null;
      unitCompleted: boolean;
      courseCompleted: boolean;
    }
  | { status: 'no-attempts-left'; result: ExerciseResult };

const graded = (e: Exercise) => e.type !== 'reflection';

export function findUnit(course: CourseVersion, unitId: string): Unit | undefined {
  return course.pkg.modules.flatMap((m) => m.units).find((u) => u.id === unitId);
}

/**
 * Told of a completion inside the transaction that records it: a listener writes through `trx` (e.g.
 * enqueues the certificate job), so its write commits with the completion or not at all. It must not
 * use another connection meanwhile (on SQLite that would wait for this transaction forever).
 */
export type CompletionListener = (event: CourseCompleted, trx: Db) => Promise<void> | void;

/** Enrollment, progress, answers and completion: everything a learner's study writes. */
export function createLearningService({ db, courses }: { db: Db; courses: CourseStore }) {
  const listeners: CompletionListener[] = [];

  async function results(userId: string, slug: string) {
    const rows = await db
      .selectFrom('exercise_results')
      .selectAll()
      .where('user_id', '=', userId)
      .where('course_slug', '=', slug)
      .execute();
    return new Map(
      rows.map((r) => [
        r.exercise_id,
        {
          attempts: r.attempts,
          bestScore: r.best_score,
          lastScore: r.last_score,
          lastAnswer: JSON.parse(r.last_answer),
        },
      ]),
    );
  }

  /** Final peer grades (table of migration 0006); only asked for when the course has peer assignments. */
  async function peerGrades(userId: string, course: CourseVersion): Promise<Map<string, number>> {
    const ids = course.pkg.modules.flatMap((m) => m.units.flatMap((u) => (u.peer ? [u.peer.id] : [])));
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('peer_submissions')
      .select(['assignment_id', 'final_score'])
      .where('user_id', '=', userId)
      .where('course_slug', '=', course.slug)
      .where('assignment_id', 'in', ids)
      .where('final_score', 'is not', null)
      .execute();
    return new Map(rows.map((r) => [r.assignment_id, Number(r.final_score)]));
  }

  async function progress(userId: string, course: CourseVersion): Promise<Progress> {
    const slug = course.slug;
    const enrollment = await db
      .selectFrom('enrollments')
      .selectAll()
      .where('user_id', '=', userId)
      .where('course_slug', '=', slug)
      .executeTakeFirst();
    const done = await db
      .selectFrom('unit_progress')
      .select('unit_id')
      .where('user_id', '=', userId)
      .where('course_slug', '=', slug)
      .execute();
    const reflections = await db
      .selectFrom('reflections')
      .select(['exercise_id', 'text'])
      .where('user_id', '=', userId)
      .where('course_slug', '=', slug)
      .execute();
    const scores = await results(userId, slug);
    const units = course.pkg.modules.flatMap((m) => m.units);
    const peerScores = await peerGrades(userId, course);
    const unitIds = new Set(units.map((u) => u.id));
    // Progress is kept by unit id, so units dropped from a later version simply stop counting.
    const completedUnits = new Set(done.map((d) => d.unit_id).filter((id) => unitIds.has(id)));
    const exercises = units.flatMap((u) => u.exercises).filter(graded);
    // Peer assignments weigh like exercises: their points, times the final peer grade (0 until final).
    const peers = units.flatMap((u) => (u.peer ? [u.peer] : []));
    const totalPoints =
      exercises.reduce((sum, e) => sum + e.points, 0) + peers.reduce((sum, p) => sum + p.points, 0);
    const earned =
      exercises.reduce((sum, e) => sum + e.points * (scores.get(e.id)?.bestScore ?? 0), 0) +
      peers.reduce((sum, p) => sum + p.points * (peerScores.get(p.id) ?? 0), 0);
    const modulePercent = new Map(
      course.pkg.modules.map((m) => [
        m.id,
        m.units.length ? (100 * m.units.filter((u) => completedUnits.has(u.id)).length) / m.units.length : 0,
      ]),
    );
    return {
      enrolled: Boolean(enrollment),
      enrolledAt: enrollment?.enrolled_at ?? null,
      completedAt: enrollment?.completed_at ?? null,
      lastUnitId: enrollment?.last_unit_id ?? null,
      completedUnits,
      results: scores,
      reflections: new Map(reflections.map((r) => [r.exercise_id, r.text])),
      unitsPercent: units.length ? (100 * completedUnits.size) / units.length : 0,
      averageScorePercent: totalPoints ? (100 * earned) / totalPoints : 100,
      peerScores,
      modulePercent,
    };
  }

  /** Marks the course complete once the rule is met; the event fires exactly once per learner and course. */
  async function evaluateCompletion(userId: string, course: CourseVersion): Promise<boolean> {
    const state = await progress(userId, course);
    if (!state.enrolled || state.completedAt) return false;
    const rule = course.pkg.completion;
    if (state.unitsPercent < rule.unitsPercent || state.averageScorePercent < rule.averageScorePercent)
      return false;
    const completedAt = nowIso();
    return db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('enrollments')
        .set({ completed_at: completedAt })
        .where('user_id', '=', userId)
        .where('course_slug', '=', course.slug)
        .where('completed_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      const event = { userId, courseSlug: course.slug, version: course.number, completedAt };
      for (const listener of listeners) await listener(event, trx);
      return true;
    });
  }

  async function markUnit(userId: string, slug: string, unitId: string) {
    await db
      .insertInto('unit_progress')
      .values({ user_id: userId, course_slug: slug, unit_id: unitId, completed_at: nowIso() })
      .onConflict((oc) => oc.columns(['user_id', 'course_slug', 'unit_id']).doNothing())
      .execute();
  }

  return {
    progress,
    evaluateCompletion,

    /** Other parts of the platform (certificates) react to completions here. */
    onCourseCompleted(listener: CompletionListener) {
      listeners.push(listener);
    },

    async enroll(userId: string, slug: string): Promise<void> {
      await db
        .insertInto('enrollments')
        .values({
          user_id: userId,
          course_slug: slug,
          enrolled_at: nowIso(),
          last_unit_id: null,
          last_visited_at: null,
          completed_at: null,
        })
        .onConflict((oc) => oc.columns(['user_id', 'course_slug']).doNothing())
        .execute();
    },

    /** Remembers where the learner is, for "resume where you left off". */
    async recordVisit(userId: string, slug: string, unitId: string): Promise<void> {
      await db
        .updateTable('enrollments')
        .set({ last_unit_id: unitId, last_visited_at: nowIso() })
        .where('user_id', '=', userId)
        .where('course_slug', '=', slug)
        .execute();
    },

    async completeUnit(userId: string, course: CourseVersion, unitId: string): Promise<boolean> {
      await markUnit(userId, course.slug, unitId);
      return evaluateCompletion(userId, course);
    },

    /**
     * Grades and records one answer. The submission key makes a double-submitted form count once; the
     * attempts policy is checked against what is stored. Throws AnswerError for a form that does not fit.
     */
    async answer(
      userId: string,
      course: CourseVersion,
      unit: Unit,
      exercise: Exercise,
      body: Record<string, unknown>,
      submission: string,
    ): Promise<AnswerOutcome> {
      const answer = readAnswer(exercise, body);
      const result = grade(exercise, answer);
      const slug = course.slug;
      const key = `${userId}:${/^[A-Za-z0-9_-]{10,100}$/.test(submission) ? submission : newToken()}`;
      const outcome = await db
        .transaction()
        .execute(async (trx) => {
          const current = await trx
            .selectFrom('exercise_results')
            .selectAll()
            .where('user_id', '=', userId)
            .where('course_slug', '=', slug)
            .where('exercise_id', '=', exercise.id)
            .executeTakeFirst();
          const inserted = await trx
            .insertInto('exercise_attempts')
            .values({
              id: newId(),
              user_id: userId,
              course_slug: slug,
              exercise_id: exercise.id,
              submission_key: key,
              answer: JSON.stringify(answer),
              score: result.score,
              created_at: nowIso(),
            })
            .onConflict((oc) => oc.column('submission_key').doNothing())
            .returning('id')
            .execute();
          const toResult = (r: NonNullable<typeof current>) => ({
            attempts: r.attempts,
            bestScore: r.best_score,
            lastScore: r.last_score,
            lastAnswer: JSON.parse(r.last_answer),
          });
          if (inserted.length === 0 && current)
            return { duplicate: true as const, result: toResult(current) };
          if (current && exercise.attempts > 0 && current.attempts >= exercise.attempts) {
            throw new NoAttemptsLeft(toResult(current));
          }
          const next = {
            attempts: (current?.attempts ?? 0) + 1,
            best_score: Math.max(current?.best_score ?? 0, result.score),
            last_score: result.score,
            last_answer: JSON.stringify(answer),
            updated_at: nowIso(),
          };
          if (current) {
            await trx
              .updateTable('exercise_results')
              .set(next)
              .where('user_id', '=', userId)
              .where('course_slug', '=', slug)
              .where('exercise_id', '=', exercise.id)
              .execute();
          } else {
            await trx
              .insertInto('exercise_results')
              .values({ user_id: userId, course_slug: slug, exercise_id: exercise.id, ...next })
              .execute();
          }
          return {
            duplicate: false as const,
            result: {
              attempts: next.attempts,
              bestScore: next.best_score,
              lastScore: next.last_score,
              lastAnswer: answer,
            },
          };
        })
        .catch((error) => {
          if (error instanceof NoAttemptsLeft) return { exhausted: error.result };
          throw error;
        });
      if ('exhausted' in outcome) return { status: 'no-attempts-left', result: outcome.exhausted };

      // A unit is complete once each of its graded exercises has been answered.
      const answered = await results(userId, slug);
      const unitCompleted = unit.exercises.filter(graded).every((e) => answered.has(e.id));
      if (unitCompleted) await markUnit(userId, slug, unit.id);
      const courseCompleted = await evaluateCompletion(userId, course);
      return {
        status: outcome.duplicate ? 'duplicate' : 'graded',
        grade: result,
        result: outcome.result,
        attemptsLeft: exercise.attempts > 0 ? Math.max(0, exercise.attempts - outcome.result.attempts) : null,
        unitCompleted,
        courseCompleted,
      };
    },

    async saveReflection(userId: string, slug: string, exerciseId: string, text: string): Promise<void> {
      const now = nowIso();
      await db
        .insertInto('reflections')
        .values({ user_id: userId, course_slug: slug, exercise_id: exerciseId, text, updated_at: now })
        .onConflict((oc) =>
          oc.columns(['user_id', 'course_slug', 'exercise_id']).doUpdateSet({ text, updated_at: now }),
        )
        .execute();
    },

    /** The learner's courses with their progress, newest activity first. */
    async dashboard(userId: string) {
      const rows = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('last_visited_at', 'desc')
        .orderBy('enrolled_at', 'desc')
        .execute();
      const items = [];
      for (const row of rows) {
        const course = await courses.version(row.course_slug);
        if (!course) continue;
        items.push({ course, progress: await progress(userId, course) });
      }
      return items;
    },
  };
}

class NoAttemptsLeft extends Error {
  readonly result: ExerciseResult;
  constructor(result: ExerciseResult) {
    super('no attempts left');
    this.result = result;
  }
}

export type LearningService = ReturnType<typeof createLearningService>;
