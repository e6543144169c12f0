import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../contract/index.js';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { wilson } from './statsReference.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * repeat-victimisation on crafted data: one person per edge case of the definition.
 * Period P = (2023-03-31, 2024-03-31]; look-back 12 months before each first event F.
 */
const VAP = 'Violence against the person';
const o = (crime_id: string, offence_date: string, offence_hour: number | null, offence_group: string, serious_violence: boolean, domestic: boolean | null): CraftedRow => ({
  crime_id, offence_date, offence_hour, offence_group, offence_type: 'x', serious_violence, domestic,
});

const offences = [
  o('a0', '2023-03-31', 12, VAP, true, false), // A: SV on the day P starts after: outside P, but in A's look-back (F − 12m exactly)
  o('a1', '2024-03-31', 23, VAP, true, true), //  A: first in P, on period_end itself → Domestic, repeat
  o('b0', '2023-02-28', null, VAP, false, null), // B: violence on F − 12 months, clamped (2024-02-29 − 12m) → counts
  o('b1', '2024-02-29', 1, VAP, true, false), //   B: Non-domestic, repeat
  o('c0', '2023-02-27', null, VAP, false, null), // C: one day before the look-back starts → does not count
  o('c1', '2024-02-29', 1, VAP, true, false), //   C: Non-domestic, not repeat (repeat with a 24-month look-back)
  o('d0', '2023-06-15', 2, VAP, false, false), //  D: same day as F, earlier hour → never prior
  o('d1', '2023-06-15', 10, VAP, true, true), //   D: Domestic, not repeat
  o('e1', '2023-08-01', null, VAP, true, true), // E: same date, blank hour → after e2
  o('e2', '2023-08-01', 23, VAP, true, false), //  E: first (hour 23 beats blank) → Non-domestic
  o('f2', '2023-09-09', 5, VAP, true, false), //   F: same date and hour: smallest crime_id (f1) is first
  o('f1', '2023-09-09', 5, VAP, true, true), //    F: → Domestic
  o('g0', '2023-10-01', null, VAP, false, null), // G: prior violence
  o('g1', '2024-01-01', null, VAP, true, null), //  G: domestic blank → All only; repeat
  o('h0', '2023-12-01', 3, 'Robbery', false, null), // H: prior robbery, not SV: not violence
  o('h1', '2024-01-15', 3, VAP, true, false), //    H: Non-domestic, not repeat
  o('i0', '2022-11-30', null, VAP, false, null), // I: 13 months before F → only with the 24-month look-back
  o('i1', '2023-12-31', null, VAP, true, true), //  I: Domestic
  o('j0', '2023-01-01', null, VAP, true, false), // J: SV before P is in the look-back
  o('j1', '2023-04-01', null, VAP, true, false), // J: first day of P → Non-domestic, repeat
  o('k1', '2024-04-01', null, VAP, true, false), // K: the day after period_end → not in the cohort
  o('l1', '2023-07-01', null, VAP, true, false), // a victim row without person_id → nobody
  o('m0', '2023-02-01', null, 'Robbery', true, false), // M: SV robbery is violence (serious_violence)
  o('m1', '2023-05-05', null, 'Robbery', true, true), //  M: Domestic, repeat
  o('n1', '2023-05-01', null, VAP, true, false), // N: first event has nothing before it
  o('n2', '2023-09-01', null, VAP, true, false), // N: a later event's priors do not matter → not repeat
];
const victims: CraftedRow[] = offences.map((r) => {
  const crime = String(r.crime_id);
  return { crime_id: crime, person_id: crime.startsWith('l') ? null : crime[0]!.toUpperCase() };
});

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'repeat-victimisation', params, runId: `rv${++seq}` }, runs);
}

function expected(group: string, victims: number, repeats: number): Row {
  const [lo, hi] = victims > 0 ? wilson(repeats, victims) : [null, null];
  return {
    group,
    victims,
    repeat_victims: repeats,
    pct: victims > 0 ? (100 * repeats) / victims : null,
    ci_low: lo === null ? null : 100 * lo,
    ci_high: hi === null ? null : 100 * hi,
  };
}

function expectRows(actual: Row[], want: Row[]): void {
  expect(actual.map((r) => [r.group, r.victims, r.repeat_victims])).toEqual(want.map((r) => [r.group, r.victims, r.repeat_victims]));
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
});
afterAll(() => tw.dispose());

describe('repeat-victimisation', () => {
  it('counts every edge of the definition exactly (12-month look-back)', async () => {
    const r = await run({ period_end: '2024-03-31' });
    expect(r.columns.map((c) => c.name)).toEqual(['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high']);
    // cohort A B C D E F G H I J M N; repeats A B G J M; Domestic A D F I M; Non-domestic B C E H J N
    expectRows(r.rows, [expected('All', 12, 5), expected('Domestic', 5, 2), expected('Non-domestic', 6, 2)]);
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 12, lookback_months: 12 });
  });

  it('a 24-month look-back reaches C (one day too early before) and I (13 months)', async () => {
    const r = await run({ period_end: '2024-03-31', lookback_months: '24' });
    expectRows(r.rows, [expected('All', 12, 7), expected('Domestic', 5, 3), expected('Non-domestic', 6, 3)]);
  });

  it('defaults period_end to the latest offence_date and reports it', async () => {
    const r = await run({});
    expect(r.params.period_end).toBe('2024-04-01');
    // P = (2023-04-01, 2024-04-01]: J leaves (first day of the old P), K joins without a prior
    expectRows(r.rows, [expected('All', 12, 4), expected('Domestic', 5, 2), expected('Non-domestic', 6, 1)]);
  });

  it('lists every group with zeros and null percentages when nobody is in the period', async () => {
    const r = await run({ period_end: '2022-06-30', period_months: '6' });
    expectRows(r.rows, [expected('All', 0, 0), expected('Domestic', 0, 0), expected('Non-domestic', 0, 0)]);
    expect(r.rows[0]).toEqual({ group: 'All', victims: 0, repeat_victims: 0, pct: null, ci_low: null, ci_high: null });
  });

  it('a short period: only events in (period_end − months, period_end]', async () => {
    // P = (2024-01-31, 2024-03-31]: A (a1), B (b1), C (c1) — all Non-domestic except A
    const r = await run({ period_end: '2024-03-31', period_months: '2' });
    expectRows(r.rows, [expected('All', 3, 2), expected('Domestic', 1, 1), expected('Non-domestic', 2, 1)]);
  });
});
