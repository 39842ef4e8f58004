import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../platform/http/errors.ts';
import { authorize } from '../platform/policy.ts';
import type { PageContext } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import type { CourseStore, CourseVersion } from './course-store.ts';
import { contentLocale, orderedUnits, pick, pickList } from './localize.ts';
import { unitHtml } from './unit-content.ts';
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

export function registerCourseRoutes(app: FastifyInstance, { courses }: { courses: CourseStore }) {
  app.get('/:locale/courses', async (_request, reply) =>
    sendPage(reply, CatalogPage({ c: reply.pageContext(), courses: await courses.published() })),
  );

  app.get('/:locale/courses/:slug', async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const { course, preview } = await courseFor(request, courses, slug);
    return sendPage(reply, CoursePage({ c: reply.pageContext(), course, preview }));
  });

  app.get('/:locale/courses/:slug/units/:unitId', async (request, reply) => {
    const { slug, unitId } = request.params as { slug: string; unitId: string };
    const { course, preview } = await courseFor(request, courses, slug);
    const entry = orderedUnits(course.pkg).find((e) => e.unit.id === unitId);
    if (!entry) throw notFound();
    const c = reply.pageContext();
    const query = preview ? `?version=${course.number}` : '';
    const { locale } = contentLocale(course.pkg, c.locale);
    const html = unitHtml(c, course, unitId, locale, query);
    return sendPage(reply, UnitPage({ c, course, unit: entry.unit, html, query }));
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

  app.get('/api/v1/courses', { config: { skipSession: true } }, async (request, reply) => {
    const locale = String((request.query as { locale?: string }).locale ?? 'en');
    const list = (await courses.published()).map((course) => courseSummary(course, locale));
    return reply.header('access-control-allow-origin', '*').send({ courses: list });
  });

  app.get('/api/v1/courses/:slug', { config: { skipSession: true } }, async (request, reply) => {
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
  });
}
