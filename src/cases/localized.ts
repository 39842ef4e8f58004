import { LOCALES } from '../platform/i18n/locales.ts';

export type Localized = Record<string, string>;

/** Reads a JSON column holding locale → text. */
export function parseLocalized(json: string): Localized {
  const value = JSON.parse(json) as unknown;
  return value && typeof value === 'object' ? (value as Localized) : {};
}

/** The text in `locale`, else English, else any language the author used. */
export function inLocale(text: Localized, locale: string): string {
  return text[locale] || text.en || Object.values(text).find(Boolean) || '';
}

export function hasLocale(text: Localized, locale: string): boolean {
  return Boolean(text[locale]);
}

export const FORM_LOCALES = LOCALES;
