import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/** hotspots on crafted data. period_end 2024-03-31, 12 months: P = (2023-03-31, 2024-03-31]. */
const o = (crime_id: string, offence_date: string, location_name: string | null, beat: string | null, sv: boolean | null = true): CraftedRow => ({
  crime_id, offence_date, location_name, beat, ward: null, lsoa_code: null,
  offence_group: 'Violence against the person', offence_type: 'x', serious_violence: sv,
});

const offences: CraftedRow[] = [
  o('h01', '2023-04-01', 'Square A', 'B1'), //    first day of P
  o('h02', '2023-05-01', 'Square A', 'B1'), //    listed twice: counted once
  o('h02', '2023-05-01', 'Square A', 'B1'),
  o('h03', '2023-06-01', ' Square A ', 'B1'), //  spaces trimmed: same place
  o('h04', '2023-07-01', 'Square A', 'B1'),
  o('h05', '2023-08-01', 'Park B', 'B1'),
  o('h06', '2024-03-31', 'Park B', 'B1'), //      period_end itself
  o('h07', '2023-09-01', 'Prison C', 'B2'),
  o('h08', '2023-10-01', 'Prison C', 'B2'),
  o('h09', '2023-11-01', 'Street D', 'B1'),
  o('h10', '2023-12-01', 'Street E', 'B1'),
  o('h11', '2024-01-01', null, 'B1'), //          blank place → Unknown
  o('h12', '2024-02-01', '   ', 'B1'), //         all spaces → Unknown
  o('h13', '2023-03-31', 'Square A', 'B1'), //    period_end − 12 months: outside
  o('h14', '2024-04-01', 'Park B', 'B1'), //      after period_end
  o('h15', '2024-01-15', 'Square A', 'B1', false), // not SV
  o('h16', '2024-01-15', 'Square A', 'B1', null), //  blank SV: not SV
];
const TOTAL = 12;

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'hotspots', params, runId: `hs${++seq}` }, runs);

const row = (place: string, offences: number, rank: number | null, total = TOTAL): Row => ({
  place,
  offences,
  pct: total > 0 ? (100 * offences) / total : null,
  rank,
});

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.place, r.offences, r.rank])).toEqual(want.map((r) => [r.place, r.offences, r.rank]));
  actual.forEach((r, i) => {
    const w = want[i]!.pct;
    if (w === null) expect(r.pct).toBeNull();
    else expect(Math.abs((r.pct as number) - (w as number))).toBeLessThan(1e-9);
  });
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
});
afterAll(() => tw.dispose());

describe('hotspots', () => {
  it('ranks places with RANK(), pct over every SV offence in P, Unknown last and unranked', async () => {
    const r = await run({ period_end: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual(['place', 'offences', 'pct', 'rank']);
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 12, level: 'location_name', top: 20 });
    expectRows(r.rows, [
      row('Square A', 4, 1),
      row('Park B', 2, 2),
      row('Prison C', 2, 2),
      row('Street D', 1, 4),
      row('Street E', 1, 4),
      row('Unknown', 2, null),
    ]);
  });

  it('top keeps every place with rank ≤ top (ties kept, skipped ranks respected)', async () => {
    const two = [row('Square A', 4, 1), row('Park B', 2, 2), row('Prison C', 2, 2), row('Unknown', 2, null)];
    expectRows((await run({ period_end: '2024-03-31', top: '2' })).rows, two);
    expectRows((await run({ period_end: '2024-03-31', top: '3' })).rows, two);
    expectRows((await run({ period_end: '2024-03-31', top: '1' })).rows, [row('Square A', 4, 1), row('Unknown', 2, null)]);
  });

  it('level chooses the column; a level with no values is all Unknown', async () => {
    expectRows((await run({ period_end: '2024-03-31', level: 'beat' })).rows, [row('B1', 10, 1), row('B2', 2, 2), row('Unknown', 0, null)]);
    expectRows((await run({ period_end: '2024-03-31', level: 'ward' })).rows, [row('Unknown', 12, null)]);
  });

  it('defaults period_end to the latest offence_date', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-04-01');
    // P = (2023-04-01, 2024-04-01]: h01 leaves, h14 joins → Square A 3, Park B 3
    expectRows(r.rows, [
      row('Park B', 3, 1),
      row('Square A', 3, 1),
      row('Prison C', 2, 3),
      row('Street D', 1, 4),
      row('Street E', 1, 4),
      row('Unknown', 2, null),
    ]);
  });

  it('an empty period lists only Unknown with 0 and a null pct', async () => {
    expectRows((await run({ period_end: '2020-01-31' })).rows, [row('Unknown', 0, null, 0)]);
  });
});
