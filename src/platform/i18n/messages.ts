import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { ROOT } from '../paths.ts';
import { DEFAULT_LOCALE, LOCALES, type Locale, languageTag } from './locales.ts';

export type MessageValues = Record<string, string | number | Date>;
/** Translates a message key in one locale. */
export type Translate = (key: string, values?: MessageValues) => string;

type Catalog = Map<string, string>;

function flatten(tree: Record<string, unknown>, prefix = '', into: Catalog = new Map()): Catalog {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key;
    if (value && typeof value === 'object') flatten(value as Record<string, unknown>, `${path}.`, into);
    else into.set(path, String(value));
  }
  return into;
}

const LOCALES_DIR = new URL('locales/', pathToFileURL(`${ROOT}/`));

/**
 * A locale's catalogue: `locales/{locale}.json` merged with each module's `locales/{module}/{locale}.json`,
 * so modules own their messages. A key defined twice is a programming error.
 */
function loadCatalog(locale: Locale): Catalog {
  const read = (url: URL) => flatten(JSON.parse(readFileSync(url, 'utf8')));
  const catalog = read(new URL(`${locale}.json`, LOCALES_DIR));
  const modules = readdirSync(LOCALES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const module of modules.map((entry) => entry.name).sort()) {
    const file = new URL(`${module}/${locale}.json`, LOCALES_DIR);
    if (!existsSync(file)) continue;
    for (const [key, value] of read(file)) {
      if (catalog.has(key)) throw new Error(`Message key "${key}" is defined twice (locales/${module})`);
      catalog.set(key, value);
    }
  }
  return catalog;
}

const catalogs = new Map<Locale, Catalog>(LOCALES.map((locale) => [locale, loadCatalog(locale)]));
const compiled = new Map<string, IntlMessageFormat>();

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogs.get(locale)?.has(key) ?? false;
}

/** A message's source text in one locale, '' when missing (for the catalogue tests). */
export function rawMessage(locale: Locale, key: string): string {
  return catalogs.get(locale)?.get(key) ?? '';
}

/** Every key of a locale's catalogue (for the completeness test). */
export function messageKeys(locale: Locale): string[] {
  return [...(catalogs.get(locale)?.keys() ?? [])];
}

/**
 * A translator for one locale. A key missing in that locale falls back to English (the catalogue test
 * keeps this from happening in a release); a key missing everywhere is a programming error.
 */
export function translator(locale: Locale): Translate {
  return (key, values) => {
    const own = catalogs.get(locale)?.get(key);
    const source = own ?? catalogs.get(DEFAULT_LOCALE)?.get(key);
    if (source === undefined) throw new Error(`Unknown message key "${key}"`);
    const usedLocale = own === undefined ? DEFAULT_LOCALE : locale;
    const cacheKey = `${usedLocale}\u0000${key}`;
    let format = compiled.get(cacheKey);
    if (!format) {
      format = new IntlMessageFormat(source, languageTag(usedLocale));
      compiled.set(cacheKey, format);
    }
    return String(format.format(values));
  };
}
