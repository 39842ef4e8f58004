import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { API_SCHEMAS } from '../platform/http/api-schemas.ts';
import { API_RATE_LIMIT } from '../platform/http/public-api.ts';
import { preferredLocale } from '../platform/http/request-context.ts';

/** The tags that group the public API; only routes carrying one of them are documented. */
export const API_TAGS = [
  { name: 'courses', description: 'Published courses and their syllabus.' },
  { name: 'cases', description: 'The open case library: practice cases selected by the expert group.' },
  { name: 'statistics', description: 'Aggregate figures behind the transparency page.' },
] as const;

/**
 * Generates the OpenAPI 3.1 document from the route schemas. Must be registered before the routes it
 * describes (it collects them as they are added); routes without a tag (the pages) are left out.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  { publicUrl, operatorName }: { publicUrl: string; operatorName: string },
): Promise<void> {
  for (const schema of API_SCHEMAS) app.addSchema(schema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: `${operatorName} public API`,
        version: '1.0.0',
        description: [
          'Read-only, open data: no key needed.',
          'Every endpoint allows cross-origin requests, sends an ETag and answers If-None-Match with 304.',
          `Each client may make ${API_RATE_LIMIT.max} requests a minute; past that it receives 429 with Retry-After.`,
          'Figures about fewer than 10 people are never published: such values are null, with `suppressed: true`.',
        ].join(' '),
        license: { name: 'CC-BY-4.0', identifier: 'CC-BY-4.0' },
      },
      servers: [{ url: publicUrl }],
      tags: [...API_TAGS],
    },
    hideUntagged: true,
    // Shared schemas keep their names ($id) as component names instead of def-0, def-1…
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  app.get('/api/openapi.json', { config: { skipSession: true } }, async (_request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .send(app.swagger()),
  );
  // The reference page is a localized page like every other; this is the address people guess.
  app.get('/api/docs', { config: { skipSession: true } }, async (request, reply) =>
    reply.redirect(`/${preferredLocale(request)}/api/docs`, 302),
  );
}
