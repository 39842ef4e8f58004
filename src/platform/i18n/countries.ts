import countries from 'i18n-iso-countries';
import ar from 'i18n-iso-countries/langs/ar.json' with { type: 'json' };
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import es from 'i18n-iso-countries/langs/es.json' with { type: 'json' };
import fr from 'i18n-iso-countries/langs/fr.json' with { type: 'json' };
import ko from 'i18n-iso-countries/langs/ko.json' with { type: 'json' };
import ru from 'i18n-iso-countries/langs/ru.json' with { type: 'json' };
import zh from 'i18n-iso-countries/langs/zh.json' with { type: 'json' };
import type { Locale } from './locales.ts';

for (const lang of [en, ko, ar, zh, fr, ru, es]) countries.registerLocale(lang);

const optionLists = new Map<Locale, readonly { value: string; label: string }[]>();

export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) && countries.isValid(code);
}

export function countryName(code: string, locale: Locale): string {
  return countries.getName(code, locale, { select: 'official' }) ?? code;
}

/**
 * ISO 3166-1 alpha-2 codes (value) with their names in `locale` (label), sorted as that language sorts;
 * computed once per language, since every registration and profile form renders the whole list.
 */
export function countryOptions(locale: Locale): readonly { value: string; label: string }[] {
  let options = optionLists.get(locale);
  if (!options) {
    const collator = new Intl.Collator(locale);
    const names = countries.getNames(locale, { select: 'official' });
    options = Object.entries(names)
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => collator.compare(a.label, b.label));
    optionLists.set(locale, options);
  }
  return options;
}
