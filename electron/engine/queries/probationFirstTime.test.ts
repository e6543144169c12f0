import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * probation-first-time on crafted data: one person per edge case of the definition.
 * Snapshots 2023-03-31 and 2023-06-30 (the latest).
 */
const JUNE = '2023-06-30';
const MARCH = '2023-03-31';
const p = (
  person_id: string | null,
  snapshot_date: string,
  age: number | null,
  sex: string | null,
  serious_violence: boolean | null,
  first_time: boolean | null,
): CraftedRow => ({ person_id, snapshot_date, age, sex, serious_violence, first_time, offence_type: 'x', order_type: 'order' });

const caseload = [
  p('P01', JUNE, 18, 'M', true, true), //    M 18-21 (lower bound), first time
  p('P02', JUNE, 21, 'M', true, false), //   M 18-21 (upper bound), not
  p('P03', JUNE, 22, 'M', true, null), //    M 22-25, first_time blank = no
  p('P04', JUNE, 17, 'M', true, true), //    under 18 → out
  p('P05', JUNE, 25, 'F', true, true), //    F 22-25, first time
  p('P06', JUNE, 26, 'F', true, false), //   F 26-35: its serious-violence order is not a first …
  p('P06', JUNE, 26, 'F', false, true), //   … but another order at the snapshot is → first time
  p('P07', JUNE, 35, 'X', true, true), //    sex X → out
  p('P08', JUNE, null, 'M', true, true), //  age blank → out
  p('P09', JUNE, 36, 'M', true, true), //    M 36+ (lower bound), first time
  p('P10', JUNE, 40, 'F', false, true), //   not serious violence → out
  p('P11', JUNE, 50, 'M', null, true), //    serious_violence blank → out
  p('P12', JUNE, 31, 'M', true, true), //    two serious-violence rows disagreeing on age:
  p('P12', JUNE, 30, 'M', true, false), //   the smallest age (30) → M 26-35 once, first time (any)
  p('P13', MARCH, 20, 'F', true, true), //   only at the earlier snapshot
  p('P14', JUNE, 40, null, true, true), //   sex blank → out
  p('P15', JUNE, 35, 'M', true, false), //   M 26-35 (upper bound), not
  p(null, JUNE, 20, 'M', true, true), //     no person_id → nobody
  p('P16', MARCH, 40, 'M', true, true), //   earlier snapshot: M 36+, first time …
  p('P16', JUNE, 41, 'M', false, false), //  … at the latest one not on a serious-violence order → out
];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'probation-first-time', params, runId: `pft${++seq}` }, runs);
}

type Cell = [persons: number, firstTime: number];
const BANDS = ['18-21', '22-25', '26-35', '36+'];

/** The eight rows, M then F, from [persons, first_time] per band. */
function expected(m: Cell[], f: Cell[]) {
  return [
    ...m.map(([n, k], i) => ({ sex: 'M', age_band: BANDS[i], persons: n, first_time: k, pct: n > 0 ? (100 * k) / n : null })),
    ...f.map(([n, k], i) => ({ sex: 'F', age_band: BANDS[i], persons: n, first_time: k, pct: n > 0 ? (100 * k) / n : null })),
  ];
}

function expectRows(actual: Record<string, unknown>[], want: ReturnType<typeof expected>): void {
  expect(actual.map((r) => [r.sex, r.age_band, r.persons, r.first_time])).toEqual(want.map((r) => [r.sex, r.age_band, r.persons, r.first_time]));
  actual.forEach((row, i) => {
    const w = want[i]!.pct;
    if (w === null) expect(row.pct).toBeNull();
    else expect(Math.abs((row.pct as number) - w)).toBeLessThan(1e-9);
  });
}

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'probation_caseload', caseload);
});
afterAll(() => tw.dispose());

describe('probation-first-time', () => {
  it('counts every edge of the definition at the latest snapshot (the default)', async () => {
    const r = await run({});
    expect(r.params).toEqual({ snapshot_date: JUNE });
    expect(r.columns.map((c) => c.name)).toEqual(['sex', 'age_band', 'persons', 'first_time', 'pct']);
    // M: 18-21 P01 P02; 22-25 P03; 26-35 P12 P15; 36+ P09. F: 22-25 P05; 26-35 P06
    expectRows(
      r.rows,
      expected(
        [[2, 1], [1, 0], [2, 1], [1, 1]],
        [[0, 0], [1, 1], [1, 1], [0, 0]],
      ),
    );
    expect(r.rows[4]).toEqual({ sex: 'F', age_band: '18-21', persons: 0, first_time: 0, pct: null });
  });

  it('counts only the rows at the chosen snapshot', async () => {
    const r = await run({ snapshot_date: MARCH });
    expectRows(
      r.rows,
      expected(
        [[0, 0], [0, 0], [0, 0], [1, 1]],
        [[1, 1], [0, 0], [0, 0], [0, 0]],
      ),
    );
  });

  it('refuses a date that is not a snapshot in the data', async () => {
    await expect(run({ snapshot_date: '2023-05-31' })).rejects.toThrow(EngineError);
    await expect(run({ snapshot_date: '2023-05-31' })).rejects.toThrow(/snapshot_date '2023-05-31' is not in probation_caseload.snapshot_date/);
  });
});
