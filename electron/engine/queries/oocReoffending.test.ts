import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { wilson } from './statsReference.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * ooc-reoffending on crafted data: one child per edge case of the definition.
 * Main window [2023-04-01, 2024-03-31], follow-up 12 months after each child's first closure C.
 */
const d = (
  disposal_id: string,
  child_id: string | null,
  tier: string,
  end_date: string | null,
  completed: boolean | null,
): CraftedRow => ({ disposal_id, child_id, disposal_type: 'x', tier, start_date: '2022-01-01', end_date, completed });
const OOC = 'out_of_court';

const disposals = [
  d('a1', 'A', OOC, '2023-04-01', true), //    A: first day of the window → in; Successfully completed
  d('b1', 'B', OOC, '2024-03-31', false), //   B: last day of the window → in; Not completed
  d('c1', 'C', OOC, '2023-03-31', true), //    C: the day before closed_from → out (in with closed_to alone: 12 months before)
  d('c2', 'C', OOC, '2024-04-01', false), //   C: the day after closed_to → out
  d('d1', 'D', OOC, '2023-06-10', false), //   D: first closure in the window → Not completed
  d('d2', 'D', OOC, '2023-09-01', true), //    D: a later closure does not restart the follow-up
  d('e2', 'E', OOC, '2023-05-05', true), //    E: same end_date, larger disposal_id
  d('e1', 'E', OOC, '2023-05-05', false), //   E: smallest disposal_id is first → Not completed
  d('f1', 'F', OOC, '2023-10-10', null), //    F: completed blank → All only
  d('g1', 'G', 'court', '2023-07-07', true), // G: court tier → never in the cohort
  d('h1', 'H', OOC, null, true), //            H: still open (no end_date) → not closed
  d('i1', 'I', OOC, '2023-11-30', true), //    I: C + 3 months clamps to 2024-02-29
  d('j1', 'J', OOC, '2023-12-15', true), //    J: first reoffence exactly C + 6 months
  d('k1', 'K', OOC, '2023-12-15', false), //   K: first reoffence one day after C + 6 months
  d('l1', 'L', OOC, '2023-05-01', true), //    L: offences only before C and after C + 12 months
  d('m1', null, OOC, '2023-06-01', true), //   a disposal without child_id → nobody
  d('n1', 'N', OOC, '2024-02-29', false), //   N: C + 12 months clamps to 2025-02-28
  d('z1', 'Z', OOC, '2024-06-30', true), //    Z: only in the default window (its last day)
];

const offences: CraftedRow[] = (
  [
  ['A', '2023-04-01'], // on C itself: not a reoffence
  ['A', '2023-07-01'], // C + 3 months exactly → within_3m
  ['B', '2025-03-31'], // C + 12 months exactly → reoffended, neither 3m column
  ['C', '2023-05-01'],
  ['D', '2023-08-01'], // after d1 (C), before d2 → within_3m
  ['E', '2023-08-06'], // C + 3 months + 1 day → within_3_6m
  ['G', '2023-08-01'],
  ['H', '2023-08-01'],
  ['I', '2024-02-29'], // C + 3 months (clamped) → within_3m
  ['I', '2024-03-15'],
  ['J', '2024-06-15'], // C + 6 months exactly → within_3_6m
  ['K', '2024-06-16'], // after C + 6 months → reoffended only
  ['K', '2024-12-01'],
  ['L', '2023-04-20'], // before C
  ['L', '2024-05-02'], // C + 12 months + 1 day → outside the follow-up
  ['N', '2025-02-28'], // C + 12 months (clamped) → reoffended
  [null, '2023-06-02'], // no child_id → nobody's
  ['Z', '2025-06-30'], // latest offence date: default closed_to = 2024-06-30; C + 12 months for Z
  ] as [string | null, string][]
).map(([child_id, offence_date]) => ({ child_id, offence_date, offence_group: 'Violence against the person', serious_violence: false }));

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'ooc-reoffending', params, runId: `ooc${++seq}` }, runs);
}

function expected(group: string, children: number, reoffended: number, within3: number, within36: number): Row {
  const [lo, hi] = children > 0 ? wilson(reoffended, children) : [null, null];
  return {
    group,
    children,
    reoffended,
    pct: children > 0 ? (100 * reoffended) / children : null,
    ci_low: lo === null ? null : 100 * lo,
    ci_high: hi === null ? null : 100 * hi,
    within_3m: within3,
    within_3_6m: within36,
  };
}

