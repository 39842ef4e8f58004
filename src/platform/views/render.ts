import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Sends a server-rendered page. Preact escapes text and attributes; URLs are validated where built. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'private, no-cache')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToString(page)}`);
}
