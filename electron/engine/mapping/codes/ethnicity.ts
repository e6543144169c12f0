import type { CodeDomain } from './domain.js';

/**
 * Ethnicity → the ONS 5+1 broad groups White, Asian, Black, Mixed, Other; not stated → blank.
 *
 * Sources:
 * - ONS 2001 census classification (16+1): "White - British" … "Chinese or other ethnic
 *   group - Chinese", "Not stated".
 * - ONS 2011 (18+1) and 2021 (19+1) census classifications: "White: English, Welsh, Scottish,
 *   Northern Irish or British", "Asian, Asian British or Asian Welsh: Chinese", "Other ethnic
 *   group: Arab", "White: Roma" (2021) …, with their short forms ("Gypsy or Irish Traveller").
 * - Police self-defined ethnicity (SDE) codes: 16+1 (W1 W2 W9 M1–M3 M9 A1–A3 A9 B1 B2 B9 O1
 *   Chinese, O9, NS) and 18+1 (adds W3 Gypsy or Irish Traveller, W4 Roma, A4 Chinese, O2 Arab).
 * - Police officer-defined ethnicity (IC codes IC1–IC6, IC9/IC0 unknown) — an officer's
 *   perception, not self-defined: map it only when nothing better exists.
 * - NHS Data Dictionary "Ethnic Category" (2001-based letters A–S, Z not stated, 99 not known),
 *   common in A&E extracts.
 * - DfE four-letter ethnicity codes (WBRI, MWBC, APKN, BCRB, CHNE …; REFU refused, NOBT not
 *   obtained), used by schools and youth-justice case-management systems.
 *
 * Decisions where the classifications differ:
 * - Chinese → Asian everywhere. The 2001 census put Chinese under "Chinese or other ethnic
 *   group"; 2011 and 2021 put it under Asian. The population denominators the app ships are
 *   2021 census, so numerators must use the 2021 grouping (O1 and NHS "R" included).
 * - Arab → Other (2011/2021 "Other ethnic group: Arab"); IC6 (Arab or North African) → Other.
 * - Gypsy or Irish Traveller and Roma → White (their 2011/2021 group).
 * - IC1/IC2 (White North/South European) → White, IC3 → Black, IC4 (South Asian) → Asian,
 *   IC5 (Chinese, Japanese or other South East Asian) → Asian.
 * - The broad 2001 heading "Chinese or other ethnic group" on its own → Other (most of that
 *   group outside Chinese); listing "Chinese" separately avoids the question.
 */
const WHITE = 'White';
const ASIAN = 'Asian';
const BLACK = 'Black';
const MIXED = 'Mixed';
const OTHER = 'Other';

const census2001: Record<string, string | null> = {
  'White - British': WHITE,
  'White - Irish': WHITE,
  'White - Any other White background': WHITE,
  'Mixed - White and Black Caribbean': MIXED,
  'Mixed - White and Black African': MIXED,
  'Mixed - White and Asian': MIXED,
  'Mixed - Any other mixed background': MIXED,
  'Mixed - Any other Mixed background': MIXED,
  'Asian or Asian British - Indian': ASIAN,
  'Asian or Asian British - Pakistani': ASIAN,
  'Asian or Asian British - Bangladeshi': ASIAN,
  'Asian or Asian British - Any other Asian background': ASIAN,
  'Black or Black British - Caribbean': BLACK,
  'Black or Black British - African': BLACK,
  'Black or Black British - Any other Black background': BLACK,
  'Chinese or other ethnic group - Chinese': ASIAN,
  'Chinese or other ethnic group - Any other ethnic group': OTHER,
  'Chinese or other ethnic group': OTHER,
  'Asian or Asian British': ASIAN,
  'Black or Black British': BLACK,
  'Any other White background': WHITE,
  'Any other mixed background': MIXED,
  'Any other Asian background': ASIAN,
  'Any other Black background': BLACK,
  'White British': WHITE,
  'White Irish': WHITE,
  'White and Black Caribbean': MIXED,
  'White and Black African': MIXED,
  'White and Asian': MIXED,
  British: WHITE,
  Irish: WHITE,
  Indian: ASIAN,
  Pakistani: ASIAN,
  Bangladeshi: ASIAN,
  Chinese: ASIAN,
  Caribbean: BLACK,
  African: BLACK,
};

