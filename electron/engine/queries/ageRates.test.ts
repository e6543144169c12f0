import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { poissonLimits } from './statsReference.js';
import { craft, flatPopulation, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * age-rates on crafted data. Area E08000003; period P = (2023-06-30, 2024-06-30].
 * Population 2023 (the latest year ≤ 2024; 2025 exists and must not be used): M age a → 100 + a,
 * F → 200 + a, blank ethnicity; decoy rows with ethnicity, other years and other areas.
 */
const AREA = 'E08000003';
const ELSEWHERE = 'E08000001';
const FLAT = 'E06000001';
const DEFAULT_BANDS = ['0-9', '10-13', '14-17', '18-24', '25-34', '35-49', '50-64', '65+'];

function population(): CraftedRow[] {
  const rows: CraftedRow[] = [];
  for (let age = 0; age <= 90; age++) {
    rows.push({ area: AREA, year: 2023, sex: 'M', age, ethnicity: null, population: 100 + age });
    rows.push({ area: AREA, year: 2023, sex: 'F', age, ethnicity: null, population: 200 + age });
    rows.push({ area: AREA, year: 2023, sex: 'M', age, ethnicity: 'White', population: 999_999 });
    rows.push({ area: AREA, year: 2022, sex: 'M', age, ethnicity: null, population: 1 });
    rows.push({ area: AREA, year: 2025, sex: 'F', age, ethnicity: null, population: 5 });
    rows.push({ area: ELSEWHERE, year: 2023, sex: 'M', age, ethnicity: null, population: 7 });
  }
  return [...rows, ...flatPopulation(FLAT, 2020, 10)];
}

/** Population of a band [lo, hi] for one sex in the crafted 2023 table. */
function bandPopulation(sex: 'All' | 'M' | 'F', lo: number, hi: number | null): number {
  let sum = 0;
  for (let age = lo; age <= Math.min(hi ?? 90, 90); age++) {
    if (sex !== 'F') sum += 100 + age;
    if (sex !== 'M') sum += 200 + age;
  }
  return sum;
}

let nCrime = 0;
const offences: CraftedRow[] = [];
const victims: CraftedRow[] = [];
function victim(person: string | null, date: string, age: number | null, sex: string | null, home: string | null, opts: { hour?: number | null; sv?: boolean; crime?: string } = {}): void {
  const crime = opts.crime ?? `c${String(++nCrime).padStart(3, '0')}`;
  offences.push({ crime_id: crime, offence_date: date, offence_hour: opts.hour ?? null, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: opts.sv ?? true });
  victims.push({ crime_id: crime, person_id: person, age, sex, home_lad: home });
}

victim('v1', '2023-07-01', 15, 'M', AREA); // M 14-17
victim('v2', '2023-08-01', 15, 'F', AREA); // F 14-17
victim('v3', '2023-09-01', 20, 'X', AREA); // All 18-24 only
victim('v4', '2023-10-01', 30, null, AREA); // All 25-34 only
victim('v5', '2023-11-01', null, 'M', AREA); // Unknown (All, M)
victim('v6', '2024-01-01', 95, 'M', AREA); // 65+ (population 90 = 90+)
victim('v7', '2024-01-01', 15, 'M', ELSEWHERE); // not a resident
victim('v8', '2024-02-01', 15, 'M', null); // first event has no home → not a resident...
victim('v8', '2024-03-01', 15, 'M', AREA); // ...even though a later one says AREA
victim('v9', '2023-07-02', 17, 'M', AREA); // M 14-17, counted once
victim('v9', '2024-05-01', 18, 'M', AREA);
victim('v10', '2024-04-04', 50, 'M', AREA, { hour: null }); // same date: hour 8 comes before blank
victim('v10', '2024-04-04', 10, 'M', AREA, { hour: 8 }); // → M 10-13
victim('v11', '2024-01-01', 30, 'F', AREA, { sv: false }); // not serious violence
victim('v12', '2023-06-30', 39, 'F', ELSEWHERE); // the day before P starts: outside
victim('v12', '2024-06-30', 40, 'F', AREA); // period_end itself: F 35-49
victim(null, '2024-01-01', 20, 'M', AREA); // no person_id
victim('v13', '2024-07-01', 20, 'M', AREA); // after period_end
for (let i = 0; i < 12; i++) victim(`w${i}`, '2024-02-02', 20 + (i % 5), 'M', AREA); // M 18-24: 12 (Byar)
victim('v14', '2024-03-03', 30, 'F', AREA, { crime: 'z2' }); // same date and hour: smallest crime_id first
victim('v14', '2024-03-03', 60, 'F', AREA, { crime: 'z1' }); // → F 50-64

/** Persons per (sex, band) the definition gives for the data above (default bands). */
const PERSONS: Record<string, Record<string, number>> = {
  All: { '0-9': 0, '10-13': 1, '14-17': 3, '18-24': 13, '25-34': 1, '35-49': 1, '50-64': 1, '65+': 1, Unknown: 1 },
  M: { '0-9': 0, '10-13': 1, '14-17': 2, '18-24': 12, '25-34': 0, '35-49': 0, '50-64': 0, '65+': 1, Unknown: 1 },
  F: { '0-9': 0, '10-13': 0, '14-17': 1, '18-24': 0, '25-34': 0, '35-49': 1, '50-64': 1, '65+': 0, Unknown: 0 },
};

function parseBand(b: string): [number, number | null] {
  const m = /^(\d+)(?:-(\d+)|\+)$/.exec(b)!;
  return [Number(m[1]), m[2] === undefined ? null : Number(m[2])];
}

/** The expected row, computed independently. */
function expectedRow(sex: 'All' | 'M' | 'F', band: string, persons: number, pop: number | null): Row {
  const rate = pop !== null && pop > 0 ? (1000 * persons) / pop : null;
  const [lo, hi] = poissonLimits(persons);
  return {
    sex,
    age_band: band,
    persons,
    population: pop,
    rate_per_1000: rate,
    ci_low: rate === null ? null : (1000 * lo) / pop!,
    ci_high: rate === null ? null : (1000 * hi) / pop!,
  };
}

function compare(actual: Row[], expected: Row[]): void {
  expect(actual.map((r) => [r.sex, r.age_band, r.persons, r.population])).toEqual(
    expected.map((r) => [r.sex, r.age_band, r.persons, r.population]),
  );
  actual.forEach((row, i) => {
    for (const k of ['rate_per_1000', 'ci_low', 'ci_high']) {
      const w = expected[i]![k];
      if (w === null || w === undefined) expect(row[k], `${row.sex} ${row.age_band} ${k}`).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number)), `${row.sex} ${row.age_band} ${k}`).toBeLessThan(1e-9);
    }
  });
}

