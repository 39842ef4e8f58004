import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unitDiscussionLink, withSection } from '../community/views/discussion-link.tsx';
import { findUnit, type LearningService, type Progress } from '../learning/learning-service.ts';
import { errorResponses, localeQuery } from '../platform/http/api-schemas.ts';
import { notFound } from '../platform/http/errors.ts';
import { publicRead } from '../platform/http/public-api.ts';
import { newToken } from '../platform/ids.ts';
import { authorize } from '../platform/policy.ts';
import type { PageContext } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import type { CourseStore, CourseVersion } from './course-store.ts';
import { contentLocale, pick, pickList } from './localize.ts';
import { markdownCases } from './markdown/render-markdown.ts';
import type { Unit } from './package/types.ts';
import { type EmbeddedCase, unitHtml } from './unit-content.ts';
import { type AdminCourse, AdminCoursesPage } from './views/admin-courses-page.tsx';
import { CatalogPage, CourseCard } from './views/catalog-page.tsx';
import { CoursePage } from './views/course-page.tsx';
import { UnitPage } from './views/unit-page.tsx';

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
};

/** The published version, or for authors a numbered one (`?version=N`). */
async function courseFor(
  request: FastifyRequest,
  courses: CourseStore,
  slug: string,
): Promise<{ course: CourseVersion; preview: boolean }> {
  const raw = (request.query as { version?: string }).version;
  if (raw !== undefined) {
    authorize(request.user, 'courses.preview');
    const number = Number(raw);
    const course = Number.isInteger(number) ? await courses.version(slug, number) : null;
    if (!course) throw notFound();
    return { course, preview: true };
  }
  const course = await courses.version(slug);
  if (!course) throw notFound();
  return { course, preview: false };
}

export interface UnitPageState {
  course: CourseVersion;
  unit: Unit;
  preview: boolean;
  progress: Progress | null;
  exerciseErrors?: Record<string, string>;
  /** Published practice cases the unit embeds, by id. */
  cases?: ReadonlyMap<string, EmbeddedCase>;
}

/** Renders a unit page; also used to show an exercise's error next to it after a bad answer. */
export function sendUnitPage(reply: FastifyReply, state: UnitPageState, status = 200) {
  const c = reply.pageContext();
  const query = state.preview ? `?version=${state.course.number}` : '';
  const { locale } = contentLocale(state.course.pkg, c.locale);
  const html = unitHtml(c, state.course, state.unit.id, locale, query, state.cases);
  const page = UnitPage({ c, ...state, html, query, submission: newToken().slice(0, 24) });
  const discussion = unitDiscussionLink(c, {
    slug: state.course.slug,
    unitId: state.unit.id,
    enrolled: state.progress?.enrolled === true,
    preview: state.preview,
  });
  return sendPage(reply, withSection(page, discussion), status);
}

/** The featured courses, for the home page. */
export function featuredCourses(courses: CourseStore) {
  return async (c: PageContext) => {
    const featured = (await courses.published()).filter((course) => course.pkg.featured);
    if (!featured.length) return null;
    return (
      <section aria-labelledby="featured-title">
        <h2 id="featured-title">{c.t('courses.featured')}</h2>
        <div class="card-grid">
          {featured.map((course) => (
            <CourseCard c={c} course={course} key={course.slug} />
          ))}
        </div>
      </section>
    );
  };
}

function courseSummary(course: CourseVersion, locale: string) {
  const { pkg } = course;
  const shown = contentLocale(pkg, locale).locale;
  return {
    slug: pkg.slug,
    version: course.number,
    title: pick(pkg.title, shown),
    summary: pick(pkg.summary, shown),
    languages: pkg.languages,
    licence: pkg.licence,
    hours: pkg.hours,
    level: pkg.level,
  };
}

