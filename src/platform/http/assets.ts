import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * Files under public/, served at fingerprinted URLs (`/assets/css/site.3f2a9c1d.css`) with a year of
 * immutable caching: a changed file gets a new URL, so browsers never hold a stale copy.
 */
export class AssetManifest {
  private readonly byUrl = new Map<string, Asset>();
  private readonly urls = new Map<string, string>();

  constructor(root: string) {
    for (const file of walk(root)) {
      const name = relative(root, file).split('\\').join('/');
      const body = readFileSync(file);
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const ext = extname(name);
      const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`;
      this.urls.set(name, url);
      this.byUrl.set(url, { body, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${hash}"` });
    }
  }

  url(name: string): string {
    const url = this.urls.get(name);
    if (!url) throw new Error(`No asset named "${name}" under public/`);
    return url;
  }

  register(app: FastifyInstance): void {
    app.get('/assets/*', { config: { skipSession: true } }, async (request, reply) => {
      const asset = this.byUrl.get(request.url.split('?')[0] ?? '');
      if (!asset) return reply.callNotFound();
      if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', asset.etag)
        .type(asset.type)
        .send(asset.body);
    });
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