/** `highest` as defined: every band sharing the top (non-zero) rate within its sex; false without a rate. */
function highestOf(rows: Row[]): boolean[] {
  return rows.map((r) => {
    if (r.rate_per_1000 === null) return false;
    const top = Math.max(...rows.filter((x) => x.sex === r.sex && x.rate_per_1000 !== null).map((x) => x.rate_per_1000 as number));
    return top > 0 && r.rate_per_1000 === top;
  });
}

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'age-rates', params, runId: `ar${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'victims', victims);
  await craft(tw.ws, 'suspects', [
    { crime_id: 'c001', person_id: 's1', age: 5, sex: 'M', home_lad: FLAT },
    { crime_id: 'c002', person_id: 's2', age: 15, sex: 'F', home_lad: FLAT },
    { crime_id: 'c003', person_id: 's3', age: 15, sex: 'F', home_lad: AREA },
  ]);
  await craft(tw.ws, 'ae_attendances', [
    { attendance_id: 'a2', attendance_date: '2024-02-01', patient_id: 'p1', age: 30, sex: 'F', home_lad: AREA, assault: true },
    { attendance_id: 'a1', attendance_date: '2024-02-01', patient_id: 'p1', age: 20, sex: 'F', home_lad: AREA, assault: true },
    { attendance_id: 'a3', attendance_date: '2024-03-01', patient_id: 'p2', age: 20, sex: 'M', home_lad: AREA, assault: false },
    { attendance_id: 'a4', attendance_date: '2024-08-01', patient_id: 'p3', age: 40, sex: 'M', home_lad: AREA, assault: true },
  ]);
  await craft(tw.ws, 'population', population());
});
afterAll(() => tw.dispose());

describe('age-rates', () => {
  it('victims: persons, population, rates and intervals match an independent computation', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA });
    expect(r.columns.map((c) => c.name)).toEqual([
      'sex', 'age_band', 'persons', 'population', 'rate_per_1000', 'ci_low', 'ci_high', 'highest',
    ]);
    const expected: Row[] = [];
    for (const sex of ['All', 'M', 'F'] as const) {
      for (const band of [...DEFAULT_BANDS, 'Unknown']) {
        const pop = band === 'Unknown' ? null : bandPopulation(sex, ...parseBand(band));
        expected.push(expectedRow(sex, band, PERSONS[sex]![band]!, pop));
      }
    }
    compare(r.rows, expected);
    expect(r.rows.map((x) => x.highest)).toEqual(highestOf(expected));
    // the top bands, spelled out: 18-24 for All and M, 14-17 for F
    expect(r.rows.filter((x) => x.highest).map((x) => `${x.sex} ${x.age_band}`)).toEqual(['All 18-24', 'M 18-24', 'F 14-17']);
    expect(r.rows.find((x) => x.sex === 'All' && x.age_band === 'Unknown')).toMatchObject({
      persons: 1, population: null, rate_per_1000: null, ci_low: null, ci_high: null, highest: false,
    });
    expect(r.params).toEqual({ period_end: '2024-06-30', period_months: 12, source: 'victims', area: AREA, bands: DEFAULT_BANDS.join(',') });
  });

  it('custom bands: order kept, 90+ and 85-94 use the 90+ row, a band above 90 has no population, gaps count nowhere', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA, bands: '65+,14-17,85-94,91+,0-9' });
    const m = r.rows.filter((x) => x.sex === 'M');
    expect(m.map((x) => x.age_band)).toEqual(['65+', '14-17', '85-94', '91+', '0-9', 'Unknown']);
    // v6 (95) is in 65+ and 91+ but not 85-94; ages 10-13 and 18-24 fall in no band and not in Unknown
    expect(m.map((x) => x.persons)).toEqual([1, 2, 0, 1, 0, 1]);
    expect(m.map((x) => x.population)).toEqual([bandPopulation('M', 65, null), bandPopulation('M', 14, 17), bandPopulation('M', 85, 90), 0, bandPopulation('M', 0, 9), null]);
    expect(m[3]).toMatchObject({ rate_per_1000: null, ci_low: null, highest: false });
  });

  it('suspects in another area: ties all marked highest; a zero-rate band is not', async () => {
    const r = await run({ period_end: '2024-06-30', source: 'suspects', area: FLAT, bands: '0-9,10-19,20+' });
    const rows = r.rows.map((x) => [x.sex, x.age_band, x.persons, x.population, x.highest]);
    expect(rows).toEqual([
      ['All', '0-9', 1, 200, true],
      ['All', '10-19', 1, 200, true],
      ['All', '20+', 0, 1420, false],
      ['All', 'Unknown', 0, null, false],
      ['M', '0-9', 1, 100, true],
      ['M', '10-19', 0, 100, false],
      ['M', '20+', 0, 710, false],
      ['M', 'Unknown', 0, null, false],
      ['F', '0-9', 0, 100, false],
      ['F', '10-19', 1, 100, true],
      ['F', '20+', 0, 710, false],
      ['F', 'Unknown', 0, null, false],
    ]);
    // population year: the latest ≤ 2024 for that area is 2020
    expect(r.rows[0]!.rate_per_1000).toBe(5);
  });

  it('ae: assault attendances only, first by attendance_id on the same date; default period_end from attendance_date', async () => {
    const r = await run({ source: 'ae', area: AREA, period_end: '2024-06-30' });
    const nonZero = r.rows.filter((x) => (x.persons as number) > 0).map((x) => `${x.sex} ${x.age_band} ${x.persons}`);
    expect(nonZero).toEqual(['All 18-24 1', 'F 18-24 1']);
    const latest = await run({ source: 'ae', area: AREA });
    expect(latest.params.period_end).toBe('2024-08-01');
    expect(latest.rows.filter((x) => (x.persons as number) > 0).map((x) => `${x.sex} ${x.age_band}`)).toEqual([
      'All 18-24', 'All 35-49', 'M 35-49', 'F 18-24',
    ]);
  });

  it('no events: every row listed with zeros, no band is highest', async () => {
    const r = await run({ source: 'ae', area: AREA, period_end: '2023-12-31' });
    expect(r.rows).toHaveLength(27);
    expect(r.rows.every((x) => x.persons === 0)).toBe(true);
    expect(r.rows.every((x) => x.highest === false)).toBe(true);
    const zero = r.rows.find((x) => x.sex === 'M' && x.age_band === '0-9')!;
    expect(Math.abs((zero.ci_high as number) - (1000 * poissonLimits(0)[1]) / bandPopulation('M', 0, 9))).toBeLessThan(1e-9);
  });

  it('no population year up to period_end: population and rates are null', async () => {
    const r = await run({ period_end: '2021-06-30', area: AREA });
    expect(r.rows.every((x) => x.population === null && x.rate_per_1000 === null && x.highest === false)).toBe(true);
  });

  it('refuses a malformed or reversed band', async () => {
    await expect(run({ area: AREA, bands: '0-9,ten' })).rejects.toThrow(
      "age-rates: bands has 'ten': an age band is written like 10-17 or 65+ (got '0-9,ten')",
    );
    await expect(run({ area: AREA, bands: '20-10' })).rejects.toThrow(/age band 20-10: the lower age is above the upper age/);
  });
});
