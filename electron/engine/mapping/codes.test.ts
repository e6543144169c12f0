import { describe, expect, it } from 'vitest';
import { canonicalTable } from '../canonical/tables.js';
import { codeKey, domainFor, type CodeDomain } from './codes/index.js';
import { proposeCodes } from './propose.js';
import type { SourceStats } from './sourceStats.js';

/** The code tables, through the proposer: what each local spelling becomes. */
const column = (table: string, name: string) => {
  const c = canonicalTable(table)?.columns.find((x) => x.name === name);
  if (!c) throw new Error(`${table}.${name}?`);
  return c;
};
const domain = (table: string, name: string): CodeDomain => domainFor(column(table, name))!;

const stats = (values: string[]): SourceStats => ({
  name: 'x',
  type: 'VARCHAR',
  rows: values.length,
  n: values.length,
  distinct: values.length,
  lsoa: 0,
  lad: 0,
  int: 0,
  hour: 0,
  ageLike: 0,
  time: 0,
  dateLike: 0,
  top: values.map((value) => ({ value, count: 1 })),
});

const propose = (table: string, name: string, values: string[]) => proposeCodes(domain(table, name), stats(values));

describe('code tables', () => {
  it('sex: words, NHS numeric codes, unknowns; canonical values need no code', () => {
    expect(propose('victims', 'sex', ['Male', 'Female', 'M', 'f', '1', '2', '9', '0', 'Unknown', 'Other', 'Not stated', 'Zebra'])).toEqual({
      Male: 'M',
      Female: 'F',
      '1': 'M',
      '2': 'F',
      '9': null,
      '0': null,
      Unknown: null,
      Other: 'X',
      'Not stated': null,
    });
  });

  it('flags: Y/N, Yes/No, 1/0, True/False', () => {
    expect(propose('offences', 'domestic', ['Y', 'N', 'Yes', 'No', '1', '0', 'True', 'false', 'T', 'F', 'maybe'])).toEqual({
      Y: 'true',
      N: 'false',
      Yes: 'true',
      No: 'false',
      '1': 'true',
      '0': 'false',
      T: 'true',
      F: 'false',
    });
  });

  it('ethnicity 16+1 (2001 census): Chinese goes to Asian, as in 2011 and 2021', () => {
    expect(
      propose('victims', 'ethnicity', [
        'White - British',
        'White - Irish',
        'White - Any other White background',
        'Mixed - White and Black Caribbean',
        'Mixed - White and Black African',
        'Mixed - White and Asian',
        'Mixed - Any other mixed background',
        'Asian or Asian British - Indian',
        'Asian or Asian British - Pakistani',
        'Asian or Asian British - Bangladeshi',
        'Asian or Asian British - Any other Asian background',
        'Black or Black British - Caribbean',
        'Black or Black British - African',
        'Black or Black British - Any other Black background',
        'Chinese',
        'Chinese or other ethnic group - Chinese',
        'Any other ethnic group',
        'Not stated',
      ]),
    ).toEqual({
      'White - British': 'White',
      'White - Irish': 'White',
      'White - Any other White background': 'White',
      'Mixed - White and Black Caribbean': 'Mixed',
      'Mixed - White and Black African': 'Mixed',
      'Mixed - White and Asian': 'Mixed',
      'Mixed - Any other mixed background': 'Mixed',
      'Asian or Asian British - Indian': 'Asian',
      'Asian or Asian British - Pakistani': 'Asian',
      'Asian or Asian British - Bangladeshi': 'Asian',
      'Asian or Asian British - Any other Asian background': 'Asian',
      'Black or Black British - Caribbean': 'Black',
      'Black or Black British - African': 'Black',
      'Black or Black British - Any other Black background': 'Black',
      Chinese: 'Asian',
      'Chinese or other ethnic group - Chinese': 'Asian',
      'Any other ethnic group': 'Other',
      'Not stated': null,
    });
  });

  it('ethnicity 18+1 / 19+1 (2011 and 2021 census), spelled with any punctuation', () => {
    expect(
      propose('ae_attendances', 'ethnicity', [
        'White: English, Welsh, Scottish, Northern Irish or British',
        'White: Irish',
        'Gypsy or Irish Traveller',
        'Roma',
        'White: Other White',
        'Mixed or Multiple ethnic groups: White and Black Caribbean',
        'Asian, Asian British or Asian Welsh: Bangladeshi',
        'Asian, Asian British or Asian Welsh: Chinese',
        'Asian/Asian British: Indian',
        'Black, Black British, Black Welsh, Caribbean or African: African',
        'Other ethnic group: Arab',
        'Other ethnic group - Any other ethnic group',
        'WHITE : IRISH',
      ]),
    ).toEqual({
      'White: English, Welsh, Scottish, Northern Irish or British': 'White',
      'White: Irish': 'White',
      'Gypsy or Irish Traveller': 'White',
      Roma: 'White',
      'White: Other White': 'White',
      'Mixed or Multiple ethnic groups: White and Black Caribbean': 'Mixed',
      'Asian, Asian British or Asian Welsh: Bangladeshi': 'Asian',
      'Asian, Asian British or Asian Welsh: Chinese': 'Asian',
      'Asian/Asian British: Indian': 'Asian',
      'Black, Black British, Black Welsh, Caribbean or African: African': 'Black',
      'Other ethnic group: Arab': 'Other',
      'Other ethnic group - Any other ethnic group': 'Other',
      'WHITE : IRISH': 'White',
    });
  });

  it('ethnicity: police SDE (16+1 and 18+1) and IC codes', () => {
    const sde = ['W1', 'W2', 'W3', 'W9', 'M1', 'M2', 'M3', 'M9', 'A1', 'A2', 'A3', 'A4', 'A9', 'B1', 'B2', 'B9', 'O1', 'O2', 'O9', 'NS'];
    expect(propose('suspects', 'ethnicity', sde)).toEqual({
      W1: 'White', W2: 'White', W3: 'White', W9: 'White',
      M1: 'Mixed', M2: 'Mixed', M3: 'Mixed', M9: 'Mixed',
      A1: 'Asian', A2: 'Asian', A3: 'Asian', A4: 'Asian', A9: 'Asian',
      B1: 'Black', B2: 'Black', B9: 'Black',
      O1: 'Asian', O2: 'Other', O9: 'Other',
      NS: null,
    });
    expect(propose('suspects', 'ethnicity', ['IC1', 'IC2', 'IC3', 'IC4', 'IC5', 'IC6', 'IC9'])).toEqual({
      IC1: 'White', IC2: 'White', IC3: 'Black', IC4: 'Asian', IC5: 'Asian', IC6: 'Other', IC9: null,
    });
  });

  // "Firearm", "None": the canonical value in another case needs no code (matched ignoring case).
  it('weapons: descriptions to the six canonical kinds; not known is blank', () => {
    expect(
      propose('offences', 'weapon', [
        'Knife or sharp instrument',
        'Bladed article',
        'Knife/blade',
        'Firearm',
        'Handgun',
        'Glass/Bottle',
        'Bottle',
        'Blunt instrument',
        'Bat',
        'Corrosive substance',
        'None',
        'Fist',
        'Not known',
        'knife',
        'Spoon',
      ]),
    ).toEqual({
      'Knife or sharp instrument': 'knife',
      'Bladed article': 'knife',
      'Knife/blade': 'knife',
      Handgun: 'firearm',
      'Glass/Bottle': 'bottle_glass',
      Bottle: 'bottle_glass',
      'Blunt instrument': 'blunt',
      Bat: 'blunt',
      'Corrosive substance': 'other',
      Fist: 'none',
      'Not known': null,
    });
  });

  it('location types, youth-justice tiers and probation order types', () => {
    expect(propose('offences', 'location_type', ['Street/Highway', 'Public house', 'Dwelling', 'Park', 'Shop', 'HMP', 'A&E', 'School'])).toEqual({
      'Street/Highway': 'street',
      'Public house': 'licensed_premises',
      Park: 'park_open_space',
      Shop: 'retail',
      HMP: 'prison',
      'A&E': 'hospital',
      School: 'other',
    });
    expect(propose('yj_disposals', 'tier', ['Out of court', 'Pre-court', 'Court', 'court'])).toEqual({
      'Out of court': 'out_of_court',
      'Pre-court': 'out_of_court',
    });
    expect(propose('probation_caseload', 'order_type', ['Community Order', 'Suspended Sentence Order', 'Licence', 'License'])).toEqual({
      'Community Order': 'order',
      'Suspended Sentence Order': 'order',
      License: 'licence',
    });
  });

  it('codeKey ignores case, punctuation and spacing', () => {
    expect(codeKey(' Knife / Blade ')).toBe(codeKey('knife-blade'));
    expect(codeKey('A&E')).toBe('a and e');
  });
});
