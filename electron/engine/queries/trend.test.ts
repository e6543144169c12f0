import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { binomialTestP } from './statsReference.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * trend on crafted data. period_end 2024-03-31, 12 months: current P = (2023-03-31, 2024-03-31],
 * previous = (2022-03-31, 2023-03-31].
 */
const VAP = 'Violence against the person';
const o = (crime_id: string, offence_date: string, offence_type: string, area: string | null, opts: { sv?: boolean | null; code?: string | null } = {}): CraftedRow => ({
  crime_id, offence_date, offence_group: VAP, offence_type, offence_code: opts.code ?? null,
  serious_violence: opts.sv === undefined ? true : opts.sv, area,
});

const offences: CraftedRow[] = [
  o('t01', '2024-03-31', 'Homicide', 'North', { code: '001' }), // period_end itself: current
  o('t02', '2023-03-31', 'Assault with injury', 'North'), //       period_end − 12m: previous, not current
  o('t03', '2022-03-31', 'GBH', 'South'), //                      period_end − 24m: in neither
  o('t04', '2022-04-01', 'GBH', 'South'), //                      first day of previous
  o('t05', '2024-04-01', 'GBH', 'South'), //                      after period_end
  o('t06', '2023-06-01', 'GBH', null), //                         blank area → Unknown
  o('t07', '2023-07-01', 'GBH', 'South', { sv: false }), //       not serious violence
  o('t08', '2023-08-01', 'GBH', 'South', { sv: null }), //        blank serious_violence → not SV
  o('t09', '2023-09-01', 'GBH', 'South'), //                      listed twice: counted once
  o('t09', '2023-09-01', 'GBH', 'South'),
  o('t10', '2023-09-02', 'GBH', 'South', { code: '005D' }), //    code without a weight row → weight by type
  o('t11', '2023-10-10', 'Robbery of personal property', 'South', { code: '034' }),
  o('t12', '2024-01-30', 'GBH', 'South'), //                      (1-month run) outside previous (2024-01-31, 2024-02-29]
  o('t13', '2024-02-29', 'GBH', 'North'), //                      (1-month run) last day of previous
];

const weights: CraftedRow[] = [
  { offence_code: '001', offence_type: null, weight: 7000, scheme: 'CSS' }, // t01 by code
  { offence_code: null, offence_type: 'Homicide', weight: 1, scheme: ' css ' }, // by type, but code wins
  { offence_code: null, offence_type: 'GBH', weight: 500, scheme: 'CSS' },
  { offence_code: null, offence_type: 'Assault with injury', weight: 100, scheme: 'Css' },
  { offence_code: null, offence_type: 'Robbery of personal property', weight: 50, scheme: 'CCHI' },
  { offence_code: null, offence_type: 'GBH', weight: 9999, scheme: 'CCHI' },
  { offence_code: null, offence_type: 'GBH', weight: 3, scheme: 'GM local 2024' }, // a scheme of the partnership's own
];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;
const run = (params: Record<string, string>) => runQuery(tw.ws, lib, { queryId: 'trend', params, runId: `tr${++seq}` }, runs);

const pctChange = (a: number, b: number): number | null => (b > 0 ? (100 * (a - b)) / b : null);

/** The expected row, computed independently. */
function expected(group: string, current: number, previous: number, harm: [number, number] | null = null): Row {
  return {
    group,
    current,
    previous,
    change_pct: pctChange(current, previous),
    p_value: current + previous > 0 ? binomialTestP(current, previous) : null,
    harm_current: harm ? harm[0] : null,
    harm_previous: harm ? harm[1] : null,
    harm_change_pct: harm ? pctChange(harm[0], harm[1]) : null,
  };
}

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.group, r.current, r.previous])).toEqual(want.map((r) => [r.group, r.current, r.previous]));
  actual.forEach((row, i) => {
    for (const k of ['change_pct', 'p_value', 'harm_current', 'harm_previous', 'harm_change_pct']) {
      const w = want[i]![k];
      if (w === null) expect(row[k], `${String(row.group)} ${k}`).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number)), `${String(row.group)} ${k}`).toBeLessThan(1e-9);
    }
  });
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
});
afterAll(() => tw.dispose());

