import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken } from '../ids.ts';

/** The cookie @fastify/csrf-protection keeps its secret in (its default name). */
export const CSRF_COOKIE = '_csrf';

/**
 * What a CSRF token is bound to: the session it was issued in (its hash, never the token itself), or
 * `visitor` for someone not signed in (the library refuses an empty binding).
 */
export function csrfSessionBinding(request: FastifyRequest): string {
  return request.sessionToken ? `session:${hashToken(request.sessionToken)}` : 'visitor';
}

/**
 * Drops the CSRF secret when the session changes (sign-in, sign-out), and makes the request read as
 * the new session: a page rendered in this response gets a fresh secret, else the next page does, so
 * no token issued before the change is accepted after it.
 */
export function rotateCsrfSecret(request: FastifyRequest, reply: FastifyReply, sessionToken: string | null) {
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
  delete request.cookies[CSRF_COOKIE];
  request.sessionToken = sessionToken;
}
