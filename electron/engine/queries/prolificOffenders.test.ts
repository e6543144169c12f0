import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from './library.js';
import type { LibraryEntry } from './entry.js';
import { createRunRegistry, runQuery } from './run.js';
import { craft, tempWorkspace, type CraftedRow, type TempWorkspace } from './testTables.js';

/**
 * prolific-offenders on crafted data. Period P = (2021-03-31, 2024-03-31] (36 months).
 */
const VAP = 'Violence against the person';
const WPN = 'Possession of weapons offences';
const PUB = 'Public order offences';
const o = (crime_id: string, offence_date: string, offence_group: string, domestic: boolean | null, serious_violence = false): CraftedRow => ({
  crime_id, offence_date, offence_group, offence_type: 'x', serious_violence, domestic,
});

const offences = [
  o('a1', '2021-03-31', VAP, true), //  A: exactly 36 months before period_end → outside P
  o('a2', '2021-04-01', VAP, true), //  A: first day of P, domestic
  o('a3', '2022-06-01', WPN, null), //  A: domestic blank → counted, not domestic
  o('a4', '2023-01-01', PUB, false), // A
  o('a5', '2024-03-31', VAP, true), //  A: on period_end → inside; domestic
  o('b1', '2022-01-01', VAP, false), // B
  o('b2', '2022-02-01', VAP, false), // B
  o('b3', '2022-03-01', VAP, false), // B: B is recorded twice on b3 → counted once
  o('b4', '2022-04-01', 'Robbery', false, true), // B: serious-violence robbery → not one of the groups
  o('c1', '2023-01-01', VAP, false), // C
  o('c2', '2023-02-01', PUB, true), //  C
  o('c3', '2023-03-01', 'Sexual offences', false), // C: other group → not counted
  o('d1', '2023-05-01', WPN, false), // D
  o('d2', '2023-06-01', WPN, false), // D
  o('d3', '2024-04-01', WPN, false), // D: the day after period_end → outside P
  o('e1', '2021-12-01', PUB, false), // E: ties with B on 3 → listed after B
  o('e2', '2021-12-02', PUB, false), // E
  o('e3', '2021-12-03', PUB, false), // E
  o('x1', '2022-01-01', VAP, false), // suspect rows with no person_id → nobody
  o('x2', '2022-01-02', VAP, false),
  o('x3', '2022-01-03', VAP, false),
];
const suspects: CraftedRow[] = [
  ...offences.map((r) => {
    const crime = String(r.crime_id);
    return { crime_id: crime, person_id: crime.startsWith('x') ? null : crime[0]!.toUpperCase() };
  }),
  { crime_id: 'b3', person_id: 'B' },
  { crime_id: 'zz', person_id: 'C' }, // crime not in offences → ignored
];
const victims: CraftedRow[] = [
  { crime_id: 'c1', person_id: 'V' }, // victims play no part
  { crime_id: 'c2', person_id: 'V' },
  { crime_id: 'c3', person_id: 'V' },
];

let tw: TempWorkspace;
let lib: LibraryEntry[];
const runs = createRunRegistry();
let seq = 0;

async function run(params: Record<string, string>) {
  return runQuery(tw.ws, lib, { queryId: 'prolific-offenders', params, runId: `po${++seq}` }, runs);
}
const row = (person_id: string, offences: number, domestic_offences: number, first_offence: string, last_offence: string) => ({
  person_id, offences, domestic_offences, first_offence, last_offence,
});

beforeAll(async () => {
  tw = await tempWorkspace();
  lib = await loadLibrary(join(import.meta.dirname, '../../../queries'));
  await craft(tw.ws, 'offences', offences);
  await craft(tw.ws, 'suspects', suspects);
  await craft(tw.ws, 'victims', victims);
});
afterAll(() => tw.dispose());

describe('prolific-offenders', () => {
  it('is a row-level cohort list', () => {
    const e = lib.find((x) => x.id === 'prolific-offenders')!;
    expect(e.rowLevel).toBe(true);
  });

  it('lists persons with at least min_offences offences of the three groups in P, most first', async () => {
    const r = await run({ period_end: '2024-03-31', min_offences: '3' });
    expect(r.columns.map((c) => c.name)).toEqual(['person_id', 'offences', 'domestic_offences', 'first_offence', 'last_offence']);
    expect(r.rows).toEqual([
      row('A', 4, 2, '2021-04-01', '2024-03-31'),
      row('B', 3, 0, '2022-01-01', '2022-03-01'),
      row('E', 3, 0, '2021-12-01', '2021-12-03'),
    ]);
    expect(r.params).toEqual({ period_end: '2024-03-31', period_months: 36, min_offences: 3 });
  });

  it('a lower threshold adds C and D', async () => {
    const r = await run({ period_end: '2024-03-31', min_offences: '2' });
    expect(r.rows).toEqual([
      row('A', 4, 2, '2021-04-01', '2024-03-31'),
      row('B', 3, 0, '2022-01-01', '2022-03-01'),
      row('E', 3, 0, '2021-12-01', '2021-12-03'),
      row('C', 2, 1, '2023-01-01', '2023-02-01'),
      row('D', 2, 0, '2023-05-01', '2023-06-01'),
    ]);
  });

  it('defaults period_end to the latest offence_date: A loses a2, D gains d3', async () => {
    const r = await run({ min_offences: '3' });
    expect(r.params.period_end).toBe('2024-04-01');
    expect(r.rows).toEqual([
      row('A', 3, 1, '2022-06-01', '2024-03-31'),
      row('B', 3, 0, '2022-01-01', '2022-03-01'),
      row('D', 3, 0, '2023-05-01', '2024-04-01'),
      row('E', 3, 0, '2021-12-01', '2021-12-03'),
    ]);
  });

  it('a shorter period', async () => {
    // P = (2023-03-31, 2024-03-31]: A a5; D d1 d2
    const r = await run({ period_end: '2024-03-31', period_months: '12', min_offences: '1' });
    expect(r.rows).toEqual([row('D', 2, 0, '2023-05-01', '2023-06-01'), row('A', 1, 1, '2024-03-31', '2024-03-31')]);
  });

  it('the default threshold of 10: nobody here, an empty list with its columns', async () => {
    const r = await run({});
    expect(r.params.min_offences).toBe(10);
    expect(r.params.period_months).toBe(36);
    expect(r.rows).toEqual([]);
    expect(r.columns.map((c) => c.name)).toEqual(['person_id', 'offences', 'domestic_offences', 'first_offence', 'last_offence']);
  });
});
