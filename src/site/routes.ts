import type { FastifyInstance } from 'fastify';
import type { ComponentChildren } from 'preact';
import { preferredLocale } from '../platform/http/request-context.ts';
import { authorize } from '../platform/policy.ts';
import type { PageContext } from '../platform/views/page-context.ts';
import { sendPage } from '../platform/views/render.ts';
import { AdminHomePage } from './views/admin-home-page.tsx';
import { DocumentPage } from './views/document-page.tsx';
import { HomePage } from './views/home-page.tsx';

export interface SiteRouteOptions {
  /** Blocks other modules add to the home page, in order. */
  homeSections: ((c: PageContext) => Promise<ComponentChildren> | ComponentChildren)[];
}

/** How many sections each document has in the message catalogue. */
const DOCUMENTS = { privacy: 6, accessibility: 4, terms: 4 } as const;

export function registerSiteRoutes(app: FastifyInstance, { homeSections }: SiteRouteOptions) {
  app.get('/healthz', { config: { skipSession: true } }, async () => ({ status: 'ok' }));

  // `/` picks a language: the cookie from an earlier choice, then the browser's Accept-Language.
  app.get('/', async (request, reply) => {
    reply.header('vary', 'accept-language, cookie');
    return reply.redirect(`/${preferredLocale(request)}`, 302);
  });

  app.get('/:locale', { config: { pageCache: true } }, async (_request, reply) => {
    const c = reply.pageContext();
    const sections = await Promise.all(homeSections.map((section) => section(c)));
    return sendPage(reply, HomePage({ c, sections }));
  });

  app.get('/:locale/admin', async (request, reply) => {
    authorize(request.user, 'users.list');
    return sendPage(reply, AdminHomePage({ c: reply.pageContext() }));
  });

  for (const [doc, sections] of Object.entries(DOCUMENTS)) {
    app.get(`/:locale/${doc}`, { config: { pageCache: true } }, async (_request, reply) =>
      sendPage(reply, DocumentPage({ c: reply.pageContext(), doc, sections })),
    );
  }
}
