import type { FastifyInstance, FastifyRequest } from 'fastify';
import { caseDiscussionLink, withSection } from '../community/views/discussion-link.tsx';
import type { CourseStore } from '../courses/course-store.ts';
import { contentLocale, pick } from '../courses/localize.ts';
import { caseSchema, errorResponses } from '../platform/http/api-schemas.ts';
import { csvDocument } from '../platform/http/csv.ts';
import { notFound } from '../platform/http/errors.ts';
import { publicRead } from '../platform/http/public-api.ts';
import { sendPage } from '../platform/views/render.ts';
import type { Library, LibraryFilters, PublishedCase } from './library.ts';
import { CasePage, LibraryPage } from './views/library-pages.tsx';

const MAX_PAGE = 100;

function filtersFrom(request: FastifyRequest): LibraryFilters {
  const q = request.query as Record<string, unknown>;
  const str = (name: string) =>
    typeof q[name] === 'string' && (q[name] as string).length <= 200 ? (q[name] as string) : undefined;
  const year = Number(str('year'));
  return {
    q: str('q'),
    practiceType: str('practiceType'),
    stakeholderType: str('stakeholderType'),
    region: str('region'),
    country: str('country'),
    principle: str('principle'),
    policyArea: str('policyArea'),
    sector: str('sector'),
    year: Number.isInteger(year) && year > 2000 ? year : undefined,
  };
}

/** The public shape of a case in the API, CSV and feed: camelCase, no internal ids. */
function publicCase(item: PublishedCase, publicUrl: string) {
  return {
    id: item.id,
    url: `${publicUrl}/en/cases/${item.id}`,
    title: item.title,
    summary: item.summary,
    language: item.language,
    organisation: item.organisation,
    authors: item.authors,
    practiceType: item.practiceType,
    stakeholderType: item.stakeholderType,
    country: item.country,
    region: item.region,
    sector: item.sector,
    principles: item.principles,
    policyAreas: item.policyAreas,
    values: item.values,
    year: item.year,
    licence: item.licence,
    publishedAt: item.publishedAt,
    sections: item.sections,
  };
}

const xml = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (m) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[m]!,
  );

