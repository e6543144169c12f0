import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { disproportionalityRows, type DisproportionalityRow } from '../../../fixtures/disproportionality-stats.js';
import { Z } from './statsReference.js';
import { craft, flatPopulation, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * disproportionality on crafted data. P = (2023-06-30, 2024-06-30].
 * AREA has population rows by ethnicity (2023; decoys in 2022, 2025, blank ethnicity and in
 * population_ethnicity), so they are used, with ages. ELSEWHERE has only blank-ethnicity
 * population rows, so population_ethnicity (2021, all ages) is the fallback, refused when the
 * ages are restricted.
 */
const AREA = 'E08000003';
const ELSEWHERE = 'E08000001';
const GROUPS = ['White', 'Asian', 'Black', 'Mixed', 'Other'] as const;
type Group = (typeof GROUPS)[number];
const COLUMNS = [
  'ethnicity', 'cohort_n', 'cohort_pct', 'population', 'population_pct', 'disproportionality_ratio',
  'rate_per_1000', 'rri', 'rri_ci_low', 'rri_ci_high', 'significant',
];

/** AREA 2023 population of group k (1..5) by sex and single age (90 = 90+). */
function areaPop(k: number, sex: 'M' | 'F', age: number): number {
  return sex === 'M' ? 10 * k + (age % 7) : 5 * k + (age % 3);
}
function areaBand(g: Group, lo: number, hi: number | null): number {
  const k = GROUPS.indexOf(g) + 1;
  let sum = 0;
  for (let age = lo; age <= Math.min(hi ?? 90, 90); age++) sum += areaPop(k, 'M', age) + areaPop(k, 'F', age);
  return sum;
}
const CENSUS_ELSEWHERE: Record<Group, number> = { White: 5000, Asian: 2000, Black: 1000, Mixed: 500, Other: 0 };

function population(): CraftedRow[] {
  const rows: CraftedRow[] = [];
  GROUPS.forEach((ethnicity, i) => {
    for (let age = 0; age <= 90; age++) {
      for (const sex of ['M', 'F'] as const) {
        rows.push({ area: AREA, year: 2023, sex, age, ethnicity, population: areaPop(i + 1, sex, age) });
        rows.push({ area: AREA, year: 2022, sex, age, ethnicity, population: 1 });
        rows.push({ area: AREA, year: 2025, sex, age, ethnicity, population: 3 });
      }
    }
  });
  for (let age = 0; age <= 90; age++) rows.push({ area: AREA, year: 2023, sex: 'M', age, ethnicity: null, population: 1_000_000 });
  return [...rows, ...flatPopulation(ELSEWHERE, 2020, 10)];
}

function populationEthnicity(): CraftedRow[] {
  const rows: CraftedRow[] = [];
  for (const g of GROUPS) {
    rows.push({ area: AREA, year: 2021, ethnicity: g, population: 777 }); // must not be used: AREA has population rows by ethnicity
    rows.push({ area: ELSEWHERE, year: 2021, ethnicity: g, population: CENSUS_ELSEWHERE[g] });
    rows.push({ area: ELSEWHERE, year: 2025, ethnicity: g, population: 1 }); // after period_end's year
  }
  return rows;
}

let nCrime = 0;
const offences: CraftedRow[] = [];
const suspects: CraftedRow[] = [];
const victims: CraftedRow[] = [];
interface Opts { hour?: number | null; sv?: boolean; crime?: string }
function person(table: CraftedRow[], id: string | null, date: string, age: number | null, ethnicity: string | null, home: string | null, opts: Opts = {}): void {
  const crime = opts.crime ?? `c${String(++nCrime).padStart(3, '0')}`;
  offences.push({ crime_id: crime, offence_date: date, offence_hour: opts.hour ?? null, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: opts.sv ?? true });
  table.push({ crime_id: crime, person_id: id, age, ethnicity, home_lad: home });
}
const suspect = (...a: Parameters<typeof person> extends [unknown, ...infer R] ? R : never) => person(suspects, ...a);
const victim = (...a: Parameters<typeof person> extends [unknown, ...infer R] ? R : never) => person(victims, ...a);

// Suspects living in AREA. All ages: White 13, Asian 3, Black 5, Mixed 1, Other 2, Unknown 2.
// Ages 10-17: White 0, Asian 1, Black 2, Mixed 1, Other 2, Unknown 1.
for (let i = 0; i < 12; i++) suspect(`w${i}`, '2024-01-10', 20, 'White', AREA);
suspect('p1', '2023-06-30', 15, 'Black', AREA); // period_end − 12 months: outside...
suspect('p1', '2024-06-30', 30, 'White', AREA); // ...period_end itself: inside → White, 30
suspect('p2', '2024-07-01', 15, 'Black', AREA); // after period_end
suspect('a1', '2023-08-01', null, 'Asian', AREA); // blank age: all ages only
suspect('a2', '2023-08-02', 14, 'Asian', AREA);
suspect('a3', '2023-08-03', 40, 'Asian', AREA);
suspect('b1', '2023-09-01', 15, 'Black', AREA);
suspect('b2', '2023-09-02', 15, 'Black', AREA);
for (const b of ['b3', 'b4', 'b5']) suspect(b, '2023-09-03', 25, 'Black', AREA);
suspect('o1', '2023-10-01', 16, 'Other', AREA);
suspect('t1', '2024-01-01', 50, 'Asian', AREA, { hour: null }); // same date: hour 5 comes before blank
suspect('t1', '2024-01-01', 17, 'Other', AREA, { hour: 5 }); // → Other, 17
suspect('t2', '2024-02-02', 30, 'Black', AREA, { hour: 3, crime: 'z2' }); // same date and hour: smallest crime_id
suspect('t2', '2024-02-02', 12, 'Mixed', AREA, { hour: 3, crime: 'z1' }); // → Mixed, 12
suspect('u1', '2023-11-01', 15, null, AREA); // Unknown
suspect('u2', '2023-11-02', null, 'Gypsy', AREA); // not one of the five → Unknown
suspect('r1', '2023-12-01', 20, 'Black', null); // first event has no home → not a resident...
suspect('r1', '2024-01-01', 20, 'Black', AREA); // ...even though a later one says AREA
suspect('r2', '2023-12-01', 20, 'White', ELSEWHERE); // lives elsewhere
suspect('n1', '2023-12-01', 20, 'Black', AREA, { sv: false }); // not serious violence
suspect(null, '2023-12-01', 20, 'Black', AREA); // no person_id

// Victims living in ELSEWHERE: White 4, Asian 0, Black 2, Mixed 1, Other 1, Unknown 1; one in 2020.
for (const v of ['v1', 'v2', 'v3', 'v4']) victim(v, '2024-03-01', 30, 'White', ELSEWHERE);
victim('v5', '2024-03-01', 30, 'Black', ELSEWHERE);
victim('v6', '2024-03-01', 30, 'Black', ELSEWHERE);
victim('v7', '2024-03-01', 30, 'Mixed', ELSEWHERE);
victim('v8', '2024-03-01', 30, 'Other', ELSEWHERE);
victim('v9', '2024-03-01', 30, null, ELSEWHERE);
victim('v10', '2024-03-01', 30, 'Asian', AREA); // lives in AREA
victim('v11', '2020-05-01', 30, 'White', ELSEWHERE);

// Youth justice, every child with a disposal starting in P (ages and residence not filtered):
// White 3, Asian 1, Black 1, Mixed 1, Other 0, Unknown 1. Latest start_date = 2024-06-30.
const disposals: CraftedRow[] = [
  { disposal_id: 'd01', child_id: 'k1', start_date: '2023-06-30', tier: 'court', age: 15, ethnicity: 'Asian' }, // outside P
  { disposal_id: 'd02', child_id: 'k1', start_date: '2024-06-30', tier: 'court', age: 16, ethnicity: 'Black' }, // period_end: in
  { disposal_id: 'd03', child_id: 'k2', start_date: '2023-12-01', tier: 'out_of_court', age: 18, ethnicity: 'White' }, // 18: still counted
  { disposal_id: 'd04', child_id: 'k3', start_date: '2023-12-01', tier: 'court', age: null, ethnicity: 'White' },
  { disposal_id: 'd05', child_id: 'k4', start_date: '2023-12-01', tier: 'court', age: 12, ethnicity: 'White' },
  { disposal_id: 'y2', child_id: 'k5', start_date: '2024-01-01', tier: 'court', age: 14, ethnicity: 'Asian' }, // same date:
  { disposal_id: 'y1', child_id: 'k5', start_date: '2024-01-01', tier: 'court', age: 14, ethnicity: 'Mixed' }, // smallest id → Mixed
  { disposal_id: 'd06', child_id: 'k6', start_date: '2024-02-01', tier: 'court', age: 15, ethnicity: null }, // Unknown
  { disposal_id: 'd07', child_id: 'k7', start_date: '2024-03-01', tier: 'court', age: 15, ethnicity: 'Other' }, // later one...
  { disposal_id: 'd08', child_id: 'k7', start_date: '2023-09-01', tier: 'court', age: 15, ethnicity: 'Asian' }, // ...earliest → Asian
  { disposal_id: 'd09', child_id: null, start_date: '2024-02-01', tier: 'court', age: 15, ethnicity: 'Black' }, // no child_id
];

// Probation: the latest snapshot in P is 2024-03-31. SV persons there: White 1 (30), Asian 1 (17),
// Black 1 (20), Unknown 1 (22).
const caseload: CraftedRow[] = [
  { person_id: 'q1', snapshot_date: '2024-03-31', age: 30, ethnicity: 'White', serious_violence: true },
  { person_id: 'q2', snapshot_date: '2024-03-31', age: 30, ethnicity: 'White', serious_violence: false },
  { person_id: 'q3', snapshot_date: '2024-03-31', age: 20, ethnicity: null, serious_violence: true },
  { person_id: 'q3', snapshot_date: '2024-03-31', age: 20, ethnicity: 'Black', serious_violence: true },
  { person_id: 'q4', snapshot_date: '2024-03-31', age: 22, ethnicity: null, serious_violence: true },
  { person_id: 'q5', snapshot_date: '2024-03-31', age: 17, ethnicity: 'Asian', serious_violence: true },
  { person_id: 'q6', snapshot_date: '2023-12-31', age: 30, ethnicity: 'Mixed', serious_violence: true }, // earlier snapshot
  { person_id: 'q7', snapshot_date: '2024-07-31', age: 30, ethnicity: 'Other', serious_violence: true }, // after P
];

type Counts = Record<Group, number>;

/** The expected rows: entry 5's arithmetic from the planted counts and populations. */
const expectedRows = (counts: Counts, unknown: number, pops: Record<Group, number> | null, reference: Group = 'White') =>
  disproportionalityRows({ ...counts, Unknown: unknown }, pops, reference);

const NUMERIC = ['cohort_pct', 'population_pct', 'disproportionality_ratio', 'rate_per_1000', 'rri', 'rri_ci_low', 'rri_ci_high'] as const;
function compare(actual: Row[], expected: DisproportionalityRow[]): void {
  expect(actual.map((r) => [r.ethnicity, r.cohort_n, r.population, r.significant])).toEqual(
    expected.map((r) => [r.ethnicity, r.cohort_n, r.population, r.significant]),
  );
  actual.forEach((row, i) => {
    for (const k of NUMERIC) {
      const w = expected[i]![k];
      if (w === null || w === undefined) expect(row[k], `${String(row.ethnicity)} ${k}`).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number)), `${String(row.ethnicity)} ${k}`).toBeLessThan(1e-9);
    }
  });
}

