/** Interface languages: English and Korean first, then UNESCO's other official languages. */
export const LOCALES = ['en', 'ko', 'ar', 'zh', 'fr', 'ru', 'es'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const RTL: ReadonlySet<Locale> = new Set(['ar']);

/** BCP 47 tags for <html lang> and hreflang. */
const TAGS: Record<Locale, string> = {
  en: 'en',
  ko: 'ko',
  ar: 'ar',
  zh: 'zh-Hans',
  fr: 'fr',
  ru: 'ru',
  es: 'es',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function direction(locale: Locale): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

export function languageTag(locale: Locale): string {
  return TAGS[locale];
}

/** Picks the best supported locale from an Accept-Language header (quality values honoured). */
export function negotiate(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { range: range.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.range && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { range } of ranked) {
    const primary = range.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
