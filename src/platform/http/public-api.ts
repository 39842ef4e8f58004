import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Per-client limit on the public read API: generous for people, a brake for runaway scripts. */
export const API_RATE_LIMIT = { max: 600, timeWindow: 60_000 };

/** Route options every public read endpoint shares: no session lookup, a rate limit. */
export const publicRead = { config: { skipSession: true, rateLimit: API_RATE_LIMIT } } as const;

/**
 * ETags for the public read API: a client that sends If-None-Match with the current tag gets 304 and
 * no body, which matters on slow connections. The tag is a hash of the body, so it changes exactly
 * when the data does.
 */
export function registerPublicApiCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || !request.url.startsWith('/api/v1/') || reply.statusCode !== 200)
      return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', 'public, max-age=60');
    const sent = request.headers['if-none-match'];
    if (sent && sent.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}