const census2011and2021: Record<string, string | null> = {
  'White: English, Welsh, Scottish, Northern Irish or British': WHITE,
  'White: English/Welsh/Scottish/Northern Irish/British': WHITE,
  'White: Irish': WHITE,
  'White: Gypsy or Irish Traveller': WHITE,
  'White: Roma': WHITE,
  'White: Other White': WHITE,
  'White: Any other White background': WHITE,
  'Mixed or Multiple ethnic groups: White and Asian': MIXED,
  'Mixed or Multiple ethnic groups: White and Black African': MIXED,
  'Mixed or Multiple ethnic groups: White and Black Caribbean': MIXED,
  'Mixed or Multiple ethnic groups: Other Mixed or Multiple ethnic groups': MIXED,
  'Mixed/multiple ethnic groups: White and Black Caribbean': MIXED,
  'Mixed/multiple ethnic groups: White and Black African': MIXED,
  'Mixed/multiple ethnic groups: White and Asian': MIXED,
  'Mixed/multiple ethnic groups: Any other Mixed/multiple ethnic background': MIXED,
  'Asian, Asian British or Asian Welsh: Bangladeshi': ASIAN,
  'Asian, Asian British or Asian Welsh: Chinese': ASIAN,
  'Asian, Asian British or Asian Welsh: Indian': ASIAN,
  'Asian, Asian British or Asian Welsh: Pakistani': ASIAN,
  'Asian, Asian British or Asian Welsh: Other Asian': ASIAN,
  'Asian/Asian British: Indian': ASIAN,
  'Asian/Asian British: Pakistani': ASIAN,
  'Asian/Asian British: Bangladeshi': ASIAN,
  'Asian/Asian British: Chinese': ASIAN,
  'Asian/Asian British: Any other Asian background': ASIAN,
  'Black, Black British, Black Welsh, Caribbean or African: African': BLACK,
  'Black, Black British, Black Welsh, Caribbean or African: Caribbean': BLACK,
  'Black, Black British, Black Welsh, Caribbean or African: Other Black': BLACK,
  'Black/African/Caribbean/Black British: African': BLACK,
  'Black/African/Caribbean/Black British: Caribbean': BLACK,
  'Black/African/Caribbean/Black British: Any other Black/African/Caribbean background': BLACK,
  'Other ethnic group: Arab': OTHER,
  'Other ethnic group: Any other ethnic group': OTHER,
  'Asian, Asian British or Asian Welsh': ASIAN,
  'Black, Black British, Black Welsh, Caribbean or African': BLACK,
  'Mixed or Multiple ethnic groups': MIXED,
  'Mixed/multiple ethnic groups': MIXED,
  'Other ethnic group': OTHER,
  'English, Welsh, Scottish, Northern Irish or British': WHITE,
  'Gypsy or Irish Traveller': WHITE,
  Roma: WHITE,
  'Other White': WHITE,
  'Other Mixed or Multiple ethnic groups': MIXED,
  'Other Asian': ASIAN,
  'Other Black': BLACK,
  Arab: OTHER,
  'Any other ethnic group': OTHER,
};

/** Police SDE codes, 16+1 and 18+1 (they agree once collapsed to 5+1; see O1 above). */
const policeSde: Record<string, string | null> = {
  W1: WHITE,
  W2: WHITE,
  W3: WHITE,
  W4: WHITE,
  W9: WHITE,
  M1: MIXED,
  M2: MIXED,
  M3: MIXED,
  M9: MIXED,
  A1: ASIAN,
  A2: ASIAN,
  A3: ASIAN,
  A4: ASIAN,
  A9: ASIAN,
  B1: BLACK,
  B2: BLACK,
  B9: BLACK,
  O1: ASIAN,
  O2: OTHER,
  O9: OTHER,
  NS: null,
};

const policeIc: Record<string, string | null> = {
  IC1: WHITE,
  IC2: WHITE,
  IC3: BLACK,
  IC4: ASIAN,
  IC5: ASIAN,
  IC6: OTHER,
  IC0: null,
  IC9: null,
};

/** NHS Ethnic Category (2001-based letters). */
const nhsEthnicCategory: Record<string, string | null> = {
  A: WHITE,
  B: WHITE,
  C: WHITE,
  D: MIXED,
  E: MIXED,
  F: MIXED,
  G: MIXED,
  H: ASIAN,
  J: ASIAN,
  K: ASIAN,
  L: ASIAN,
  M: BLACK,
  N: BLACK,
  P: BLACK,
  R: ASIAN,
  S: OTHER,
  Z: null,
  '99': null,
};

/** DfE ethnicity codes (main codes; extended codes such as WENG collapse the same way by their first letter). */
const dfe: Record<string, string | null> = {
  WBRI: WHITE,
  WIRI: WHITE,
  WIRT: WHITE,
  WROM: WHITE,
  WOTH: WHITE,
  MWBC: MIXED,
  MWBA: MIXED,
  MWAS: MIXED,
  MOTH: MIXED,
  AIND: ASIAN,
  APKN: ASIAN,
  ABAN: ASIAN,
  AOTH: ASIAN,
  CHNE: ASIAN,
  BCRB: BLACK,
  BAFR: BLACK,
  BOTH: BLACK,
  OOTH: OTHER,
  REFU: null,
  NOBT: null,
};

const notStated: Record<string, null> = {
  'Not stated': null,
  'Not known': null,
  Unknown: null,
  'Not recorded': null,
  Refused: null,
  'Prefer not to say': null,
  'Not given': null,
};

export const ETHNICITY: CodeDomain = {
  name: 'ethnicity',
  values: [WHITE, ASIAN, BLACK, MIXED, OTHER],
  codes: { ...census2001, ...census2011and2021, ...policeSde, ...policeIc, ...nhsEthnicCategory, ...dfe, ...notStated },
};
