import type { Locale } from '../i18n/locales.ts';
import type { Translate } from '../i18n/messages.ts';

export interface SignedInUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  locale: Locale;
  roles: ReadonlySet<Role>;
  /** Discussion notifications not yet read, for the header (counted when the request began). */
  unreadNotifications: number;
}

export const ROLES = ['learner', 'author', 'reviewer', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface NavItem {
  /** Path after the locale, e.g. `/courses`. */
  path: string;
  /** Message key of the label. */
  label: string;
}

/** What every page needs to render: the language, the viewer, and per-request security values. */
export interface PageContext {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: Translate;
  /** The current path without the locale prefix (`/sign-in`), with its query string. */
  path: string;
  user: SignedInUser | null;
  /** Nonce for the one inline element a page may need; scripts are external files. */
  nonce: string;
  /** A CSRF token for forms on this page (created on first use). */
  csrf(): string;
  /** The fingerprinted URL of a file under public/. */
  asset(name: string): string;
  /** The site's main navigation, as registered by the modules that exist. */
  nav: readonly NavItem[];
  /** Builds a locale-prefixed URL. */
  href(path: string, locale?: Locale): string;
  /** Formats a date in the page's language. */
  formatDate(iso: string): string;
  /** The name of the organisation that runs this instance. */
  operatorName: string;
  /** An absolute URL for a site path (`/en/courses` → `https://…/en/courses`). */
  absolute(path: string): string;
}
