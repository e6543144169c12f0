import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, flatPopulation, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * time-of-week on crafted data. Area E08000003 has LSOA E01000001 (unchanged) and E01000002
 * (2011 code; its 2021 code is E01099999); E01000003 is in another LA.
 * period_end 2024-03-31, 12 months: P = (2023-03-31, 2024-03-31]. 2024-01-01 is a Monday.
 */
const AREA = 'E08000003';
const OTHER = 'E08000001';
const o = (crime_id: string, offence_date: string, offence_hour: number | null, lsoa_code: string | null, sv: boolean | null = true): CraftedRow => ({
  crime_id, offence_date, offence_hour, lsoa_code, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: sv,
});

const offences: CraftedRow[] = [
  o('w01', '2024-01-01', 0, 'E01000001'), //  Mon 0
  o('w02', '2024-01-07', 23, 'E01099999'), // Sun 23 (LSOA 2021 code)
  o('w03', '2024-01-07', 23, 'E01000002'), // Sun 23 (LSOA 2011 code)
  o('w04', '2023-03-31', 5, 'E01000001'), //  period_end − 12 months: outside
  o('w05', '2024-03-31', null, 'E01000001'), // period_end, blank hour: Sun unknown
  o('w06', '2024-01-02', 25, 'E01000001'), //  hour out of range: Tue unknown
  o('w07', '2024-01-03', 9, 'E01000003'), //   another LA
  o('w08', '2024-01-03', 9, null), //          no LSOA: no area
  o('w09', '2024-01-03', 9, 'E01000001', false), // not SV
  o('w10', '2024-01-04', 12, 'E01000001'), //  listed twice: counted once (Thu 12)
  o('w10', '2024-01-04', 12, 'E01000001'),
  o('w11', '2023-04-01', 18, 'E01000002'), //  first day of P (Sat 18)
  o('w12', '2024-04-01', 18, 'E01000002'), //  after period_end (Mon 18 when it is the default)
  o('w13', '2024-02-14', 20, 'E01000001', null), // blank SV: not SV
];

const lookup: CraftedRow[] = [
  { lsoa11_code: 'E01000001', lsoa21_code: 'E01000001', change_code: 'U', lad22_code: AREA },
  { lsoa11_code: 'E01000002', lsoa21_code: 'E01099999', change_code: 'X', lad22_code: AREA },
  { lsoa11_code: 'E01000003', lsoa21_code: 'E01000003', change_code: 'U', lad22_code: OTHER },
];

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The 175 expected rows, from a list of [day, hour | null, count] cells (others 0). */
function grid(cells: [string, number | null, number][]): { day_of_week: string; hour: number | null; offences: number }[] {
  const out = [];
  for (const day of DAYS) {
    for (const hour of [...Array.from({ length: 24 }, (_, h) => h), null]) {
      const hit = cells.find(([d, h]) => d === day && h === hour);
      out.push({ day_of_week: day, hour, offences: hit ? hit[2] : 0 });
    }
  }
  return out;
}

/** Independent day name of an ISO date (UTC). */
const dayOf = (iso: string) => DAYS[(new Date(`${iso}T00:00:00Z`).getUTCDay() + 6) % 7]!;

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'time-of-week', params, runId: `tw${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'lsoa_lookup', lookup);
  await craft(tw.ws, 'population', [...flatPopulation(AREA, 2021, 10), ...flatPopulation(OTHER, 2021, 10)]);
});
afterAll(() => tw.dispose());

describe('time-of-week', () => {
  it('the crafted dates fall on the days the comments say', () => {
    expect(['2024-01-01', '2024-01-07', '2024-03-31', '2024-01-02', '2024-01-04', '2023-04-01'].map(dayOf)).toEqual([
      'Mon', 'Sun', 'Sun', 'Tue', 'Thu', 'Sat',
    ]);
  });

  it('every day × hour (and unknown hour) with exact counts for offences in the area and period', async () => {
    const r = await run({ period_end: '2024-03-31', area: AREA });
    expect(r.columns.map((c) => c.name)).toEqual(['day_of_week', 'hour', 'offences']);
    expect(r.rows).toHaveLength(175);
    expect(r.rows).toEqual(
      grid([
        ['Mon', 0, 1],
        ['Sun', 23, 2],
        ['Sun', null, 1],
        ['Tue', null, 1],
        ['Thu', 12, 1],
        ['Sat', 18, 1],
      ]),
    );
  });

  it('another area counts only its own LSOAs', async () => {
    const r = await run({ period_end: '2024-03-31', area: OTHER });
    expect(r.rows).toEqual(grid([['Wed', 9, 1]]));
  });

  it('area is required when population holds several areas, and must be one of them', async () => {
    await expect(run({ period_end: '2024-03-31' })).rejects.toThrow(/area is required/);
    await expect(run({ period_end: '2024-03-31', area: 'E09999999' })).rejects.toThrow(/is not in population.area/);
  });

  it('defaults: the only area in population, the latest offence_date', async () => {
    await craft(tw.ws, 'population', flatPopulation(AREA, 2021, 10));
    const r = await run({});
    expect(r.params).toEqual({ period_end: '2024-04-01', period_months: 12, area: AREA });
    // P = (2023-04-01, 2024-04-01]: w11 leaves, w12 joins (Mon 18)
    expect(r.rows).toEqual(
      grid([
        ['Mon', 0, 1],
        ['Mon', 18, 1],
        ['Sun', 23, 2],
        ['Sun', null, 1],
        ['Tue', null, 1],
        ['Thu', 12, 1],
      ]),
    );
  });
});
