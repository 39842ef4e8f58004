import type { FastifyInstance } from 'fastify';
import type { CallStore } from '../cases/calls.ts';
import type { Library } from '../cases/library.ts';
import type { CourseStore } from '../courses/course-store.ts';
import { LOCALES, languageTag } from '../platform/i18n/locales.ts';

/** The sitemap protocol's limit per file. */
const MAX_URLS = 50_000;

const xml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (m) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[m]!,
  );

interface Options {
  courses: CourseStore;
  calls: CallStore;
  library: Library;
  publicUrl: string;
}

/** What search engines and other crawlers read: robots.txt and a sitemap with every language version. */
export function registerOpenDataRoutes(
  app: FastifyInstance,
  { courses, calls, library, publicUrl }: Options,
) {
  app.get('/robots.txt', { config: { skipSession: true } }, async (_request, reply) => {
    const lines = [
      'User-agent: *',
      ...LOCALES.flatMap((l) =>
        ['account', 'admin', 'review', 'submissions', 'learn', 'certificates'].map(
          (p) => `Disallow: /${l}/${p}`,
        ),
      ),
      `Sitemap: ${publicUrl}/sitemap.xml`,
    ];
    return reply.type('text/plain; charset=utf-8').send(`${lines.join('\n')}\n`);
  });

  app.get('/sitemap.xml', { config: { skipSession: true } }, async (_request, reply) => {
    const paths: { path: string; modified?: string }[] = [
      { path: '' },
      { path: '/courses' },
      { path: '/cases' },
      { path: '/calls' },
      { path: '/transparency' },
      { path: `/transparency/report/${new Date().getUTCFullYear()}` },
      { path: '/api/docs' },
      { path: '/privacy' },
      { path: '/accessibility' },
      { path: '/terms' },
    ];
    for (const course of await courses.published()) {
      paths.push({ path: `/courses/${course.slug}`, modified: course.publishedAt ?? undefined });
      for (const module of course.pkg.modules)
        for (const unit of module.units) paths.push({ path: `/courses/${course.slug}/units/${unit.id}` });
    }
    for (const call of await calls.list()) paths.push({ path: `/calls/${call.slug}` });
    let cursor: string | undefined;
    do {
      const page = await library.search({}, { cursor, limit: 1000 });
      for (const item of page.cases) paths.push({ path: `/cases/${item.id}`, modified: item.publishedAt });
      cursor = page.nextCursor ?? undefined;
    } while (cursor && paths.length < MAX_URLS);
    const entries = paths.slice(0, MAX_URLS).map(({ path, modified }) => {
      const alternates = LOCALES.map(
        (l) =>
          `    <xhtml:link rel="alternate" hreflang="${languageTag(l)}" href="${xml(`${publicUrl}/${l}${path}`)}"/>`,
      ).join('\n');
      return `  <url>\n    <loc>${xml(`${publicUrl}/en${path}`)}</loc>\n${modified ? `    <lastmod>${modified.slice(0, 10)}</lastmod>\n` : ''}${alternates}\n  </url>`;
    });
    return reply
      .type('application/xml; charset=utf-8')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`,
      );
  });
}