export function registerCourseRoutes(
  app: FastifyInstance,
  {
    courses,
    learning,
    findCase,
  }: {
    courses: CourseStore;
    learning: LearningService;
    /** A published practice case from the case library, for `case` blocks in units. */
    findCase(id: string): Promise<{ title: string; summary: string } | null>;
  },
) {
  app.get('/:locale/courses', { config: { pageCache: true } }, async (_request, reply) =>
    sendPage(reply, CatalogPage({ c: reply.pageContext(), courses: await courses.published() })),
  );

  app.get('/:locale/courses/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const { course, preview } = await courseFor(request, courses, slug);
    const progress = request.user && !preview ? await learning.progress(request.user.id, course) : null;
    return sendPage(reply, CoursePage({ c: reply.pageContext(), course, preview, progress }));
  });

  app.get('/:locale/courses/:slug/units/:unitId', { config: { pageCache: true } }, async (request, reply) => {
    const { slug, unitId } = request.params as { slug: string; unitId: string };
    const { course, preview } = await courseFor(request, courses, slug);
    const unit = findUnit(course, unitId);
    if (!unit) throw notFound();
    const progress = request.user && !preview ? await learning.progress(request.user.id, course) : null;
    if (request.user && progress?.enrolled && progress.lastUnitId !== unitId) {
      await learning.recordVisit(request.user.id, slug, unitId);
    }
    const cases = new Map<string, EmbeddedCase>();
    for (const { id } of markdownCases(
      unit.texts[contentLocale(course.pkg, request.locale).locale]?.body ?? '',
    )) {
      const found = await findCase(id);
      if (found)
        cases.set(id, { title: found.title, summary: found.summary, href: `/${request.locale}/cases/${id}` });
    }
    return sendUnitPage(reply, { course, unit, preview, progress, cases });
  });

  // Media of a version never changes, so it is cached like a fingerprinted asset.
  app.get('/media/courses/:versionId/*', { config: { skipSession: true } }, async (request, reply) => {
    const { versionId, '*': path } = request.params as { versionId: string; '*': string };
    const all = await courses.published();
    const course = all.find((c) => c.id === versionId);
    const data = course?.pkg.media[`media/${path}`];
    if (!data) throw notFound();
    const type = MEDIA_TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
    return reply
      .type(type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(data, 'base64'));
  });

  app.get('/:locale/admin/courses', async (request, reply) => {
    authorize(request.user, 'courses.publish');
    const c = reply.pageContext();
    const versions = await courses.all();
    const list: AdminCourse[] = [];
    for (const slug of new Set(versions.map((v) => v.slug))) {
      const latest = await courses.version(slug, versions.find((v) => v.slug === slug)!.number);
      list.push({
        slug,
        title: latest ? pick(latest.pkg.title, contentLocale(latest.pkg, c.locale).locale) : slug,
        versions: versions.filter((v) => v.slug === slug),
      });
    }
    const done =
      (request.query as { done?: string }).done === 'published' ? 'adminCourses.published' : undefined;
    return sendPage(reply, AdminCoursesPage({ c, courses: list, notice: done }));
  });

  app.post('/:locale/admin/courses/:slug/versions/:number/publish', async (request, reply) => {
    authorize(request.user, 'courses.publish');
    const { slug, number } = request.params as { slug: string; number: string };
    if (!(await courses.publish(slug, Number(number)))) throw notFound();
    return reply.redirect(`/${request.locale}/admin/courses?done=published`, 303);
  });

  app.get(
    '/api/v1/courses',
    {
      ...publicRead,
      schema: {
        tags: ['courses'],
        summary: 'Published courses',
        description: 'Every published course, with titles in the requested language.',
        querystring: localeQuery,
        response: {
          200: {
            type: 'object',
            properties: { courses: { type: 'array', items: { $ref: 'CourseSummary#' } } },
            required: ['courses'],
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const locale = String((request.query as { locale?: string }).locale ?? 'en');
      const list = (await courses.published()).map((course) => courseSummary(course, locale));
      return reply.header('access-control-allow-origin', '*').send({ courses: list });
    },
  );

  app.get(
    '/api/v1/courses/:slug',
    {
      ...publicRead,
      schema: {
        tags: ['courses'],
        summary: 'One course and its syllabus',
        description: 'Audience, outcomes, tracks, modules and units, with UNESCO taxonomy slugs per module.',
        params: {
          type: 'object',
          properties: { slug: { type: 'string', maxLength: 100, description: 'The course slug.' } },
          required: ['slug'],
        },
        querystring: localeQuery,
        response: { 200: { $ref: 'Course#' }, 404: { $ref: 'Error#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const locale = String((request.query as { locale?: string }).locale ?? 'en');
      const course = await courses.version(slug);
      if (!course) throw notFound();
      const shown = contentLocale(course.pkg, locale).locale;
      return reply.header('access-control-allow-origin', '*').send({
        ...courseSummary(course, locale),
        audience: pick(course.pkg.audience, shown),
        outcomes: pickList(course.pkg.outcomes, shown),
        tracks: course.pkg.tracks.map((track) => ({
          id: track.id,
          title: pick(track.title, shown),
          modules: track.modules.map((moduleId) => {
            const module = course.pkg.modules.find((m) => m.id === moduleId)!;
            return {
              id: module.id,
              title: pick(module.title, shown),
              principles: module.principles,
              values: module.values,
              policyAreas: module.policyAreas,
              units: module.units.map((u) => ({
                id: u.id,
                title: u.texts[shown]?.title ?? u.texts.en?.title,
                minutes: u.minutes,
              })),
            };
          }),
        })),
      });
    },
  );
}
