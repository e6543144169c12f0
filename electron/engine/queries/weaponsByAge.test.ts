import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { wilson } from './statsReference.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * weapons-by-age on crafted data. Period P = (2023-03-31, 2024-03-31].
 */
const o = (crime_id: string, offence_date: string, weapon: string | null, serious_violence: boolean | null, domestic: boolean | null): CraftedRow => ({
  crime_id, offence_date, offence_group: 'Violence against the person', offence_type: 'x', serious_violence, domestic, weapon,
});

const offences = [
  o('o01', '2023-03-31', 'knife', true, true), //   on the day P starts after → outside (victim 16)
  o('o02', '2023-04-01', 'knife', true, false), //  first day of P; victim 17 + suspect 18 → both age groups
  o('o03', '2024-03-31', 'knife', true, true), //   on period_end → inside; suspect 25 → 18-25; Domestic
  o('o04', '2023-05-01', null, true, null), //      weapon blank → in the denominator; victim 26; domestic blank → All only
  o('o05', '2023-06-01', 'firearm', true, true), // suspect 10 → under 18, not knife; Domestic
  o('o06', '2023-07-01', 'knife', true, false), //  everyone's age blank → All only
  o('o07', '2023-08-01', 'knife', false, false), // not serious violence → not counted (victim 15)
  o('o08', '2023-08-02', 'knife', null, false), //  serious_violence blank → not counted (victim 15)
  o('o09', '2024-04-01', 'knife', true, null), //   the day after period_end → outside (victim 20)
  o('o10', '2023-09-01', 'none', true, false), //   a victim row without person_id, age 12 → under 18
  o('o11', '2023-10-01', 'knife', true, true), //   two victims aged 16 → counted once; Domestic
  o('o12', '2023-11-01', 'knife', true, false), //  victim 26, suspect -1 (not an age) → All only
  o('o13', '2023-12-01', 'bottle_glass', true, false), // no victims or suspects at all → All only
];
const victims: CraftedRow[] = [
  { crime_id: 'o01', person_id: 'p1', age: 16 },
  { crime_id: 'o02', person_id: 'p2', age: 17 },
  { crime_id: 'o04', person_id: 'p4', age: 26 },
  { crime_id: 'o06', person_id: 'p6', age: null },
  { crime_id: 'o07', person_id: 'p7', age: 15 },
  { crime_id: 'o08', person_id: 'p8', age: 15 },
  { crime_id: 'o09', person_id: 'p9', age: 20 },
  { crime_id: 'o10', person_id: null, age: 12 },
  { crime_id: 'o11', person_id: 'pa', age: 16 },
  { crime_id: 'o11', person_id: 'pb', age: 16 },
  { crime_id: 'o12', person_id: 'pc', age: 26 },
];
const suspects: CraftedRow[] = [
  { crime_id: 'o02', person_id: 's2', age: 18 },
  { crime_id: 'o03', person_id: 's3', age: 25 },
  { crime_id: 'o05', person_id: 's5', age: 10 },
  { crime_id: 'o06', person_id: 's6', age: null },
  { crime_id: 'o12', person_id: 'sc', age: -1 },
];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'weapons-by-age', params, runId: `wa${++seq}` }, runs);
}

const GROUPS = ['All', 'Victim or suspect under 18', 'Victim or suspect 18-25', 'Domestic'];

function expected(counts: [number, number][]): Row[] {
  return counts.map(([n, k], i) => {
    const [lo, hi] = n > 0 ? wilson(k, n) : [null, null];
    return {
      group: GROUPS[i]!,
      offences: n,
      knife_offences: k,
      pct: n > 0 ? (100 * k) / n : null,
      ci_low: lo === null ? null : 100 * lo,
      ci_high: hi === null ? null : 100 * hi,
    };
  });
}

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.group, r.offences, r.knife_offences])).toEqual(want.map((r) => [r.group, r.offences, r.knife_offences]));
  actual.forEach((row, i) => {
    for (const k of ['pct', 'ci_low', 'ci_high']) {
      const w = want[i]![k];
      if (w === null) expect(row[k]).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number))).toBeLessThan(1e-9);
    }
  });
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'victims', victims);
  await craft(tw.ws, 'suspects', suspects);
});
afterAll(() => tw.dispose());

describe('weapons-by-age', () => {
  it('counts every edge of the definition exactly', async () => {
    const r = await run({ period_end: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual(['group', 'offences', 'knife_offences', 'pct', 'ci_low', 'ci_high']);
    // All: o02 o03 o04 o05 o06 o10 o11 o12 o13 (9), knife o02 o03 o06 o11 o12 (5)
    // under 18: o02 o05 o10 o11 (4), knife o02 o11 (2); 18-25: o02 o03 (2), knife 2
    // Domestic: o03 o05 o11 (3), knife o03 o11 (2)
    expectRows(r.rows, expected([[9, 5], [4, 2], [2, 2], [3, 2]]));
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 12 });
  });

  it('defaults period_end to the latest offence_date: o02 leaves, o09 joins', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-04-01');
    // All: o03 o04 o05 o06 o09 o10 o11 o12 o13 (9), knife o03 o06 o09 o11 o12 (5)
    // under 18: o05 o10 o11 (3), knife 1; 18-25: o03 o09 (2), knife 2; Domestic: o03 o05 o11, knife 2
    expectRows(r.rows, expected([[9, 5], [3, 1], [2, 2], [3, 2]]));
  });

  it('lists a group with no offences with zeros and null percentages', async () => {
    // P = (2024-02-29, 2024-03-31]: only o03
    const r = await run({ period_end: '2024-03-31', period_months: '1' });
    expectRows(r.rows, expected([[1, 1], [0, 0], [1, 1], [1, 1]]));
    expect(r.rows[1]).toEqual({ group: 'Victim or suspect under 18', offences: 0, knife_offences: 0, pct: null, ci_low: null, ci_high: null });
  });

  it('lists every group with zeros when nothing is in the period', async () => {
    const r = await run({ period_end: '2020-06-30', period_months: '6' });
    expectRows(r.rows, expected([[0, 0], [0, 0], [0, 0], [0, 0]]));
  });
});
