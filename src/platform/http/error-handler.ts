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
  503: 'unavailable',
};

// SQLite's primary result codes for a database that cannot be written: READONLY, IOERR, FULL, CANTOPEN.
const SQLITE_STORAGE_CODES = new Set([8, 10, 13, 14]);
// PostgreSQL: disk_full, insufficient_resources, read_only_sql_transaction.
const PG_STORAGE_CODES = new Set(['53100', '53000', '25006']);
// The file system under DATA_DIR (uploads, outbox, keys): no space, read-only, over quota, not allowed.
const FS_STORAGE_CODES = new Set(['ENOSPC', 'EROFS', 'EDQUOT', 'EACCES', 'EPERM']);

/**
 * Whether a failure is the server's storage refusing a write (a full disk, a read-only DATA_DIR or
 * database) rather than a bug: the user is told to try later, with what they entered shown back.
 */
export function isStorageFailure(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.errcode === 'number' && SQLITE_STORAGE_CODES.has(e.errcode & 0xff)) return true;
    if (typeof e.code === 'string' && (PG_STORAGE_CODES.has(e.code) || FS_STORAGE_CODES.has(e.code)))
      return true;
    e = e.cause as Record<string, unknown> | undefined;
  }
  return false;
}

/** Fields never shown back: secrets and the form's own token. */
const NOT_SHOWN = /password|_csrf|token|secret/i;

/** The text fields of a posted form, so a page that could not save them can show them back. */
function submittedText(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const lines: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (NOT_SHOWN.test(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string' && v.trim() !== '') lines.push(`${name}: ${v}`);
    }
  }
  return lines.join('\n');
}
/** @fastify/csrf-protection's refusals: a form from before sign-in, another session, or none at all. */
const CSRF_CODES = new Set(['FST_CSRF_INVALID_TOKEN', 'FST_CSRF_MISSING_SECRET']);

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/healthz' || request.url === '/readyz';
}

function renderError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  options: { messageKey?: string; detail?: string; storage?: boolean } = {},
) {
  const { messageKey, detail, storage } = options;
  const failed = status >= 500;
  request.locale =
    localeFromUrl(request.url) ?? (request.cookies ? preferredLocale(request) : request.locale);
  const kind = storage ? 'storageFull' : (KINDS[status] ?? (failed ? 'serverError' : 'badRequest'));
  if (wantsJson(request)) {
    const message = reply.pageContext().t(`errors.${kind}.body`);
    return reply.code(status).send({
      error: kind,
      message,
      ...(detail ? { detail } : {}),
      ...(failed ? { requestId: request.id } : {}),
    });
  }
  const c = reply.pageContext();
  return sendPage(
    reply,
    ErrorPage({
      c,
      title: c.t(`errors.${kind}.title`),
      body: c.t(messageKey ?? `errors.${kind}.body`),
      ...(failed ? { reference: request.id } : {}),
      ...(storage ? { kept: submittedText(request.body) } : {}),
    }),
    status,
  );
}

/** One place that turns every failure into a localized page (or JSON under /api), never a stack trace. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => renderError(request, reply, 404));

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const storage = isStorageFailure(error);
    const status = storage ? 503 : error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
      request.log.error(
        { err: error, route, requestId: request.id },
        storage ? 'request failed: storage refused the write' : 'request failed',
      );
      reply.header('x-request-id', request.id);
      if (storage) reply.header('retry-after', '60');
    } else request.log.info({ status, code: (error as FastifyError).code }, error.message);
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
    return renderError(request, reply, status, {
      ...(error instanceof HttpError
        ? { messageKey: error.messageKey }
        : CSRF_CODES.has((error as FastifyError).code)
          ? { messageKey: 'errors.csrf.body' }
          : {}),
      ...(detail ? { detail } : {}),
      storage,
    });
  });
}