describe('trend', () => {
  it('counts current and previous periods with exact boundaries (by = none)', async () => {
    const r = await run({ period_end: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual([
      'group', 'current', 'previous', 'change_pct', 'p_value', 'harm_current', 'harm_previous', 'harm_change_pct',
    ]);
    // current: t01 t06 t09 t10 t11 t12 t13; previous: t02 t04
    expectRows(r.rows, [expected('All', 7, 2)]);
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 12, by: 'none', weights: 'none' });
  });

  it('by offence_type: All first, then every type with an offence in either period', async () => {
    const r = await run({ period_end: '2024-03-31', by: 'offence_type' });
    expectRows(r.rows, [
      expected('All', 7, 2),
      expected('Assault with injury', 0, 1),
      expected('GBH', 5, 1),
      expected('Homicide', 1, 0),
      expected('Robbery of personal property', 1, 0),
    ]);
  });

  it('by area: a blank area is the Unknown row, last', async () => {
    const r = await run({ period_end: '2024-03-31', by: 'area' });
    expectRows(r.rows, [expected('All', 7, 2), expected('North', 2, 1), expected('South', 4, 1), expected('Unknown', 1, 0)]);
  });

  it('the previous period is worked out from period_end (clamped once)', async () => {
    // P = (2024-02-29, 2024-03-31]; previous = (2024-01-31, 2024-02-29]: t12 (2024-01-30) is in neither
    const r = await run({ period_end: '2024-03-31', period_months: '1' });
    expectRows(r.rows, [expected('All', 1, 1)]);
  });

  it('zero previous → change null; nothing at all → p_value null too', async () => {
    expectRows((await run({ period_end: '2022-12-31' })).rows, [expected('All', 2, 0)]); // t03, t04
    expect((await run({ period_end: '2022-12-31' })).rows[0]!.p_value).toBeCloseTo(0.5, 12);
    expectRows((await run({ period_end: '2021-12-31', by: 'area' })).rows, [expected('All', 0, 0)]);
  });

  it('defaults period_end to the latest offence_date', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-04-01');
    // P = (2023-04-01, 2024-04-01]: t05 joins, t02 stays previous; previous = (2022-04-01, 2023-04-01]: t04 leaves
    expectRows(r.rows, [expected('All', 8, 1)]);
  });

  it('weights without a harm_weights table is a missing_data error naming it', async () => {
    await expect(run({ period_end: '2024-03-31', weights: 'CSS' })).rejects.toThrow(/trend needs table harm_weights/);
  });

  it('harm weights: by offence_code first, else offence_type; scheme compared ignoring case; unweighted adds 0', async () => {
    await craft(tw.ws, 'harm_weights', weights);
    const css = await run({ period_end: '2024-03-31', weights: 'CSS', by: 'offence_type' });
    // CSS current: t01 7000 (code) + 5 GBH × 500; robbery has no CSS weight → 0. previous: t02 100 + t04 500
    expectRows(css.rows, [
      expected('All', 7, 2, [7000 + 5 * 500, 100 + 500]),
      expected('Assault with injury', 0, 1, [0, 100]),
      expected('GBH', 5, 1, [2500, 500]),
      expected('Homicide', 1, 0, [7000, 0]),
      expected('Robbery of personal property', 1, 0, [0, 0]),
    ]);
    // Any scheme the workspace's harm_weights holds, not only the two the data model names.
    expectRows((await run({ period_end: '2024-03-31', weights: 'gm LOCAL 2024' })).rows, [expected('All', 7, 2, [5 * 3, 3])]);
    const cchi = await run({ period_end: '2024-03-31', weights: 'CCHI' });
    expectRows(cchi.rows, [expected('All', 7, 2, [50 + 5 * 9999, 9999])]);
    // weights = none leaves the harm columns null even with harm_weights present
    expectRows((await run({ period_end: '2024-03-31' })).rows, [expected('All', 7, 2)]);
  });

  it('a scheme with no rows, or two weights for one code, stops the run', async () => {
    await craft(tw.ws, 'harm_weights', weights.filter((w) => w.scheme === 'CSS'));
    await expect(run({ period_end: '2024-03-31', weights: 'CCHI' })).rejects.toThrow(/harm_weights has no row for the scheme CCHI/);
    await craft(tw.ws, 'harm_weights', [...weights, { offence_code: '001', offence_type: null, weight: 6000, scheme: 'CSS' }]);
    await expect(run({ period_end: '2024-03-31', weights: 'CSS' })).rejects.toThrow(/more than one weight for offence_code 001/);
  });
});
