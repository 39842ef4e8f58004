import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The page a visitor sees here depends only on its URL and the database's content, so it is rendered
     * once per content generation and served from memory (with its gzip and brotli bytes and an ETag)
     * until a write to a content table moves the generation on. Signed-in viewers are never served from it.
     */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    /** Set when this response may be stored in the page cache under this key. */
    pageCacheKey: string | null;
  }
}

interface Entry {
  etag: string;
  type: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  storedAt: number;
}

export interface PageCacheOptions {
  /** The current content generation (a trigger moves it on with every write to a content table). */
  generation(): Promise<number>;
  /** Bytes of page bodies kept per process (identity plus compressed); least recently used go first. */
  maxBytes?: number;
  /**
   * A page is re-rendered at least this often even without a write, for what changes with time alone
   * (a call's deadline passing, relative dates).
   */
  maxAgeMs?: number;
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

const size = (e: Entry) => e.identity.length + (e.gzip?.length ?? 0) + (e.br?.length ?? 0);

/** br, then gzip, then none: the client's preference order is not worth parsing q-values for. */
function encodingFor(request: FastifyRequest): 'br' | 'gzip' | 'identity' {
  const accepted = request.headers['accept-encoding'] ?? '';
  if (/\bbr\b/.test(accepted)) return 'br';
  if (/\bgzip\b/.test(accepted)) return 'gzip';
  return 'identity';
}

export function registerPageCache(app: FastifyInstance, options: PageCacheOptions): PageCacheStats {
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const entries = new Map<string, Entry>();
  const stats: PageCacheStats = { hits: 0, misses: 0, entries: 0, bytes: 0 };

  const account = (entry: Entry, sign: 1 | -1) => {
    stats.bytes += sign * size(entry);
    stats.entries = entries.size;
  };
  const evict = () => {
    while (stats.bytes > maxBytes && entries.size) {
      const [oldest, entry] = entries.entries().next().value as [string, Entry];
      entries.delete(oldest);
      account(entry, -1);
    }
  };

  function send(request: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
    reply.header('etag', entry.etag).header('cache-control', 'private, no-cache').header('vary', 'cookie');
    if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    const encoding = encodingFor(request);
    let body = entry.identity;
    if (encoding !== 'identity') {
      // Compressed once, on the first request that accepts each encoding.
      if (encoding === 'br' && !entry.br) {
        entry.br = brotliCompressSync(entry.identity, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        });
        stats.bytes += entry.br.length;
        evict();
      }
      if (encoding === 'gzip' && !entry.gzip) {
        entry.gzip = gzipSync(entry.identity, { level: 6 });
        stats.bytes += entry.gzip.length;
        evict();
      }
      body = (encoding === 'br' ? entry.br : entry.gzip) ?? body;
      reply.header('content-encoding', encoding).header('vary', 'cookie, accept-encoding');
    }
    return reply.type(entry.type).send(body);
  }

  app.decorateRequest('pageCacheKey', null);

  // After the session lookup (an onRequest hook), so only visitors are served from here.
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config?.pageCache || request.user || request.method !== 'GET') return;
    const key = `${await options.generation()}\u0000${request.url}`;
    const entry = entries.get(key);
    if (entry && Date.now() - entry.storedAt < maxAgeMs) {
      stats.hits++;
      entries.delete(key);
      entries.set(key, entry);
      return send(request, reply, entry);
    }
    stats.misses++;
    request.pageCacheKey = key;
  });

  // Registered before @fastify/compress, so it sees the rendered HTML, not compressed bytes.
  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.pageCacheKey;
    if (!key || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const identity = Buffer.from(payload);
    const etag = `"${createHash('sha1').update(identity).digest('base64url').slice(0, 22)}"`;
    const previous = entries.get(key);
    if (previous) {
      entries.delete(key);
      account(previous, -1);
    }
    const entry: Entry = {
      etag,
      type: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
      identity,
      storedAt: Date.now(),
    };
    entries.set(key, entry);
    account(entry, 1);
    evict();
    reply.header('etag', etag).header('vary', 'cookie');
    return payload;
  });
  return stats;
}
