import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import type { CourseStore, CourseVersion } from '../courses/course-store.ts';
import { contentLocale } from '../courses/localize.ts';
import type { Unit } from '../courses/package/types.ts';
import { sendUnitPage } from '../courses/routes.tsx';
import { notFound } from '../platform/http/errors.ts';
import { safeNext, text } from '../platform/http/form-body.ts';
import { authorize } from '../platform/policy.ts';
import { sendPage } from '../platform/views/render.ts';
import { AnswerError } from './grading.ts';
import type { LearningService } from './learning-service.ts';
import { DashboardPage } from './views/dashboard-page.tsx';
import { ExerciseResultView } from './views/exercise-block.tsx';

const REFLECTION_MAX = 10_000;

type Params = { locale: string; slug: string; unitId?: string; exerciseId?: string };

interface LearningRouteOptions {
  courses: CourseStore;
  learning: LearningService;
  /** The learner's certificates, linked from the dashboard. */
  certificates: { forUser(userId: string): Promise<{ id: string; course_slug: string }[]> };
}

export function registerLearningRoutes(
  app: FastifyInstance,
  { courses, learning, certificates }: LearningRouteOptions,
) {
  async function published(slug: string): Promise<CourseVersion> {
    const course = await courses.version(slug);
    if (!course) throw notFound();
    return course;
  }

  const wantsJson = (request: FastifyRequest) =>
    String(request.headers.accept ?? '').includes('application/json');
  const unitUrl = (request: FastifyRequest, slug: string, unitId: string, anchor = '') =>
    `/${request.locale}/courses/${slug}/units/${unitId}${anchor}`;

  app.post('/:locale/courses/:slug/enroll', async (request, reply) => {
    authorize(request.user, 'learning.enroll');
    const { slug } = request.params as Params;
    await published(slug);
    await learning.enroll(request.user.id, slug);
    const next = safeNext((request.query as { next?: string }).next);
    return reply.redirect(`/${request.locale}${next === '/' ? `/courses/${slug}` : next}`, 303);
  });

  app.post('/:locale/courses/:slug/units/:unitId/complete', async (request, reply) => {
    const { slug, unitId } = request.params as Params;
    const course = await published(slug);
    const progress = request.user ? await learning.progress(request.user.id, course) : null;
    authorize(request.user, 'learning.study', progress);
    const unit = course.pkg.modules.flatMap((m) => m.units).find((u) => u.id === unitId);
    if (!unit) throw notFound();
    await learning.completeUnit(request.user.id, course, unit.id);
    return reply.redirect(unitUrl(request, slug, unit.id), 303);
  });

  /** The answer's outcome as the unit page shows it, or as a fragment for the page's script. */
  async function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    course: CourseVersion,
    unit: Unit,
    exerciseId: string,
    error?: string,
  ) {
    const user = request.user!;
    if (wantsJson(request)) {
      const c = reply.pageContext();
      if (error) return reply.code(422).send({ error: c.t(error) });
      const progress = await learning.progress(user.id, course);
      const exercise = unit.exercises.find((e) => e.id === exerciseId)!;
      const result = progress.results.get(exerciseId);
      const { locale } = contentLocale(course.pkg, c.locale);
      const html =
        exercise.type === 'reflection' || !result
          ? `<p class="notice">${c.t('learning.reflectionSaved')}</p>`
          : renderToString(ExerciseResultView({ c, exercise, locale, result }));
      return reply.send({
        html,
        unitCompleted: progress.completedUnits.has(unit.id),
        courseCompleted: progress.completedAt !== null,
      });
    }
    if (error) {
      const progress = await learning.progress(user.id, course);
      return sendUnitPage(
        reply,
        { course, unit, preview: false, progress, exerciseErrors: { [exerciseId]: error } },
        422,
      );
    }
    return reply.redirect(unitUrl(request, course.slug, unit.id, `#exercise-${exerciseId}`), 303);
  }

  app.post('/:locale/courses/:slug/exercises/:exerciseId', async (request, reply) => {
    const { slug, exerciseId } = request.params as Params;
    const course = await published(slug);
    const progress = request.user ? await learning.progress(request.user.id, course) : null;
    authorize(request.user, 'learning.study', progress);
    const unit = course.pkg.modules
      .flatMap((m) => m.units)
      .find((u) => u.exercises.some((e) => e.id === exerciseId));
    const exercise = unit?.exercises.find((e) => e.id === exerciseId);
    if (!unit || !exercise) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;

    if (exercise.type === 'reflection') {
      const value = text(body, 'text').trim();
      if (!value)
        return respond(request, reply, course, unit, exercise.id, 'learning.errors.reflectionEmpty');
      if (value.length > REFLECTION_MAX)
        return respond(request, reply, course, unit, exercise.id, 'learning.errors.reflectionTooLong');
      await learning.saveReflection(request.user.id, slug, exercise.id, value);
      return respond(request, reply, course, unit, exercise.id);
    }
    try {
      const outcome = await learning.answer(
        request.user.id,
        course,
        unit,
        exercise,
        body,
        text(body, 'submission'),
      );
      if (outcome.status === 'no-attempts-left') {
        return respond(request, reply, course, unit, exercise.id, 'learning.noAttemptsLeft');
      }
    } catch (error) {
      if (error instanceof AnswerError)
        return respond(request, reply, course, unit, exercise.id, 'learning.errors.invalidAnswer');
      throw error;
    }
    return respond(request, reply, course, unit, exercise.id);
  });

  app.get('/:locale/learn', async (request, reply) => {
    authorize(request.user, 'learning.enroll');
    const items = await learning.dashboard(request.user.id);
    const held = new Map((await certificates.forUser(request.user.id)).map((c) => [c.course_slug, c.id]));
    return sendPage(reply, DashboardPage({ c: reply.pageContext(), items, certificates: held }));
  });
}
