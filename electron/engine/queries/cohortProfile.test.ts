import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * cohort-profile on crafted data. Period P = (2023-06-30, 2024-06-30]. Nobody is filtered by
 * residence: people living anywhere (or nowhere known) are profiled.
 */
const SEX = ['M', 'F', 'X', 'Unknown'];
const BANDS = ['0-9', '10-13', '14-17', '18-24', '25-34', '35-49', '50-64', '65+', 'Unknown'];
const ETHNICITY = ['White', 'Asian', 'Black', 'Mixed', 'Other', 'Unknown'];

interface Who {
  age?: number | null;
  sex?: string | null;
  ethnicity?: string | null;
  hour?: number | null;
  sv?: boolean | null;
  crime?: string;
}
let nCrime = 0;
const offences: CraftedRow[] = [];
const victims: CraftedRow[] = [];
function victim(person: string | null, date: string, w: Who = {}): void {
  const crime = w.crime ?? `c${String(++nCrime).padStart(3, '0')}`;
  offences.push({ crime_id: crime, offence_date: date, offence_hour: w.hour ?? null, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: w.sv === undefined ? true : w.sv });
  victims.push({ crime_id: crime, person_id: person, age: w.age ?? null, sex: w.sex ?? null, ethnicity: w.ethnicity ?? null, home_lad: 'E09000001' });
}

victim('v1', '2023-06-30', { age: 70, sex: 'F', ethnicity: 'Black' }); // the day P starts after: outside P...
victim('v1', '2024-06-30', { age: 9, sex: 'M', ethnicity: 'White' }); // ...period_end is in: M, 0-9, White
victim('v2', '2023-07-01', { age: 10, sex: 'F', ethnicity: 'Asian' }); // first day of P: F, 10-13, Asian
victim('v3', '2023-08-01', { age: 13, sex: 'X', ethnicity: 'Mixed' }); // X, 10-13, Mixed
victim('v4', '2023-09-01', { age: null, sex: null, ethnicity: null }); // all Unknown on the first event...
victim('v4', '2023-10-01', { age: 30, sex: 'M', ethnicity: 'White' }); // ...whatever later events say
victim('v5', '2024-01-05', { age: 50, sex: 'F', ethnicity: 'Other', hour: null }); // same date: hour 8 first
victim('v5', '2024-01-05', { age: 17, sex: 'M', ethnicity: 'Black', hour: 8 }); // → M, 14-17, Black
victim('v6', '2024-02-02', { age: 25, sex: 'F', ethnicity: 'White', hour: 3, crime: 'z2' }); // smallest crime_id first
victim('v6', '2024-02-02', { age: 65, sex: 'F', ethnicity: 'Asian', hour: 3, crime: 'z1' }); // → F, 65+, Asian
victim('v7', '2024-01-01', { age: 20, sex: 'M', ethnicity: 'White', sv: false }); // not serious violence
victim('v8', '2024-01-01', { age: 20, sex: 'M', ethnicity: 'White', sv: null }); // blank serious_violence
victim(null, '2024-01-01', { age: 20, sex: 'M', ethnicity: 'White' }); // no person_id
victim('v9', '2024-07-01', { age: 20, sex: 'M', ethnicity: 'White' }); // the day after period_end
victim('v10', '2023-12-12', { age: 64, sex: 'U', ethnicity: 'Chinese' }); // non-canonical → Unknown; 50-64
victim('v10', '2024-03-03', { age: 18, sex: 'M', ethnicity: 'White' }); // counted once
victim('v11', '2024-04-04', { age: 18, sex: 'M', ethnicity: 'White' }); // M, 18-24, White
victim('v12', '2024-05-05', { age: 24, sex: 'M', ethnicity: 'Black' }); // M, 18-24, Black
victim('v13', '2024-05-06', { age: 49, sex: 'F', ethnicity: 'White' }); // F, 35-49, White
victim('v14', '2024-05-07', { age: 35, sex: 'M', ethnicity: 'White' }); // M, 35-49, White
victim('v15', '2024-05-08', { age: -1, sex: 'M', ethnicity: 'White' }); // negative age → Unknown band

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'cohort-profile', params, runId: `cp${++seq}` }, runs);

