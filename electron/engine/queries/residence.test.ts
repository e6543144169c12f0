import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, flatPopulation, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * residence on crafted data. Area E08000003; period P = (2023-06-30, 2024-06-30].
 * Population holds AREA and NEAR (so the default region is those two); FAR is in no population row.
 */
const AREA = 'E08000003';
const NEAR = 'E08000001';
const NEAR2 = 'E08000002'; // a region LA without population rows
const FAR = 'E09000001';
const CLASSES = ['In area', 'Elsewhere in region', 'Outside region', 'Unknown'];

let nCrime = 0;
const offences: CraftedRow[] = [];
const victims: CraftedRow[] = [];
function victim(person: string | null, date: string, home: string | null, opts: { hour?: number | null; sv?: boolean | null; crime?: string } = {}): void {
  const crime = opts.crime ?? `c${String(++nCrime).padStart(3, '0')}`;
  offences.push({ crime_id: crime, offence_date: date, offence_hour: opts.hour ?? null, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: opts.sv === undefined ? true : opts.sv });
  victims.push({ crime_id: crime, person_id: person, home_lad: home });
}

victim('a1', '2023-06-30', AREA); // the day P starts after: outside P...
victim('a1', '2024-06-30', FAR); // ...period_end itself is in P → first event: Outside region
victim('a2', '2023-07-01', AREA); // first day of P: In area
victim('a3', '2023-08-01', NEAR); // Elsewhere in region
victim('a4', '2023-09-01', null); // blank home on the first event → Unknown...
victim('a4', '2023-10-01', AREA); // ...whatever a later event says
victim('a5', '2024-01-05', AREA, { hour: null }); // same date: hour 8 comes before blank
victim('a5', '2024-01-05', NEAR, { hour: 8 }); // → Elsewhere in region
victim('a6', '2024-02-02', AREA, { hour: 3, crime: 'z2' }); // same date and hour: smallest crime_id first
victim('a6', '2024-02-02', FAR, { hour: 3, crime: 'z1' }); // → Outside region
victim('a7', '2024-01-01', AREA, { sv: false }); // not serious violence
victim('a8', '2024-01-01', AREA, { sv: null }); // serious_violence blank: does not qualify
victim(null, '2024-01-01', AREA); // no person_id
victim('a9', '2024-07-01', AREA); // the day after period_end
victim('a10', '2023-12-12', AREA); // In area, counted once
victim('a10', '2024-03-03', FAR);
victim('a11', '2024-04-04', NEAR2); // in region only when region lists NEAR2
victim('a12', '2024-05-05', AREA); // In area

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
/** Population holds two areas, so `area` has no default: every run names AREA unless it says otherwise. */
const run = (params: Record<string, string>) =>
  runQuery(tw.ws, lib, { queryId: 'residence', params: { area: AREA, ...params }, runId: `rs${++seq}` }, runs);

function expectRows(actual: Row[], persons: number[]): void {
  expect(actual.map((r) => r.residence)).toEqual(CLASSES);
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
    { crime_id: 'c002', person_id: 's1', home_lad: FAR },
    { crime_id: 'c003', person_id: 's2', home_lad: null },
    { crime_id: 'c004', person_id: 's2', home_lad: AREA }, // s2's first (c003) has no home
  ]);
  await craft(tw.ws, 'ae_attendances', [
    { attendance_id: 'a2', attendance_date: '2024-02-01', patient_id: 'p1', home_lad: AREA, assault: true },
    { attendance_id: 'a1', attendance_date: '2024-02-01', patient_id: 'p1', home_lad: NEAR, assault: true }, // first: smallest id
    { attendance_id: 'a3', attendance_date: '2024-03-01', patient_id: 'p2', home_lad: AREA, assault: false },
    { attendance_id: 'a4', attendance_date: '2024-08-01', patient_id: 'p3', home_lad: FAR, assault: true },
  ]);
  await craft(tw.ws, 'population', [...flatPopulation(AREA, 2023, 10), ...flatPopulation(NEAR, 2023, 10)]);
});
afterAll(() => tw.dispose());

describe('residence', () => {
  it('default region (every area in population): all four rows, first-event home, boundaries', async () => {
    const r = await run({ period_end: '2024-06-30' });
    expect(r.columns.map((c) => c.name)).toEqual(['residence', 'persons', 'pct']);
    // In area a2 a10 a12; region a3 a5; outside a1 a6 a11 (NEAR2 has no population); Unknown a4
    expectRows(r.rows, [3, 2, 3, 1]);
    expect(r.params).toEqual({ period_end: '2024-06-30', period_months: 12, source: 'victims', area: AREA, region: `${NEAR},${AREA}` });
  });

  it('an explicit region: the area always counts as in area, listed or not; codes need no population', async () => {
    expectRows((await run({ period_end: '2024-06-30', region: `${NEAR},${NEAR2}` })).rows, [3, 3, 2, 1]);
    expectRows((await run({ period_end: '2024-06-30', region: `${AREA},${NEAR2}` })).rows, [3, 1, 4, 1]);
  });

  it('default period_end is the latest offence date; a shorter period', async () => {
    const r = await run({ region: NEAR });
    expect(r.params.period_end).toBe('2024-07-01');
    // P = (2023-07-01, 2024-07-01]: a2 drops out, a9 comes in (In area); a1 still outside region
    expectRows(r.rows, [3, 2, 3, 1]);
    // P = (2024-03-31, 2024-06-30]: a11 (outside), a12 (in), a1 (outside)
    expectRows((await run({ period_end: '2024-06-30', period_months: '3', region: NEAR })).rows, [1, 0, 2, 0]);
  });

  it('suspects and ae', async () => {
    expectRows((await run({ period_end: '2024-06-30', source: 'suspects' })).rows, [0, 0, 1, 1]);
    expectRows((await run({ period_end: '2024-06-30', source: 'ae' })).rows, [0, 1, 0, 0]);
    const latest = await run({ source: 'ae' });
    expect(latest.params.period_end).toBe('2024-08-01');
    expectRows(latest.rows, [0, 1, 1, 0]);
  });

  it('no one in the period: every row listed with zeros, pct null', async () => {
    expectRows((await run({ period_end: '2022-12-31' })).rows, [0, 0, 0, 0]);
  });

  it('refuses a malformed region code and an area not in population', async () => {
    await expect(run({ region: 'E08000001,Bolton' })).rejects.toThrow(/region has 'Bolton'/);
    await expect(run({ region: 'all' })).rejects.toThrow(/region has 'all'/); // the default is every area; no magic word
    await expect(run({ area: FAR })).rejects.toThrow(/area 'E09000001' is not in population.area/);
    await expect(runQuery(tw.ws, lib, { queryId: 'residence', params: {}, runId: 'rs-no-area' }, runs)).rejects.toThrow(/area is required/);
  });
});
