import type { FastifyInstance } from 'fastify';
import { notFound } from '../../platform/http/errors.ts';
import { authorize } from '../../platform/policy.ts';
import type { CourseStore } from '../course-store.ts';
import {
  buildCartridge,
  CARTRIDGE_CONTENT_TYPE,
  type Cartridge,
  defaultCartridgeLocale,
  embeddedCases,
  type FindCase,
} from './build-cartridge.ts';

/** Versions never change, so a built cartridge is kept for the next download (a full course takes ~0.3 s). */
const CACHE_LIMIT = 16;

export interface CartridgeDeps {
  courses: CourseStore;
  /** A published practice case from the case library, for `case` blocks in units. */
  findCase: FindCase;
  publicUrl: string;
}

/**
 * GET /{locale}/courses/{slug}/export.imscc: the published version as an IMS Common Cartridge 1.1, open
 * to everyone (the content is openly licensed). `?locale=` picks another of the course's languages
 * (English by default); `?version=N` exports an unpublished version for authors and admins.
 */
export function registerCartridgeRoutes(app: FastifyInstance, deps: CartridgeDeps) {
  const cache = new Map<string, Cartridge>();

  app.get(
    '/:locale/courses/:slug/export.imscc',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            locale: { type: 'string', pattern: '^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$' },
            version: { type: 'integer', minimum: 1 },
          },
        },
      },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const query = request.query as { version?: number; locale?: string };
      if (query.version !== undefined) authorize(request.user, 'courses.preview');
      const course = await deps.courses.version(slug, query.version);
      if (!course) throw notFound();
      const locale = query.locale ?? defaultCartridgeLocale(course.pkg);
      if (!course.pkg.languages.includes(locale)) throw notFound();

      const cases = await embeddedCases(deps, course, locale);
      // Publishing an embedded case changes the units, so which cases are published is part of the key.
      const key = `${course.id}\u0000${locale}\u0000${[...cases.keys()].join(',')}`;
      let cartridge = cache.get(key);
      if (!cartridge) {
        cartridge = buildCartridge({ course, locale, publicUrl: deps.publicUrl, cases });
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
        cache.set(key, cartridge);
      }
      return reply
        .type(CARTRIDGE_CONTENT_TYPE)
        .header('content-disposition', `attachment; filename="${cartridge.filename}"`)
        .header('cache-control', query.version === undefined ? 'public, max-age=3600' : 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(cartridge.bytes.buffer, cartridge.bytes.byteOffset, cartridge.bytes.byteLength));
    },
  );
}
