import assert from 'node:assert/strict';
import { test } from 'node:test';
import countries from 'i18n-iso-countries';
import {
  assignedCodes,
  NO_REGION,
  regionOfCountry,
  SECONDARY_REGIONS,
  UNESCO_REGIONS,
  type UnescoRegion,
} from './regions.ts';

const isoCodes = Object.keys(countries.getAlpha2Codes());

test('the regions are the five UNESCO programme regions', () => {
  assert.deepEqual(
    [...UNESCO_REGIONS],
    ['africa', 'arab-states', 'asia-pacific', 'europe-north-america', 'latin-america-caribbean'],
  );
});

test('every ISO alpha-2 code has a region or is explicitly without one', () => {
  assert.ok(isoCodes.length >= 249, `expected the full ISO list, got ${isoCodes.length}`);
  const missing = isoCodes.filter((code) => regionOfCountry(code) === null && !NO_REGION.includes(code));
  assert.deepEqual(missing, []);
  for (const code of NO_REGION) {
    assert.ok(isoCodes.includes(code), `${code} is an ISO code`);
    assert.equal(regionOfCountry(code), null, code);
  }
});

test('the table holds only ISO codes, each once', () => {
  const assigned = assignedCodes();
  assert.deepEqual(
    assigned.filter((code) => !isoCodes.includes(code)),
    [],
  );
  assert.equal(new Set(assigned).size, assigned.length);
  assert.deepEqual(
    NO_REGION.filter((code) => assigned.includes(code)),
    [],
  );
});

const expected: Record<UnescoRegion, string[]> = {
  africa: ['NG', 'KE', 'ZA', 'ET', 'SN', 'CD', 'KM', 'SS', 'CV', 'MU', 'RE', 'YT'],
  'arab-states': ['EG', 'SD', 'MR', 'SO', 'DJ', 'MA', 'DZ', 'SA', 'AE', 'IQ', 'PS', 'YE'],
  'asia-pacific': ['KZ', 'IR', 'AF', 'CN', 'IN', 'AU', 'NZ', 'FJ', 'UZ', 'CK', 'NC', 'HK', 'MN'],
  'europe-north-america': ['IL', 'TR', 'CY', 'RU', 'CA', 'US', 'GE', 'AM', 'AZ', 'FR', 'MT', 'GL'],
  'latin-america-caribbean': ['MX', 'GY', 'SR', 'BR', 'AR', 'CU', 'JM', 'BZ', 'PR', 'GF', 'FK'],
};

for (const region of UNESCO_REGIONS) {
  test(`spot checks: ${region}`, () => {
    for (const code of expected[region]) assert.equal(regionOfCountry(code), region, code);
  });
}

test('states listed in two UNESCO regions keep a primary region and record the other', () => {
  assert.equal(regionOfCountry('DJ'), 'arab-states');
  assert.equal(regionOfCountry('SO'), 'arab-states');
  assert.equal(regionOfCountry('MT'), 'europe-north-america');
  assert.deepEqual(SECONDARY_REGIONS, { DJ: 'africa', SO: 'africa', MT: 'arab-states' });
  for (const [code, region] of Object.entries(SECONDARY_REGIONS)) {
    assert.notEqual(regionOfCountry(code), region, code);
  }
});

test('lower-case codes are accepted', () => {
  assert.equal(regionOfCountry('eg'), 'arab-states');
  assert.equal(regionOfCountry('Mx'), 'latin-america-caribbean');
});

test('invalid codes give null', () => {
  for (const code of [
    '',
    'ZZ',
    'XX',
    'UK',
    'EU',
    'E',
    'EGY',
    ' EG',
    'EG ',
    'ß',
    'ss ',
    '12',
    'constructor',
  ]) {
    assert.equal(regionOfCountry(code), null, JSON.stringify(code));
  }
});
