import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countryName, countryOptions, isCountryCode } from './countries.ts';
import { direction, LOCALES, negotiate } from './locales.ts';
import { messageKeys, rawMessage, translator } from './messages.ts';

// Every placeholder a message names gets a value (a number, so plural and select arguments work too).
const anyValues = new Proxy({} as Record<string, number>, { get: () => 2, has: () => true });

test('every interface language has every English message, and each compiles with its placeholders', () => {
  const english = messageKeys('en');
  assert.ok(english.length > 100);
  for (const locale of LOCALES) {
    const keys = new Set(messageKeys(locale));
    const missing = english.filter((k) => !keys.has(k));
    assert.deepEqual(missing, [], `${locale} lacks keys`);
    const extra = [...keys].filter((k) => !english.includes(k));
    assert.deepEqual(extra, [], `${locale} has keys English does not`);
    const t = translator(locale);
    for (const key of english) {
      const text = t(key, anyValues);
      assert.ok(text.length > 0, `${locale} ${key}`);
      assert.doesNotMatch(text, /\{[a-z]+\}/, `${locale} ${key} left a placeholder unfilled: ${text}`);
    }
  }
});

test('translations use the same placeholders as English', () => {
  const names = (message: string) =>
    [...message.matchAll(/\{\s*([A-Za-z]\w*)\s*[,}]/g)].map((m) => m[1]).sort();
  for (const locale of LOCALES) {
    for (const key of messageKeys('en')) {
      assert.deepEqual(names(rawMessage(locale, key)), names(rawMessage('en', key)), `${locale} ${key}`);
    }
  }
});

test('Korean and the other languages are translated, not copies of English', () => {
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    const t = translator(locale);
    assert.notEqual(t('signIn.title'), 'Sign in', locale);
    assert.notEqual(t('errors.notFound.title'), 'Page not found', locale);
  }
});

test('Accept-Language negotiation honours quality values', () => {
  assert.equal(negotiate('ko-KR,ko;q=0.9,en;q=0.8'), 'ko');
  assert.equal(negotiate('de;q=1, ar;q=0.5, fr;q=0.7'), 'fr');
  assert.equal(negotiate('zh-Hans-CN'), 'zh');
  assert.equal(negotiate('de, it'), 'en');
  assert.equal(negotiate('ko;q=0'), 'en');
  assert.equal(negotiate(undefined), 'en');
  assert.equal(direction('ar'), 'rtl');
  assert.equal(direction('ko'), 'ltr');
});

test('country names come localized from the maintained ISO 3166-1 list', () => {
  assert.equal(countryName('KR', 'ko'), '대한민국');
  assert.equal(isCountryCode('KR'), true);
  assert.equal(isCountryCode('XX'), false);
  assert.equal(isCountryCode('kr'), false);
  const options = countryOptions('fr');
  assert.ok(options.length >= 249);
  assert.ok(options.some((o) => o.value === 'DE' && o.label === 'Allemagne'));
});
