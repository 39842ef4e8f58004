/**
 * UNESCO programme regions by ISO 3166-1 alpha-2 country code.
 *
 * The five regions are UNESCO's "regions with a view to the execution by the Organization of
 * regional activities" (UNESCO Basic Texts), the grouping used in UNESCO's lists of Member
 * States by region. They are not UNESCO's electoral groups for the Executive Board, nor
 * UN M49 geography: Israel, Türkiye, Cyprus and the Caucasus are in Europe and North America;
 * Central Asia and Iran are in Asia and the Pacific; North Africa is in the Arab States.
 *
 * A few Member States belong to two regions. `regionOfCountry` returns one primary region
 * and `SECONDARY_REGIONS` records the other:
 * - Djibouti and Somalia: Arab States and Africa (UNESCO's Africa field network covers both).
 * - Malta: Europe and North America, and Arab States.
 * Sudan and Mauritania are in the Arab States only (not in UNESCO's Africa region).
 *
 * Territories that are not UNESCO Member States (dependent and non-self-governing
 * territories, including UNESCO Associate Members, plus Kosovo, Taiwan, the Holy See and
 * Liechtenstein) are assigned geographically, to the region around them, for statistics
 * only; this implies nothing about their status or sovereignty.
 *
 * Antarctica and the uninhabited Antarctic and sub-Antarctic territories (AQ, BV, HM, GS, TF)
 * have no permanent population and no meaningful region, so they map to null.
 */

export const UNESCO_REGIONS = [
  'africa',
  'arab-states',
  'asia-pacific',
  'europe-north-america',
  'latin-america-caribbean',
] as const;

export type UnescoRegion = (typeof UNESCO_REGIONS)[number];

const codes = (list: string): readonly string[] => list.trim().split(/\s+/);

/**
 * Member States by primary region, including the UNESCO members that are not UN members (Cook
 * Islands, Niue, Palestine). Israel, which left UNESCO at the end of 2018, keeps its former region.
 */
const MEMBER_STATES: Readonly<Record<UnescoRegion, readonly string[]>> = {
  // Sub-Saharan Africa: the 47 states of UNESCO's Africa region less Djibouti and Somalia,
  // whose primary region here is the Arab States.
  africa: codes(`
    AO BJ BW BF BI CV CM CF TD KM CG CD CI GQ ER SZ ET GA GM GH GN GW KE LS LR
    MG MW ML MU MZ NA NE NG RW ST SN SC SL ZA SS TG UG TZ ZM ZW
  `),
  'arab-states': codes('DZ BH DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE'),
  'asia-pacific': codes(`
    AF AU BD BT BN KH CN CK KP FJ IN ID IR JP KZ KI KG LA MY MV MH FM MN MM NR
    NP NZ NU PK PW PG PH KR WS SG SB LK TJ TH TL TO TM TV UZ VU VN
  `),
  'europe-north-america': codes(`
    AL AD AM AT AZ BY BE BA BG CA HR CY CZ DK EE FI FR GE DE GR HU IS IE IL IT
    LV LT LU MT MC ME NL MK NO PL PT MD RO RU SM RS SK SI ES SE CH TR UA GB US
  `),
  'latin-america-caribbean': codes(`
    AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY
    PE KN LC VC SR TT UY VE
  `),
};

/**
 * Codes that are not UNESCO Member States, assigned geographically for statistics only.
 * Where the geography is debatable the choice is noted.
 */
const GEOGRAPHIC: Readonly<Record<UnescoRegion, readonly string[]>> = {
  // Réunion, Mayotte, Saint Helena/Ascension/Tristan da Cunha; the Chagos Archipelago (IO) is
  // in UN M49 Eastern Africa and claimed by Mauritius, an Africa-region state.
  africa: codes('RE YT SH IO'),
  // Western Sahara lies between Morocco, Algeria and Mauritania, all Arab States.
  'arab-states': codes('EH'),
  // UM is mostly Pacific atolls (Wake, Midway, Johnston, ...); Navassa Island is the exception.
  'asia-pacific': codes('HK MO TW TK AS GU MP UM NC PF WF PN NF CX CC'),
  'europe-north-america': codes('VA LI XK GL FO AX GG IM JE GI SJ PM'),
  // Bermuda is grouped with the Caribbean, as UNESCO's statistics and CARICOM (associate
  // membership) do, though UN M49 puts it in Northern America.
  'latin-america-caribbean': codes('AI AW BQ CW SX KY MS TC VG VI PR GP MQ BL MF GF FK BM'),
};

/** Valid ISO codes deliberately left without a region (Antarctic, no permanent population). */
export const NO_REGION: readonly string[] = ['AQ', 'BV', 'HM', 'GS', 'TF'];

/** The other region of Member States that UNESCO lists in two regions. */
export const SECONDARY_REGIONS: Readonly<Record<string, UnescoRegion>> = {
  DJ: 'africa',
  SO: 'africa',
  MT: 'arab-states',
};

const REGION_BY_CODE: ReadonlyMap<string, UnescoRegion> = (() => {
  const map = new Map<string, UnescoRegion>();
  for (const table of [MEMBER_STATES, GEOGRAPHIC]) {
    for (const region of UNESCO_REGIONS) {
      for (const code of table[region]) {
        if (map.has(code)) throw new Error(`regions: ${code} is listed twice`);
        map.set(code, region);
      }
    }
  }
  return map;
})();

/**
 * The UNESCO programme region of an ISO 3166-1 alpha-2 code (case-insensitive), or null for
 * codes with no region (Antarctic territories) and for anything that is not an ISO code.
 */
export function regionOfCountry(alpha2: string): UnescoRegion | null {
  // Check the shape first: 'ß'.toUpperCase() is 'SS', which would otherwise match South Sudan.
  if (!/^[A-Za-z]{2}$/.test(alpha2)) return null;
  return REGION_BY_CODE.get(alpha2.toUpperCase()) ?? null;
}

/** Every code that has a region; exported for tests and data checks. */
export function assignedCodes(): string[] {
  return [...REGION_BY_CODE.keys()];
}
