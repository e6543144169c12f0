import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, flatPopulation, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * deprivation on crafted data. Area E08000003; period P = (2023-06-30, 2024-06-30].
 * imd: AREA has five LSOAs (deciles 1, 1, 2, 5, 10; populations 150, 300, 200, blank, 400);
 * NEAR has one (decile 3, population blank); NEAR2 has none.
 */
const AREA = 'E08000003';
const NEAR = 'E08000001';
const NEAR2 = 'E08000002';
const imd: CraftedRow[] = [
  { lsoa_code: 'L1', lad_code: AREA, imd_rank: 100, imd_decile: 1, population: 150 },
  { lsoa_code: 'L2', lad_code: AREA, imd_rank: 200, imd_decile: 1, population: 300 },
  { lsoa_code: 'L3', lad_code: AREA, imd_rank: 4000, imd_decile: 2, population: 200 },
  { lsoa_code: 'L4', lad_code: AREA, imd_rank: 15000, imd_decile: 5, population: null },
  { lsoa_code: 'L5', lad_code: AREA, imd_rank: 32000, imd_decile: 10, population: 400 },
  { lsoa_code: 'N1', lad_code: NEAR, imd_rank: 8000, imd_decile: 3, population: null },
];

let nCrime = 0;
const offences: CraftedRow[] = [];
const victims: CraftedRow[] = [];
function victim(person: string | null, date: string, lad: string | null, lsoa: string | null, opts: { hour?: number | null; sv?: boolean | null; crime?: string } = {}): void {
  const crime = opts.crime ?? `c${String(++nCrime).padStart(3, '0')}`;
  offences.push({ crime_id: crime, offence_date: date, offence_hour: opts.hour ?? null, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: opts.sv === undefined ? true : opts.sv });
  victims.push({ crime_id: crime, person_id: person, home_lad: lad, home_lsoa: lsoa });
}

victim('r1', '2023-07-01', AREA, 'L1'); // first day of P: decile 1
victim('r2', '2023-08-01', AREA, 'L2'); // decile 1
victim('r3', '2023-09-01', AREA, 'L3'); // decile 2
victim('r4', '2023-10-01', AREA, 'N1'); // a resident with a NEAR LSOA: decile 3 (not in the baseline)
victim('r5', '2023-11-01', AREA, 'E01999999'); // LSOA not in imd: left out
victim('r6', '2023-11-02', AREA, null); // blank LSOA: left out
victim('r7', '2023-11-03', NEAR, 'L1'); // lives in NEAR: not a resident of AREA
victim('r8', '2023-11-04', null, 'L1'); // blank home_lad on the first event: not a resident...
victim('r8', '2023-11-05', AREA, 'L1'); // ...whatever a later event says
victim('r9', '2023-06-30', AREA, 'L1'); // the day P starts after: outside P...
victim('r9', '2024-06-30', AREA, 'L5'); // ...period_end is in: decile 10
victim('r10', '2024-01-05', AREA, 'L1', { hour: null }); // same date: hour 8 first
victim('r10', '2024-01-05', AREA, 'L3', { hour: 8 }); // → decile 2
victim('r11', '2024-02-02', AREA, 'L1', { hour: 3, crime: 'z2' }); // same date and hour: smallest crime_id
victim('r11', '2024-02-02', AREA, 'L5', { hour: 3, crime: 'z1' }); // → decile 10
victim('r12', '2024-01-01', AREA, 'L4', { sv: false }); // not serious violence
victim('r13', '2024-01-01', AREA, 'L4', { sv: null }); // blank serious_violence
victim(null, '2024-01-01', AREA, 'L4'); // no person_id
victim('r14', '2024-07-01', AREA, 'L4'); // the day after period_end
victim('r15', '2024-03-03', NEAR2, 'L2'); // the only resident of NEAR2: decile 1

/** Residents per decile in P (default params): 1: r1 r2; 2: r3 r10; 3: r4; 10: r9 r11. */
const PERSONS = [2, 2, 1, 0, 0, 0, 0, 0, 0, 2];
const LSOAS = [2, 1, 0, 0, 1, 0, 0, 0, 0, 1]; // AREA's LSOAs per decile
const POPULATION = [450, 200, 0, 0, 0, 0, 0, 0, 0, 400]; // AREA's imd.population per decile (blank = 0)

/** The expected rows, computed independently from counts per decile. */
function expected(persons: number[], base: number[]): Row[] {
  const known = persons.reduce((a, b) => a + b, 0);
  const total = base.reduce((a, b) => a + b, 0);
  return persons.map((n, i) => {
    const pct = known > 0 ? (100 * n) / known : null;
    const basePct = total > 0 ? (100 * base[i]!) / total : null;
    return { imd_decile: i + 1, persons: n, pct, baseline_pct: basePct, ratio: pct !== null && basePct ? pct / basePct : null };
  });
}

