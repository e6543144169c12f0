import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, flatPopulation, tempWorkspace, type TempWorkspace } from './testTables.js';

/**
 * The five person-profiling entries read a person's first event through one table macro
 * (queries/macros/first-events.sql). One victim recorded twice on the same crime, with different
 * attributes, must be the same person in all five: the row with the smaller age. Before the
 * macro each entry broke that tie on its own columns (residence by home_lad would have taken the
 * other row here, deprivation by home_lad then home_lsoa likewise).
 */
const AREA = 'E08000003';
const NEAR = 'E08000001';
const PARAMS = { period_end: '2024-06-30', area: AREA };

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (queryId: string, params: Record<string, string>): Promise<Row[]> =>
  runQuery(tw.ws, lib, { queryId, params, runId: `fe${++seq}` }, runs).then((r) => r.rows);
const hit = (rows: Row[], count: string) => rows.filter((r) => (r[count] as number) > 0);

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', [
    { crime_id: 'c1', offence_date: '2024-01-10', offence_hour: 2, offence_group: 'Violence against the person', offence_type: 'GBH', serious_violence: true },
  ]);
  await craft(tw.ws, 'victims', [
    // The same person twice on c1: the row with the smaller age is their first event.
    { crime_id: 'c1', person_id: 'p1', age: 30, sex: 'M', ethnicity: 'Black', home_lad: NEAR, home_lsoa: 'N1' },
    { crime_id: 'c1', person_id: 'p1', age: 20, sex: 'M', ethnicity: 'Asian', home_lad: AREA, home_lsoa: 'L2' },
  ]);
  await craft(tw.ws, 'imd', [
    { lsoa_code: 'L2', lad_code: AREA, imd_rank: 4000, imd_decile: 2, population: 100 },
    { lsoa_code: 'N1', lad_code: NEAR, imd_rank: 100, imd_decile: 1, population: 100 },
  ]);
  await craft(tw.ws, 'population', [...flatPopulation(AREA, 2023, 10), ...flatPopulation(NEAR, 2023, 10)]);
  await craft(
    tw.ws,
    'population_ethnicity',
    ['White', 'Asian', 'Black', 'Mixed', 'Other'].map((ethnicity) => ({ area: AREA, year: 2021, ethnicity, population: 1000 })),
  );
});
afterAll(() => tw.dispose());

describe('a person recorded twice on their first crime is the same person in every entry', () => {
  it('residence: in the area (the age-20 row), not elsewhere in the region', async () => {
    const rows = await run('residence', { ...PARAMS, region: `${AREA},${NEAR}` });
    expect(hit(rows, 'persons').map((r) => r.residence)).toEqual(['In area']);
  });

  it('age-rates: a resident aged 18-24', async () => {
    const rows = await run('age-rates', PARAMS);
    expect(hit(rows, 'persons').map((r) => `${String(r.sex)} ${String(r.age_band)}`)).toEqual(['All 18-24', 'M 18-24']);
  });

  it('cohort-profile: Asian, 18-24', async () => {
    expect(hit(await run('cohort-profile', { period_end: PARAMS.period_end, by: 'ethnicity' }), 'persons').map((r) => r.value)).toEqual(['Asian']);
    expect(hit(await run('cohort-profile', { period_end: PARAMS.period_end, by: 'age_band' }), 'persons').map((r) => r.value)).toEqual(['18-24']);
  });

  it('deprivation: decile 2 of their LSOA L2', async () => {
    expect(hit(await run('deprivation', PARAMS), 'persons').map((r) => r.imd_decile)).toEqual([2]);
  });

  it('disproportionality (sv_victims): Asian', async () => {
    expect(hit(await run('disproportionality', { ...PARAMS, cohort: 'sv_victims' }), 'cohort_n').map((r) => r.ethnicity)).toEqual(['Asian']);
  });
});
