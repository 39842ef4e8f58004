import { parse } from 'node:querystring';
import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError, notFound } from './errors.ts';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. PostgreSQL refuses
 * U+0000 in text, SQLite's full-text syntax chokes on it, and none of them is something a person
 * types, so they are taken out of every query string and form field before a route reads it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** A string as a route may store it: no control characters, no lone surrogate halves. */
export function cleanText(value: string): string {
  return value.replace(CONTROL, '').toWellFormed();
}

function cleanValue(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  return value;
}

/**
 * Query strings and URL-encoded bodies: `a=1&a=2` gives an array, invalid percent escapes decode to
 * U+FFFD instead of failing, and every value is cleaned. Keys are cleaned too, so a route that reads a
 * known key never meets a stray one.
 */
export function parseUrlEncoded(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of Object.entries(parse(raw))) {
    if (value !== undefined) out[cleanText(key)] = cleanValue(value) as string | string[];
  }
  return out;
}

/** Busboy's limits (413) and the plugin's own refusals (400) say what was wrong; keep their status. */
function isClientError(error: unknown): boolean {
  const status = (error as FastifyError).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Multipart forms. Fields are read into the body as plain strings (as a URL-encoded form gives them),
 * so the same helpers read both kinds of form; file parts stay as the plugin's file objects, already
 * buffered. A body that is cut short or not multipart at all inside is a 400 with a localized message,
 * never the parser's exception.
 */
export async function registerMultipartBodies(
  app: FastifyInstance,
  limits: { fileSize: number; files: number; fields: number; fieldSize: number },
): Promise<void> {
  // Oversize files are marked truncated instead of failing the request, so the form can say so
  // next to the field.
  await app.register(multipart, { throwFileSizeLimit: false, limits });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const body: Record<string, unknown> = Object.create(null);
    const add = (name: string, value: unknown) => {
      const key = cleanText(name);
      const existing = body[key];
      if (existing === undefined) body[key] = value;
      else body[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    };
    try {
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          await part.toBuffer();
          add(part.fieldname, part);
        } else {
          add(part.fieldname, typeof part.value === 'string' ? cleanText(part.value) : '');
        }
      }
    } catch (error) {
      if (isClientError(error)) throw error;
      request.log.info({ err: error }, 'malformed multipart body');
      throw new HttpError(400, 'errors.malformedBody.body');
    }
    request.body = body;
  });
}

/** Path parameters with control characters name nothing that exists. */
export function registerParamGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    for (const value of Object.values(params ?? {})) {
      if (typeof value === 'string' && (HAS_CONTROL.test(value) || !value.isWellFormed())) {
        throw notFound();
      }
    }
  });
}

/**
 * A Location header may carry only visible ASCII: a redirect built from a path with `é` or `한` would
 * otherwise fail as the response is written. Other characters are percent-encoded as UTF-8.
 */
export function encodeLocation(location: string): string {
  return location.toWellFormed().replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
}

export function registerLocationEncoding(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string') reply.header('location', encodeLocation(location));
  });
}