function expectRows(actual: Row[], labels: string[], persons: number[]): void {
  expect(actual.map((r) => r.value)).toEqual(labels);
  expect(actual.map((r) => r.persons)).toEqual(persons);
  const total = persons.reduce((a, b) => a + b, 0);
  actual.forEach((row, i) => {
    if (total === 0) expect(row.pct).toBeNull();
    else expect(Math.abs((row.pct as number) - (100 * persons[i]!) / total)).toBeLessThan(1e-9);
  });
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'victims', victims);
  await craft(tw.ws, 'suspects', [
    { crime_id: 'c003', person_id: 's1', age: 40, sex: 'F', ethnicity: 'Asian' },
    { crime_id: 'c004', person_id: 's2', age: null, sex: 'M', ethnicity: null },
    { crime_id: 'c005', person_id: 's2', age: 90, sex: 'F', ethnicity: 'Black' }, // s2's first is c004
  ]);
  await craft(tw.ws, 'ae_attendances', [
    { attendance_id: 'a2', attendance_date: '2024-02-01', patient_id: 'p1', age: 30, sex: 'F', ethnicity: 'Black', assault: true },
    { attendance_id: 'a1', attendance_date: '2024-02-01', patient_id: 'p1', age: 20, sex: 'M', ethnicity: 'Mixed', assault: true }, // first: smallest id
    { attendance_id: 'a3', attendance_date: '2024-03-01', patient_id: 'p2', age: 20, sex: 'F', ethnicity: 'White', assault: false },
    { attendance_id: 'a4', attendance_date: '2024-08-01', patient_id: 'p3', age: 5, sex: 'X', ethnicity: 'Other', assault: true },
  ]);
});
afterAll(() => tw.dispose());

describe('cohort-profile', () => {
  // cohort in P: v1 v2 v3 v4 v5 v6 v10 v11 v12 v13 v14 v15 = 12 persons
  it('by sex (the default): M, F, X, Unknown; first-event values; boundaries', async () => {
    const r = await run({ period_end: '2024-06-30' });
    expect(r.columns.map((c) => c.name)).toEqual(['value', 'persons', 'pct']);
    expect(r.params).toEqual({ period_end: '2024-06-30', period_months: 12, source: 'victims', by: 'sex' });
    // M v1 v5 v11 v12 v14 v15; F v2 v6 v13; X v3; Unknown v4 v10
    expectRows(r.rows, SEX, [6, 3, 1, 2]);
  });

  it('by age band: fixed bands, band edges inclusive, 65+, Unknown for blank and negative ages', async () => {
    const r = await run({ period_end: '2024-06-30', by: 'age_band' });
    // 0-9 v1(9); 10-13 v2(10) v3(13); 14-17 v5(17); 18-24 v11(18) v12(24); 35-49 v13(49) v14(35);
    // 50-64 v10(64); 65+ v6(65); Unknown v4 v15
    expectRows(r.rows, BANDS, [1, 2, 1, 2, 0, 2, 1, 1, 2]);
  });

  it('by ethnicity: all five groups and Unknown (blank or non-canonical)', async () => {
    const r = await run({ period_end: '2024-06-30', by: 'ethnicity' });
    // White v1 v11 v13 v14 v15; Asian v2 v6; Black v5 v12; Mixed v3; Other none; Unknown v4 v10
    expectRows(r.rows, ETHNICITY, [5, 2, 2, 1, 0, 2]);
  });

  it('default period_end is the latest offence date', async () => {
    const r = await run({ by: 'sex' });
    expect(r.params.period_end).toBe('2024-07-01');
    // P = (2023-07-01, 2024-07-01]: v2 drops out (F), v9 comes in (M)
    expectRows(r.rows, SEX, [7, 2, 1, 2]);
  });

  it('suspects and ae', async () => {
    expectRows((await run({ period_end: '2024-06-30', source: 'suspects', by: 'age_band' })).rows, BANDS, [0, 0, 0, 0, 0, 1, 0, 0, 1]);
    expectRows((await run({ period_end: '2024-06-30', source: 'ae', by: 'ethnicity' })).rows, ETHNICITY, [0, 0, 0, 1, 0, 0]);
    const latest = await run({ source: 'ae', by: 'sex' });
    expect(latest.params.period_end).toBe('2024-08-01');
    expectRows(latest.rows, SEX, [1, 0, 1, 0]);
  });

  it('no one in the period: every row listed with zeros, pct null', async () => {
    expectRows((await run({ period_end: '2022-12-31', by: 'ethnicity' })).rows, ETHNICITY, [0, 0, 0, 0, 0, 0]);
    expectRows((await run({ period_end: '2022-12-31', by: 'age_band' })).rows, BANDS, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('refuses an unknown breakdown', async () => {
    await expect(run({ by: 'religion' })).rejects.toThrow(/by must be one of sex, age_band, ethnicity/);
  });
});