function compare(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.imd_decile, r.persons])).toEqual(want.map((r) => [r.imd_decile, r.persons]));
  actual.forEach((row, i) => {
    for (const k of ['pct', 'baseline_pct', 'ratio']) {
      const w = want[i]![k];
      if (w === null) expect(row[k], `decile ${i + 1} ${k}`).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number)), `decile ${i + 1} ${k}`).toBeLessThan(1e-9);
    }
  });
}

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
/** Population holds three areas, so every run names AREA unless it says otherwise. */
const run = (params: Record<string, string>) =>
  runQuery(tw.ws, lib, { queryId: 'deprivation', params: { area: AREA, ...params }, runId: `dp${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'victims', victims);
  await craft(tw.ws, 'suspects', [
    { crime_id: 'c001', person_id: 's1', home_lad: AREA, home_lsoa: 'L5' },
    { crime_id: 'c002', person_id: 's2', home_lad: AREA, home_lsoa: 'L4' },
  ]);
  await craft(tw.ws, 'ae_attendances', [
    { attendance_id: 'a2', attendance_date: '2024-02-01', patient_id: 'p1', home_lad: AREA, home_lsoa: 'L1', assault: true },
    { attendance_id: 'a1', attendance_date: '2024-02-01', patient_id: 'p1', home_lad: AREA, home_lsoa: 'L3', assault: true }, // first
    { attendance_id: 'a3', attendance_date: '2024-03-01', patient_id: 'p2', home_lad: AREA, home_lsoa: 'L1', assault: false },
    { attendance_id: 'a4', attendance_date: '2024-08-01', patient_id: 'p3', home_lad: AREA, home_lsoa: 'L5', assault: true },
  ]);
  await craft(tw.ws, 'imd', imd);
  await craft(tw.ws, 'population', [...flatPopulation(AREA, 2023, 10), ...flatPopulation(NEAR, 2023, 10), ...flatPopulation(NEAR2, 2023, 10)]);
});
afterAll(() => tw.dispose());

describe('deprivation', () => {
  it('baseline lsoas (the default): ten deciles, zeros listed, unknown deciles left out, ratio null on a zero baseline', async () => {
    const r = await run({ period_end: '2024-06-30' });
    expect(r.columns.map((c) => c.name)).toEqual(['imd_decile', 'persons', 'pct', 'baseline_pct', 'ratio']);
    expect(r.params).toEqual({ period_end: '2024-06-30', period_months: 12, source: 'victims', area: AREA, baseline: 'lsoas' });
    compare(r.rows, expected(PERSONS, LSOAS));
    // spelled out: decile 1 is 2/7 of residents against 2/5 of LSOAs; decile 3 has no LSOA of the area
    expect(r.rows[0]!.ratio as number).toBeCloseTo(2 / 7 / (2 / 5), 12);
    expect(r.rows[2]).toMatchObject({ persons: 1, baseline_pct: 0, ratio: null });
  });

  it('baseline population: imd.population shares, a blank LSOA population counts 0', async () => {
    const r = await run({ period_end: '2024-06-30', baseline: 'population' });
    compare(r.rows, expected(PERSONS, POPULATION));
    expect(r.rows[4]).toMatchObject({ persons: 0, pct: 0, baseline_pct: 0, ratio: null }); // L4's population is blank
  });

  it('an area with no LSOAs in imd, or no imd population: baseline and ratio null', async () => {
    const none = await run({ period_end: '2024-06-30', area: NEAR2 });
    compare(none.rows, expected([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(none.rows.every((x) => x.baseline_pct === null && x.ratio === null)).toBe(true);
    // NEAR: r7 lives in an AREA LSOA (decile 1); NEAR's own LSOA N1 is decile 3
    compare((await run({ period_end: '2024-06-30', area: NEAR })).rows, expected([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]));
    const pop = await run({ period_end: '2024-06-30', area: NEAR, baseline: 'population' });
    expect(pop.rows.every((x) => x.baseline_pct === null && x.ratio === null)).toBe(true);
  });

  it('default period_end is the latest offence date', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-07-01');
    // P = (2023-07-01, 2024-07-01]: r1 drops out; r14 (L4, decile 5) comes in
    compare(r.rows, expected([1, 2, 1, 0, 1, 0, 0, 0, 0, 2], LSOAS));
  });

  it('suspects and ae', async () => {
    // suspects s1 (c001, 2023-07-01, L5) and s2 (c002, 2023-08-01, L4)
    compare((await run({ period_end: '2024-06-30', source: 'suspects' })).rows, expected([0, 0, 0, 0, 1, 0, 0, 0, 0, 1], LSOAS));
    compare((await run({ period_end: '2024-06-30', source: 'ae' })).rows, expected([0, 1, 0, 0, 0, 0, 0, 0, 0, 0], LSOAS));
    const latest = await run({ source: 'ae' });
    expect(latest.params.period_end).toBe('2024-08-01');
    compare(latest.rows, expected([0, 1, 0, 0, 0, 0, 0, 0, 0, 1], LSOAS));
  });

  it('no residents in the period: ten rows, persons 0, pct and ratio null', async () => {
    const r = await run({ period_end: '2022-12-31' });
    compare(r.rows, expected([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], LSOAS));
    expect(r.rows.every((x) => x.pct === null && x.ratio === null)).toBe(true);
  });
});