const COUNTS = ['group', 'children', 'reoffended', 'within_3m', 'within_3_6m'];

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => COUNTS.map((k) => r[k]))).toEqual(want.map((r) => COUNTS.map((k) => r[k])));
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
  await craft(tw.ws, 'yj_disposals', disposals);
  await craft(tw.ws, 'yj_offences', offences);
});
afterAll(() => tw.dispose());

describe('ooc-reoffending', () => {
  it('counts every edge of the definition exactly (12-month follow-up)', async () => {
    const r = await run({ closed_from: '2023-04-01', closed_to: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual(['group', 'children', 'reoffended', 'pct', 'ci_low', 'ci_high', 'within_3m', 'within_3_6m']);
    // cohort A B D E F I J K L N; reoffended A B D E I J K N; within 3m A D I; 3-6m E J
    // Successfully completed A I J L; Not completed B D E K N; F (blank) in All only
    expectRows(r.rows, [
      expected('All', 10, 8, 3, 2),
      expected('Successfully completed', 4, 3, 2, 1),
      expected('Not completed', 5, 5, 1, 1),
    ]);
    expect(r.params).toEqual({ closed_from: '2023-04-01', closed_to: '2024-03-31', follow_up_months: 12 });
  });

  it('a 3-month follow-up keeps only reoffences in (C, C + 3 months]', async () => {
    // A (C + 3m exactly), D, I (clamped C + 3m); E is one day late
    const r = await run({ closed_from: '2023-04-01', closed_to: '2024-03-31', follow_up_months: '3' });
    expectRows(r.rows, [
      expected('All', 10, 3, 3, 0),
      expected('Successfully completed', 4, 2, 2, 0),
      expected('Not completed', 5, 1, 1, 0),
    ]);
  });

  it('defaults: closed_to = latest offence − follow_up_months, closed_from = 12 months before', async () => {
    // latest yj offence 2025-06-30 → window [2023-06-30, 2024-06-30]: A, E, L leave (closed before);
    // D now starts at d2 (2023-09-01, completed) and has no offence after it; C joins with c2
    // (2024-04-01, not completed, no offence after it); Z joins on the last day
    const r = await run({});
    expect(r.params).toEqual({ closed_from: '2023-06-30', closed_to: '2024-06-30', follow_up_months: 12 });
    // cohort B C D F I J K N Z; reoffended B I J K N Z; within 3m I; 3-6m J
    expectRows(r.rows, [
      expected('All', 9, 6, 1, 1),
      expected('Successfully completed', 4, 3, 1, 1),
      expected('Not completed', 4, 3, 0, 0),
    ]);
  });

  it('the default closed_to follows follow_up_months', async () => {
    // follow-up 24 → closed_to 2023-06-30, closed_from 2022-06-30: A, C (c1), D (d1), E, L
    // A: 2023-07-01 (3m); C: 2023-05-01 (1m); D: 3m; E: 3-6m; L: 2024-05-02 within 24 months
    const r = await run({ follow_up_months: '24' });
    expect(r.params).toEqual({ closed_from: '2022-06-30', closed_to: '2023-06-30', follow_up_months: 24 });
    expectRows(r.rows, [
      expected('All', 5, 5, 3, 1),
      expected('Successfully completed', 3, 3, 2, 0),
      expected('Not completed', 2, 2, 1, 1),
    ]);
  });

  it('closed_to alone: closed_from is 12 months before it, both days included', async () => {
    // window [2023-03-31, 2024-03-31]: C (c1, 2023-03-31, completed) joins and reoffends in 1 month
    const r = await run({ closed_to: '2024-03-31' });
    expect(r.params).toMatchObject({ closed_from: '2023-03-31', closed_to: '2024-03-31' });
    expectRows(r.rows, [
      expected('All', 11, 9, 4, 2),
      expected('Successfully completed', 5, 4, 3, 1),
      expected('Not completed', 5, 5, 1, 1),
    ]);
  });

  it('lists every group with zeros and null percentages when no disposal closed in the window', async () => {
    const r = await run({ closed_from: '2020-01-01', closed_to: '2020-12-31' });
    expect(r.rows).toEqual([
      { group: 'All', children: 0, reoffended: 0, pct: null, ci_low: null, ci_high: null, within_3m: 0, within_3_6m: 0 },
      { group: 'Successfully completed', children: 0, reoffended: 0, pct: null, ci_low: null, ci_high: null, within_3m: 0, within_3_6m: 0 },
      { group: 'Not completed', children: 0, reoffended: 0, pct: null, ci_low: null, ci_high: null, within_3m: 0, within_3_6m: 0 },
    ]);
  });
});
