import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { wilson } from './statsReference.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * repeat-offending on crafted data: one person per edge case of the definition.
 * Period P = (2023-03-31, 2024-03-31]; look-back 24 months before each first event F.
 */
const VAP = 'Violence against the person';
const o = (crime_id: string, offence_date: string, offence_hour: number | null, offence_group: string | null, serious_violence: boolean | null): CraftedRow => ({
  crime_id, offence_date, offence_hour, offence_group, offence_type: 'x', serious_violence,
});

const offences = [
  o('a0', '2022-03-31', null, 'Theft offences', false), // A: F − 24 months exactly → Any only
  o('a1', '2024-03-31', 23, VAP, true), //               A: first in P, on period_end itself
  o('b0', '2022-02-28', null, VAP, false), //            B: F − 24 months, clamped (2024-02-29) → Any + Violence
  o('b1', '2024-02-29', 1, VAP, true), //
  o('c0', '2022-02-27', null, VAP, true), //             C: one day before the look-back → nothing (all three with 25 months)
  o('c1', '2024-02-29', 1, VAP, true), //
  o('d0', '2023-06-15', 2, VAP, true), //                D: same day as F, earlier hour → never prior
  o('d1', '2023-06-15', 10, VAP, true), //
  o('e0', '2021-08-01', null, 'Robbery', true), //       E: SV robbery exactly 24 months before → all three
  o('e1', '2023-08-01', null, VAP, true), //             E: same date as e2 (blank hour last): F is that date either way
  o('e2', '2023-08-01', 23, VAP, true), //
  o('f0', '2023-01-15', null, VAP, true), //             F: SV before P → all three
  o('f1', '2023-05-01', null, VAP, true), //
  o('g0', '2023-01-01', null, VAP, true), //             G: was a VICTIM of g0, not a suspect → nothing
  o('g1', '2023-10-01', null, VAP, true), //
  o('h0', '2023-12-01', null, 'Robbery', false), //      H: robbery, not SV → Any only
  o('h1', '2024-01-15', null, VAP, true), //
  o('i0', '2023-03-31', null, VAP, true), //             I: on the day P starts after: outside P, in the look-back
  o('i1', '2023-04-01', null, VAP, true), //             I: first day of P → all three
  o('k1', '2024-04-01', null, VAP, true), //             K: the day after period_end → not in the cohort
  o('l1', '2023-07-01', null, VAP, true), //             a suspect row without person_id → nobody
  o('m1', '2023-03-31', null, VAP, true), //             M: only SV on the day P starts after → not in the cohort
  o('n1', '2023-05-01', null, VAP, true), //             N: first event has nothing before it
  o('n2', '2023-09-01', null, VAP, true), //             N: a later event's priors do not matter
  o('q0', '2023-01-01', null, VAP, null), //             Q: VAP with SV blank → Any + Violence, not SV
  o('q1', '2023-11-11', null, VAP, true), //
  o('r1', '2023-11-11', null, VAP, null), //             R: SV blank → not serious violence → not in the cohort
  o('s1', '2023-12-12', null, VAP, true), //             S: also a suspect on crime 'zz', which is not in offences → nothing
  o('t0', '2023-02-01', null, null, false), //           T: blank offence_group → Any only
  o('t1', '2023-07-07', null, VAP, true), //
];
const suspects: CraftedRow[] = [
  ...offences
    .filter((r) => r.crime_id !== 'g0')
    .map((r) => {
      const crime = String(r.crime_id);
      return { crime_id: crime, person_id: crime.startsWith('l') ? null : crime[0]!.toUpperCase(), age: 30 };
    }),
  { crime_id: 'zz', person_id: 'S' },
  { crime_id: 'g0', person_id: 'Z' }, // someone else is the suspect of g0
];
const victims: CraftedRow[] = [{ crime_id: 'g0', person_id: 'G' }];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'repeat-offending', params, runId: `ro${++seq}` }, runs);
}

function expected(measure: string, suspects: number, withPrior: number): Row {
  const [lo, hi] = suspects > 0 ? wilson(withPrior, suspects) : [null, null];
  return {
    measure,
    suspects,
    with_prior: withPrior,
    pct: suspects > 0 ? (100 * withPrior) / suspects : null,
    ci_low: lo === null ? null : 100 * lo,
    ci_high: hi === null ? null : 100 * hi,
  };
}

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.measure, r.suspects, r.with_prior])).toEqual(want.map((r) => [r.measure, r.suspects, r.with_prior]));
  actual.forEach((row, i) => {
    for (const k of ['pct', 'ci_low', 'ci_high']) {
      const w = want[i]![k];
      if (w === null) expect(row[k]).toBeNull();
      else expect(Math.abs((row[k] as number) - (w as number))).toBeLessThan(1e-9);
    }
  });
}

const three = (n: number, any: number, violence: number, serious: number) => [
  expected('Any offence', n, any),
  expected('Violence', n, violence),
  expected('Serious violence', n, serious),
];

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'suspects', suspects);
  await craft(tw.ws, 'victims', victims);
});
afterAll(() => tw.dispose());

describe('repeat-offending', () => {
  it('counts every edge of the definition exactly (24-month look-back)', async () => {
    const r = await run({ period_end: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual(['measure', 'suspects', 'with_prior', 'pct', 'ci_low', 'ci_high']);
    // cohort A B C D E F G H I N Q S T (13)
    // Any: A B E F H I Q T; Violence: B E F I Q; Serious violence: E F I
    expectRows(r.rows, three(13, 8, 5, 3));
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 12, lookback_months: 24 });
  });

  it('a 25-month look-back reaches C (one day too early before)', async () => {
    const r = await run({ period_end: '2024-03-31', lookback_months: '25' });
    expectRows(r.rows, three(13, 9, 6, 4));
  });

  it('a 12-month look-back drops A, B and E (exactly 24 months back)', async () => {
    const r = await run({ period_end: '2024-03-31', lookback_months: '12' });
    // Any: F H I Q T; Violence: F I Q; Serious violence: F I
    expectRows(r.rows, three(13, 5, 3, 2));
  });

  it('defaults period_end to the latest offence_date and reports it', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-04-01');
    // P = (2023-04-01, 2024-04-01]: I leaves (first day of the old P), K joins with nothing before
    expectRows(r.rows, three(13, 7, 4, 2));
  });

  it('lists every measure with zeros and null percentages when nobody is in the period', async () => {
    const r = await run({ period_end: '2020-06-30', period_months: '6' });
    expectRows(r.rows, three(0, 0, 0, 0));
    expect(r.rows[0]).toEqual({ measure: 'Any offence', suspects: 0, with_prior: 0, pct: null, ci_low: null, ci_high: null });
  });

  it('a short period: only events in (period_end − months, period_end]', async () => {
    // P = (2024-01-31, 2024-03-31]: A (Any), B (Any, Violence), C (nothing)
    const r = await run({ period_end: '2024-03-31', period_months: '2' });
    expectRows(r.rows, three(3, 2, 1, 0));
  });
});
