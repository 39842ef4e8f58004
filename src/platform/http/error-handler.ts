import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorPage } from '../views/error-page.tsx';
import { sendPage } from '../views/render.ts';
import { HttpError } from './errors.ts';
import { localeFromUrl, preferredLocale } from './request-context.ts';

/** Status → the message family shown to people. Anything unlisted at 4xx reads as a bad request. */
const KINDS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  405: 'badRequest',
  413: 'tooLarge',
  415: 'unsupportedType',
  429: 'tooManyRequests',
  500: 'serverError',
};

/** @fastify/csrf-protection's refusals: a form from before sign-in, another session, or none at all. */
const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz';
}

function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  messageKey?: string,
  detail?: string,
) {
  request.locale =
    localeFromUrl(request.url) ?? (request.cookies ? preferredLocale(request) : request.locale);
  const kind = KINDS[status] ?? (status >= 500 ? 'serverError' : 'badRequest');
  if (wantsJson(request)) {
    const message = reply.pageContext().t(`errors.${kind}.body`);
    return reply.code(status).send({ error: kind, message, ...(detail ? { detail } : {}) });
  }
  const c = reply.pageContext();
  return sendPage(
    reply,
    ErrorPage({ c, title: c.t(`errors.${kind}.title`), body: c.t(messageKey ?? `errors.${kind}.body`) }),
    status,
  );
}

/** One place that turns every failure into a localized page (or JSON under /api), never a stack trace. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => renderError(request, reply, 404));

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: (error as FastifyError).code }, error.message);
    if (status === 401 && !wantsJson(request) && request.method === 'GET') {
      const locale = localeFromUrl(request.url) ?? preferredLocale(request);
      const next = request.url.slice(locale.length + 1) || '/';
      return reply.redirect(`/${locale}/sign-in?next=${encodeURIComponent(next)}`, 303);
    }
    if (status === 429 && error instanceof HttpError === false) {
      reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    }
    // An API client that sent an invalid parameter is told which one (Fastify's schema validation).
    const detail = (error as FastifyError).validation ? error.message : undefined;
    return renderError(
      request,
      reply,
      status,
      error instanceof HttpError
        ? error.messageKey
        : CSRF_CODES.has((error as FastifyError).code)
          ? 'errors.csrf.body'
          : undefined,
      detail,
    );
  });
}