export function registerLibraryRoutes(
  app: FastifyInstance,
  {
    library,
    courses,
    publicUrl,
    operatorName,
  }: { library: Library; courses: CourseStore; publicUrl: string; operatorName: string },
) {
  app.get('/:locale/cases', { config: { pageCache: true } }, async (request, reply) => {
    const filters = filtersFrom(request);
    const cursor =
      typeof (request.query as { cursor?: string }).cursor === 'string'
        ? (request.query as { cursor: string }).cursor
        : undefined;
    const [page, total, facets] = await Promise.all([
      library.search(filters, { cursor, limit: 20 }),
      library.count(filters),
      library.facets(filters),
    ]);
    return sendPage(
      reply,
      LibraryPage({
        c: reply.pageContext(),
        filters,
        cases: page.cases,
        total,
        facets,
        nextCursor: page.nextCursor,
      }),
    );
  });

  app.get('/:locale/cases/:id', { config: { pageCache: true } }, async (request, reply) => {
    const item = await library.get((request.params as { id: string }).id);
    if (!item) throw notFound();
    const c = reply.pageContext();
    const modules: { href: string; title: string }[] = [];
    for (const course of await courses.published()) {
      const shown = contentLocale(course.pkg, c.locale).locale;
      for (const module of course.pkg.modules) {
        if (module.principles.some((p) => item.principles.includes(p))) {
          modules.push({
            href: c.href(`/courses/${course.slug}#module-${module.id}`),
            title: `${pick(module.title, shown)} (${pick(course.pkg.title, shown)})`,
          });
        }
      }
    }
    const page = CasePage({ c, item, url: `${publicUrl}/${c.locale}/cases/${item.id}`, modules });
    return sendPage(reply, withSection(page, caseDiscussionLink(c, item.id)));
  });

  app.get(
    '/api/v1/cases',
    {
      ...publicRead,
      schema: {
        tags: ['cases'],
        summary: 'Search the case library',
        description:
          'Published cases, newest first, filtered by text and facets. Follow `nextCursor` (pass it as `cursor`) for the next page; it is null on the last page.',
        querystring: {
          type: 'object',
          properties: {
            q: {
              type: 'string',
              maxLength: 200,
              description: 'Words to find in titles, summaries and sections.',
            },
            practiceType: { type: 'string', maxLength: 200 },
            stakeholderType: { type: 'string', maxLength: 200 },
            region: { type: 'string', maxLength: 200, description: 'UNESCO region slug.' },
            country: { type: 'string', maxLength: 200, description: 'ISO 3166-1 alpha-2.' },
            principle: { type: 'string', maxLength: 200, description: 'UNESCO principle slug.' },
            policyArea: { type: 'string', maxLength: 200, description: 'UNESCO policy area slug.' },
            sector: { type: 'string', maxLength: 200 },
            year: { type: 'integer', minimum: 2001, maximum: 9999 },
            cursor: { type: 'string', maxLength: 500, description: "From the previous page's nextCursor." },
            limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 20 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              cases: { type: 'array', items: { $ref: 'Case#' } },
              nextCursor: { type: ['string', 'null'] },
            },
            required: ['cases', 'nextCursor'],
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const limit = Math.min(
        MAX_PAGE,
        Math.max(1, Number((request.query as { limit?: string }).limit) || 20),
      );
      const cursor = (request.query as { cursor?: string }).cursor;
      const page = await library.search(filtersFrom(request), {
        cursor: typeof cursor === 'string' ? cursor : undefined,
        limit,
      });
      return reply
        .header('access-control-allow-origin', '*')
        .send({ cases: page.cases.map((c) => publicCase(c, publicUrl)), nextCursor: page.nextCursor });
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      ...publicRead,
      schema: {
        tags: ['cases'],
        summary: 'One published case',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 100 } },
          required: ['id'],
        },
        response: { 200: { $ref: 'Case#' }, 404: { $ref: 'Error#' }, ...errorResponses },
      },
    },
    async (request, reply) => {
      const item = await library.get((request.params as { id: string }).id);
      if (!item) throw notFound();
      return reply.header('access-control-allow-origin', '*').send(publicCase(item, publicUrl));
    },
  );

  app.get('/cases.csv', { config: { skipSession: true } }, async (request, reply) => {
    // The API's fields, in its order, less the nested ones a spreadsheet cannot hold.
    const columns = Object.keys(caseSchema.properties).filter(
      (field) => field !== 'values' && field !== 'sections',
    ) as (keyof ReturnType<typeof publicCase>)[];
    const rows: unknown[][] = [];
    let cursor: string | undefined;
    do {
      const page = await library.search(filtersFrom(request), { cursor, limit: 500 });
      for (const item of page.cases) {
        const row = publicCase(item, publicUrl);
        rows.push(columns.map((column) => row[column]));
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="praxis-cases.csv"')
      .header('access-control-allow-origin', '*')
      .send(csvDocument(columns, rows));
  });

  app.get('/cases/feed.atom', { config: { skipSession: true } }, async (_request, reply) => {
    const { cases } = await library.search({}, { limit: 50 });
    const updated = cases[0]?.publishedAt ?? new Date(0).toISOString();
    const entries = cases
      .map((item) => {
        const url = `${publicUrl}/en/cases/${item.id}`;
        return `  <entry>\n    <id>${xml(url)}</id>\n    <title>${xml(item.title)}</title>\n    <link rel="alternate" href="${xml(url)}"/>\n    <updated>${item.publishedAt}</updated>\n    <published>${item.publishedAt}</published>\n    <author><name>${xml(item.organisation)}</name></author>\n    <summary>${xml(item.summary)}</summary>\n    <rights>CC BY 4.0</rights>\n  </entry>`;
      })
      .join('\n');
    const feed = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n  <id>${xml(`${publicUrl}/cases/feed.atom`)}</id>\n  <title>${xml(`${operatorName} — case library`)}</title>\n  <link rel="self" href="${xml(`${publicUrl}/cases/feed.atom`)}"/>\n  <link rel="alternate" href="${xml(`${publicUrl}/en/cases`)}"/>\n  <updated>${updated}</updated>\n${entries}\n</feed>\n`;
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  });
}
