import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, direction, isLocale, type Locale, negotiate } from '../i18n/locales.ts';
import { translator } from '../i18n/messages.ts';
import type { NavItem, PageContext, SignedInUser } from '../views/page-context.ts';
import type { AssetManifest } from './assets.ts';
import { csrfSessionBinding } from './csrf.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The page's language: from the URL prefix, else the cookie, else Accept-Language. */
    locale: Locale;
    /** The signed-in user, or null. */
    user: SignedInUser | null;
    /** The raw session token from the cookie, when it named a live session. */
    sessionToken: string | null;
  }
  interface FastifyContextConfig {
    /** Routes that never need the viewer (assets, health checks) skip the session lookup. */
    skipSession?: boolean;
  }
}

export const SESSION_COOKIE = 'praxis_session';
export const LOCALE_COOKIE = 'praxis_locale';

export interface RequestContextOptions {
  assets: AssetManifest;
  nav: NavItem[];
  operatorName: string;
  /** The public address, for absolute links (hreflang alternates, link previews). */
  publicUrl: string;
  /** Looks up the user behind a session token; null when the session is unknown or expired. */
  loadSessionUser(token: string): Promise<SignedInUser | null>;
}

/** The locale the URL names (`/ko/...`), if any. */
export function localeFromUrl(url: string): Locale | null {
  const first = url.split('?')[0]?.split('/')[1];
  return isLocale(first) ? first : null;
}

export function preferredLocale(request: FastifyRequest): Locale {
  const cookie = request.cookies[LOCALE_COOKIE];
  if (isLocale(cookie)) return cookie;
  return negotiate(request.headers['accept-language']);
}

// Building an Intl.DateTimeFormat costs more than rendering a small page; one per locale serves all.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function dateFormatFor(locale: Locale): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format;
}

export function registerRequestContext(app: FastifyInstance, options: RequestContextOptions): void {
  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.skipSession) return;
    const fromUrl = localeFromUrl(request.url);
    request.locale = fromUrl ?? preferredLocale(request);
    // Remember an explicit language choice (a visit to a locale-prefixed page) for `/`.
    if (fromUrl && request.cookies[LOCALE_COOKIE] !== fromUrl && request.method === 'GET') {
      reply.setCookie(LOCALE_COOKIE, fromUrl, {
        path: '/',
        sameSite: 'lax',
        maxAge: 31536000,
        httpOnly: true,
      });
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token && /^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      const user = await options.loadSessionUser(token);
      if (user) {
        request.user = user;
        request.sessionToken = token;
      }
    }
  });

  app.decorateReply('pageContext', function (this: FastifyReply): PageContext {
    const request = this.request;
    const locale = request.locale;
    const t = translator(locale);
    const path = stripLocale(request.url);
    const dateFormat = dateFormatFor(locale);
    let csrfToken: string | undefined;
    return {
      locale,
      dir: direction(locale),
      t,
      path,
      user: request.user,
      nonce: this.cspNonce?.script ?? '',
      csrf: () => {
        csrfToken ??= this.generateCsrf({ userInfo: csrfSessionBinding(request) });
        return csrfToken;
      },
      asset: (name) => options.assets.url(name),
      nav: options.nav,
      href: (target, targetLocale = locale) => `/${targetLocale}${target === '/' ? '' : target}`,
      formatDate: (iso) => dateFormat.format(new Date(iso)),
      operatorName: options.operatorName,
      absolute: (target) => `${options.publicUrl}${target}`,
    };
  });
}

declare module 'fastify' {
  interface FastifyReply {
    /** Everything a view needs about this request. */
    pageContext(): PageContext;
  }
}

/** `/ko/account?x=1` → `/account?x=1`; `/ko` → `/`. */
export function stripLocale(url: string): string {
  const locale = localeFromUrl(url);
  if (!locale) return url;
  const rest = url.slice(locale.length + 1);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}
