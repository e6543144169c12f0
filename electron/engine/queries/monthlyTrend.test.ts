import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/** monthly-trend on crafted data: the earliest offence (any) is in 2023-02, so rolling_12 exists from 2024-01. */
const o = (crime_id: string, offence_date: string, sv: boolean | null): CraftedRow => ({
  crime_id, offence_date, offence_group: 'Violence against the person', offence_type: 'x', serious_violence: sv,
});

const offences: CraftedRow[] = [
  o('m0', '2023-02-10', false), // earliest data (not SV): the data start month is 2023-02
  o('m1', '2023-03-31', true), //  in 2024-01's and 2024-02's rolling 12, not 2024-03's
  o('m2', '2023-04-01', true), //  in every rolling 12 up to 2024-03
  o('m3', '2024-01-01', true),
  o('m4', '2024-01-31', true), //  listed twice: counted once
  o('m4', '2024-01-31', true),
  o('m5', '2024-02-29', true),
  o('m6', '2024-03-15', true), //  on period_end: counted
  o('m7', '2024-03-16', true), //  after period_end: not counted (unless period_end is later)
  o('m8', '2024-02-10', null), //  blank serious_violence: not SV
  o('m9', '2023-12-25', false), // not SV
];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'monthly-trend', params, runId: `mt${++seq}` }, runs);

/** Independent computation: months as (year, month) counters over distinct SV crimes ≤ periodEnd. */
function expectedRows(periodEnd: string, months: number): { month: string; offences: number; rolling_12: number | null }[] {
  const seen = new Set<string>();
  const sv: string[] = [];
  for (const r of offences) {
    if (r.serious_violence !== true || seen.has(String(r.crime_id))) continue;
    seen.add(String(r.crime_id));
    if (String(r.offence_date) <= periodEnd) sv.push(String(r.offence_date).slice(0, 7));
  }
  const dataFrom = offences.map((r) => String(r.offence_date).slice(0, 7)).sort()[0]!;
  const index = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7)) - 1;
  const label = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  const last = index(periodEnd.slice(0, 7));
  const out = [];
  for (let m = last - months + 1; m <= last; m++) {
    const count = (i: number) => sv.filter((s) => index(s) === i).length;
    let rolling = 0;
    for (let k = m - 11; k <= m; k++) rolling += count(k);
    out.push({ month: label(m), offences: count(m), rolling_12: m - 11 >= index(dataFrom) ? rolling : null });
  }
  return out;
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
});
afterAll(() => tw.dispose());

describe('monthly-trend', () => {
  it('counts each month up to period_end and the rolling 12 months using data before the window', async () => {
    const r = await run({ period_end: '2024-03-15', months: '3' });
    expect(r.columns.map((c) => c.name)).toEqual(['month', 'offences', 'rolling_12']);
    expect(r.rows).toEqual([
      { month: '2024-01', offences: 2, rolling_12: 4 }, // 2023-02..2024-01: m1 m2 m3 m4
      { month: '2024-02', offences: 1, rolling_12: 5 }, // 2023-03..2024-02: m1 m2 m3 m4 m5
      { month: '2024-03', offences: 1, rolling_12: 5 }, // 2023-04..2024-03: m2 m3 m4 m5 m6 (m7 after period_end)
    ]);
    expect(r.rows).toEqual(expectedRows('2024-03-15', 3));
  });

  it('lists every month with zeros; rolling_12 is null where it reaches before the data', async () => {
    const r = await run({ period_end: '2024-03-15', months: '15' });
    expect(r.rows.map((x) => x.month)).toEqual([
      '2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09',
      '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03',
    ]);
    expect(r.rows.map((x) => x.offences)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 1]);
    expect(r.rows.map((x) => x.rolling_12)).toEqual([...Array<null>(12).fill(null), 4, 5, 5]);
    expect(r.rows).toEqual(expectedRows('2024-03-15', 15));
  });

  it('defaults: 36 months ending with the latest offence_date month', async () => {
    const r = await run({});
    expect(r.params).toEqual({ period_end: '2024-03-16', months: 36 });
    expect(r.rows).toHaveLength(36);
    expect(r.rows[0]!.month).toBe('2021-04');
    expect(r.rows.at(-1)).toEqual({ month: '2024-03', offences: 2, rolling_12: 6 });
    expect(r.rows).toEqual(expectedRows('2024-03-16', 36));
  });

  it('a window before any data: all zeros, rolling null', async () => {
    const r = await run({ period_end: '2020-06-30', months: '2' });
    expect(r.rows).toEqual([
      { month: '2020-05', offences: 0, rolling_12: null },
      { month: '2020-06', offences: 0, rolling_12: null },
    ]);
  });
});
