import type { Db } from '../platform/db/database.ts';

/** A learner's study: enrollments, progress, every answer and saved reflection. */
export async function exportPersonalData(db: Db, userId: string) {
  const enrollments = await db
    .selectFrom('enrollments')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('enrolled_at')
    .execute();
  const units = await db
    .selectFrom('unit_progress')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('completed_at')
    .execute();
  const results = await db
    .selectFrom('exercise_results')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('course_slug')
    .orderBy('exercise_id')
    .execute();
  const attempts = await db
    .selectFrom('exercise_attempts')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const reflections = await db
    .selectFrom('reflections')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('updated_at')
    .execute();
  return {
    enrollments: enrollments.map((e) => ({
      course: e.course_slug,
      enrolledAt: e.enrolled_at,
      lastUnitId: e.last_unit_id,
      lastVisitedAt: e.last_visited_at,
      completedAt: e.completed_at,
    })),
    completedUnits: units.map((u) => ({
      course: u.course_slug,
      unitId: u.unit_id,
      completedAt: u.completed_at,
    })),
    exerciseResults: results.map((r) => ({
      course: r.course_slug,
      exerciseId: r.exercise_id,
      attempts: r.attempts,
      bestScore: r.best_score,
      lastScore: r.last_score,
      lastAnswer: JSON.parse(r.last_answer),
      updatedAt: r.updated_at,
    })),
    answers: attempts.map((a) => ({
      course: a.course_slug,
      exerciseId: a.exercise_id,
      answer: JSON.parse(a.answer),
      score: a.score,
      at: a.created_at,
    })),
    reflections: reflections.map((r) => ({
      course: r.course_slug,
      exerciseId: r.exercise_id,
      text: r.text,
      updatedAt: r.updated_at,
    })),
  };
}

/**
 * Answers, reflections and progress served only the learner and go. Enrollments stay as bare dates
 * (course, enrolled, completed): the public figures count them, and they name nobody once the
 * account is a tombstone.
 */
export async function erasePersonalData(trx: Db, userId: string): Promise<void> {
  for (const table of ['reflections', 'exercise_attempts', 'exercise_results', 'unit_progress'] as const) {
    await trx.deleteFrom(table).where('user_id', '=', userId).execute();
  }
  await trx
    .updateTable('enrollments')
    .set({ last_unit_id: null, last_visited_at: null })
    .where('user_id', '=', userId)
    .execute();
}