const areaPops = (lo: number, hi: number | null) =>
  Object.fromEntries(GROUPS.map((g) => [g, areaBand(g, lo, hi)])) as Record<Group, number>;

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'disproportionality', params, runId: `dp${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'suspects', suspects);
  await craft(tw.ws, 'victims', victims);
  await craft(tw.ws, 'yj_disposals', disposals);
  await craft(tw.ws, 'probation_caseload', caseload);
  await craft(tw.ws, 'population', population());
  await craft(tw.ws, 'population_ethnicity', populationEthnicity());
});
afterAll(() => tw.dispose());

describe('disproportionality', () => {
  it('sv_suspects, all ages: residents by first-event ethnicity; population rows by ethnicity (latest year ≤ period_end)', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA });
    expect(r.columns.map((c) => c.name)).toEqual(COLUMNS);
    expect(r.params).toEqual({
      period_end: '2024-06-30', period_months: 12, cohort: 'sv_suspects', area: AREA, age_min: 0, age_max: 90, reference: 'White',
    });
    compare(r.rows, expectedRows({ White: 13, Asian: 3, Black: 5, Mixed: 1, Other: 2 }, 2, areaPops(0, null)));
    // spelled out: White is the reference; Black's rri is (5/pop)/(13/pop)
    expect(r.rows[0]).toMatchObject({ ethnicity: 'White', rri: 1, rri_ci_low: null, rri_ci_high: null, significant: null });
    expect(r.rows[5]).toMatchObject({ ethnicity: 'Unknown', cohort_n: 2, cohort_pct: null, population: null, rri: null });
  });

  it('ages 10-17: population of those ages only; members outside the range or with a blank age left out; reference count 0 → no rri', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA, age_min: '10', age_max: '17' });
    const expected = expectedRows({ White: 0, Asian: 1, Black: 2, Mixed: 1, Other: 2 }, 1, areaPops(10, 17));
    compare(r.rows, expected);
    expect(r.rows.map((x) => x.rri)).toEqual([1, null, null, null, null, null]);
    expect(r.rows[0]).toMatchObject({ cohort_n: 0, cohort_pct: 0, rate_per_1000: 0, disproportionality_ratio: 0 });
  });

  it('age_max of 90 or more is no upper limit (population 90 = 90+); age_min above age_max is refused', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA, age_min: '0', age_max: '95' });
    compare(r.rows, expectedRows({ White: 13, Asian: 3, Black: 5, Mixed: 1, Other: 2 }, 2, areaPops(0, null)));
    const r40 = await run({ period_end: '2024-06-30', area: AREA, age_min: '40', age_max: '90' });
    // a3 (40) only; the 90 row is in the range
    compare(r40.rows, expectedRows({ White: 0, Asian: 1, Black: 0, Mixed: 0, Other: 0 }, 0, areaPops(40, null)));
    await expect(run({ period_end: '2024-06-30', area: AREA, age_min: '18', age_max: '17' })).rejects.toThrow(/age_min 18 is above age_max 17/);
  });

  it('another reference group: its row has rri 1 and null interval; the others are against it', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA, reference: 'Black' });
    compare(r.rows, expectedRows({ White: 13, Asian: 3, Black: 5, Mixed: 1, Other: 2 }, 2, areaPops(0, null), 'Black'));
    expect(r.rows[2]).toMatchObject({ ethnicity: 'Black', rri: 1, rri_ci_low: null, rri_ci_high: null, significant: null });
  });

  it('sv_victims without ethnicity rows in population: census fallback for all ages; a zero-population group has no rate', async () => {
    const r = await run({ period_end: '2024-06-30', area: ELSEWHERE, cohort: 'sv_victims' });
    compare(r.rows, expectedRows({ White: 4, Asian: 0, Black: 2, Mixed: 1, Other: 1 }, 1, CENSUS_ELSEWHERE));
    expect(r.rows[2]!.rri).toBeCloseTo(2.5, 12); // (2/1000)/(4/5000)
    // spelled out: 2.5·exp(∓z·sqrt(1/2 + 1/4)), not significant
    expect(r.rows[2]!.rri_ci_low).toBeCloseTo(2.5 * Math.exp(-Z * Math.sqrt(0.75)), 12);
    expect(r.rows[2]!.rri_ci_high).toBeCloseTo(2.5 * Math.exp(Z * Math.sqrt(0.75)), 12);
    expect(r.rows[2]!.significant).toBe(false);
    expect(r.rows[4]).toMatchObject({ ethnicity: 'Other', cohort_n: 1, population: 0, population_pct: 0, rate_per_1000: null, disproportionality_ratio: null, rri: null });
  });

  it('census fallback is refused for a restricted age range, naming what is missing', async () => {
    await expect(run({ period_end: '2024-06-30', area: ELSEWHERE, cohort: 'sv_victims', age_min: '18' })).rejects.toThrow(
      /no population by ethnicity for ages 18-90\+ in E08000001 up to 2024: population has no rows with ethnicity for that area, and the shipped population_ethnicity \(Census 2021\) covers all ages only/,
    );
    await expect(run({ area: ELSEWHERE, cohort: 'yj_disposals' })).rejects.toThrow(/no population by ethnicity for ages 10-17 in E08000001/);
  });

  it('no population year up to period_end: populations and ratios null, counts kept', async () => {
    const r = await run({ period_end: '2020-12-31', area: ELSEWHERE, cohort: 'sv_victims' });
    compare(r.rows, expectedRows({ White: 1, Asian: 0, Black: 0, Mixed: 0, Other: 0 }, 0, null));
    expect(r.rows[0]).toMatchObject({ cohort_n: 1, cohort_pct: 100, population: null, rri: null });
  });

  it('yj_disposals: every child starting a disposal in P (not filtered by age), first by start_date then disposal_id; population 10-17', async () => {
    const r = await run({ area: AREA, cohort: 'yj_disposals' });
    expect(r.params).toMatchObject({ period_end: '2024-06-30', age_min: 10, age_max: 17 });
    compare(r.rows, expectedRows({ White: 3, Asian: 1, Black: 1, Mixed: 1, Other: 0 }, 1, areaPops(10, 17)));
    const all = await run({ area: ELSEWHERE, cohort: 'yj_disposals', age_min: '0', age_max: '90' });
    compare(all.rows, expectedRows({ White: 3, Asian: 1, Black: 1, Mixed: 1, Other: 0 }, 1, CENSUS_ELSEWHERE));
  });

  it('probation_sv: serious-violence caseload at the latest snapshot in P, not filtered by residence', async () => {
    const r = await run({ period_end: '2024-06-30', area: AREA, cohort: 'probation_sv' });
    compare(r.rows, expectedRows({ White: 1, Asian: 1, Black: 1, Mixed: 0, Other: 0 }, 1, areaPops(0, null)));
    const young = await run({ period_end: '2024-06-30', area: AREA, cohort: 'probation_sv', age_min: '18', age_max: '25' });
    compare(young.rows, expectedRows({ White: 0, Asian: 0, Black: 1, Mixed: 0, Other: 0 }, 1, areaPops(18, 25)));
    const latest = await run({ area: AREA, cohort: 'probation_sv' });
    expect(latest.params.period_end).toBe('2024-07-31');
    expect(latest.rows.map((x) => x.cohort_n)).toEqual([0, 0, 0, 0, 1, 0]);
  });
});
