import { describe, expect, it } from 'vitest';
import { SUPPRESSED, type Cell, type Row } from '../../contract/index.js';
import { recoverableCells, solveColumn } from './bruteForce.js';
import { determinedCells } from './determined.js';
import { PERSONAL_DATA_TEXT, protectTable, roundTo5, ruleText, type DisclosureMeta } from './disclosure.js';
import { buildLines } from './lines.js';

/**
 * Disclosure control on crafted tables whose hidden cells are worked out by hand in the
 * comments, then checked by a brute-force attacker (bruteForce.ts) who knows every shown cell
 * and the true total of every line.
 */

const C = SUPPRESSED;

function table(columns: string[], data: Cell[][]): { columns: string[]; rows: Row[] } {
  return { columns, rows: data.map((d) => Object.fromEntries(columns.map((c, i) => [c, d[i] ?? null]))) };
}

/** Hidden cells as `column@row:why`, for compact expectations. */
const hiddenList = (hidden: { row: number; column: string; why: string }[]) => hidden.map((h) => `${h.column}@${h.row}:${h.why}`);

/** A column of the protected table. */
const col = (p: { columns: string[]; rows: Cell[][] }, name: string) => p.rows.map((r) => r[p.columns.indexOf(name)]);

// ---------------------------------------------------------------- 1-D with an All row
const repeat = table(
  ['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high'],
  [
    ['All', 40, 9, 22.5, 12.3, 37.5],
    ['Domestic', 3, 2, 66.7, 20.8, 93.9],
    ['Non-domestic', 37, 7, 18.9, 9.5, 34.2],
  ],
);
const repeatMeta: DisclosureMeta = {
  countColumns: ['victims', 'repeat_victims'],
  derivedColumns: ['pct', 'ci_low', 'ci_high'],
  dimensions: ['group'],
  totals: { group: 'All' },
};

describe('threshold 5 on a 1-D table with an All total row', () => {
  const p = protectTable(repeat.columns, repeat.rows, repeatMeta, 'threshold5');

  it('hides the small counts, their partner against the All total, and every derived cell of those rows', () => {
    // victims: Domestic 3 primary; its line {Domestic, Non-domestic | All 40} would give it back
    // as 40 − 37, so Non-domestic is hidden too. repeat_victims likewise (2, then 7).
    expect(p.rows).toEqual([
      ['All', 40, 9, 22.5, 12.3, 37.5],
      ['Domestic', C, C, C, C, C],
      ['Non-domestic', C, C, C, C, C],
    ]);
    expect(hiddenList(p.hidden)).toEqual([
      'victims@1:primary',
      'repeat_victims@1:primary',
      'pct@1:derived',
      'ci_low@1:derived',
      'ci_high@1:derived',
      'victims@2:secondary',
      'repeat_victims@2:secondary',
      'pct@2:derived',
      'ci_low@2:derived',
      'ci_high@2:derived',
    ]);
    expect(p.rule).toBe('threshold5');
    expect(p.ruleText).toBe(
      'Counts of 1 to 4 suppressed ([c]) with secondary suppression so no suppressed count can be recovered from row or column totals; percentages, rates and ratios from suppressed counts suppressed too (threshold 5)',
    );
  });

  it('leaves every hidden count open to more than one value (brute force, full enumeration)', () => {
    const victims = solveColumn(repeat.rows, p.rows, p.columns, repeatMeta, 'victims');
    // Domestic + Non-domestic = 40: Domestic can be anything from 0 to 40.
    expect([...victims.values.get(1)!].sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, i) => i));
    expect(victims.recoverable).toEqual([]);
    expect(recoverableCells(repeat.rows, p.rows, p.columns, repeatMeta)).toEqual([]);
  });

  it('hides the All cell when only zeros are left beside the one hidden count', () => {
    // All is not always the sum (a blank domestic flag counts in All only): Domestic 3 hidden,
    // Non-domestic 0 cannot protect it, so the total goes.
    const t = table(['group', 'victims'], [['All', 8], ['Domestic', 3], ['Non-domestic', 0]]);
    const q = protectTable(t.columns, t.rows, { ...repeatMeta, derivedColumns: [] }, 'threshold5');
    expect(q.rows).toEqual([['All', C], ['Domestic', C], ['Non-domestic', 0]]);
    expect(hiddenList(q.hidden)).toEqual(['victims@0:secondary', 'victims@1:primary']);
  });
});

describe('the brute-force solver', () => {
  it('reports a line with one hidden cell as recoverable (a badly protected table)', () => {
    const bad: Cell[][] = [
      ['All', 40, 9, 22.5, 12.3, 37.5],
      ['Domestic', C, C, C, C, C],
      ['Non-domestic', 37, 7, 18.9, 9.5, 34.2],
    ];
    const victims = solveColumn(repeat.rows, bad, repeat.columns, repeatMeta, 'victims');
    expect(victims.values.get(1)).toEqual(new Set([3]));
    expect(recoverableCells(repeat.rows, bad, repeat.columns, repeatMeta)).toEqual(['victims@1', 'repeat_victims@1']);
  });

  it('uses the true line total even where the table shows no total row', () => {
    const t = table(['value', 'persons'], [['M', 30], ['F', 2], ['X', 0]]);
    const meta = { countColumns: ['persons'], dimensions: ['value'] };
    expect(recoverableCells(t.rows, [['M', 30], ['F', C], ['X', 0]], t.columns, meta)).toEqual(['persons@1']);
    expect(recoverableCells(t.rows, [['M', C], ['F', C], ['X', 0]], t.columns, meta)).toEqual([]);
  });
});

// ---------------------------------------------------------------- 2-D: sex All/M/F × age band
//            0-17 18-24 25+ Unknown
//   M          3    20   30    0      (53)
//   F          6     2   25    1      (34)
//   All        9    22   55    1      (87)
const bands = ['0-17', '18-24', '25+', 'Unknown'];
const persons: Record<string, number[]> = { All: [9, 22, 55, 1], M: [3, 20, 30, 0], F: [6, 2, 25, 1] };
const ages = table(
  ['sex', 'age_band', 'persons', 'population', 'rate_per_1000', 'highest'],
  ['All', 'M', 'F'].flatMap((sex) =>
    bands.map((band, i): Cell[] => {
      const population = band === 'Unknown' ? null : 1000 * (i + 1);
      const n = persons[sex]![i]!;
      return [sex, band, n, population, population ? (1000 * n) / population : null, sex === 'M' && band === '18-24'];
    }),
  ),
);
const agesMeta: DisclosureMeta = {
  countColumns: ['persons'],
  derivedColumns: ['rate_per_1000'],
  dimensions: ['sex', 'age_band'],
  totals: { sex: 'All' },
  derivedAll: ['highest'],
};

describe('threshold 5 on a 2-D table (sex with an All row × age bands)', () => {
  const p = protectTable(ages.columns, ages.rows, agesMeta, 'threshold5');

  it('hides every count of 1 to 4 and its partners, shows the zeros, hides the derived cells', () => {
    // Primary: M 0-17 (3), F 18-24 (2), F Unknown (1), All Unknown (1).
    // Lines run along `sex` first (one per band, total All): 0-17 {M 3*, F 6 | All 9} → F 0-17;
    // 18-24 {M 20, F 2* | All 22} → M 18-24; Unknown {M 0, F 1* | All 1*} holds two already.
    // Then along the bands (no total row): All {9, 22, 55, 1*} → All 0-17 (9); M and F hold two.
    expect(hiddenList(p.hidden.filter((h) => h.column === 'persons'))).toEqual([
      'persons@0:secondary',
      'persons@3:primary',
      'persons@4:primary',
      'persons@5:secondary',
      'persons@8:secondary',
      'persons@9:primary',
      'persons@11:primary',
    ]);
    expect(col(p, 'persons')).toEqual([C, 22, 55, C, C, C, 30, 0, C, C, 25, C]);
    // Population is public; the rates of hidden rows go; nulls stay null (no population, no rate).
    expect(col(p, 'population')).toEqual(ages.rows.map((r) => r.population));
    expect(col(p, 'rate_per_1000')).toEqual([C, 11, 55 / 3, null, C, C, 10, null, C, C, 25 / 3, null]);
    // highest compares rates across rows: once any count is hidden it is hidden everywhere.
    expect(col(p, 'highest')).toEqual(Array(12).fill(C));
  });

  it('leaves every hidden count open to more than one value (brute force, full enumeration)', () => {
    const s = solveColumn(ages.rows, p.rows, p.columns, agesMeta, 'persons');
    // Seven unknowns, six line equations, two free directions: e.g. All Unknown = F Unknown can
    // be 0 to 9 (F's band line leaves 9 for F 0-17, F 18-24 and F Unknown together).
    expect([...s.values.get(3)!].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s.recoverable).toEqual([]);
    for (const [r, values] of s.values) expect(values.has(ages.rows[r]!.persons as number)).toBe(true);
    expect(p.atRisk).toEqual([]);
  });

  it('threshold 10 hides every count of 1 to 9, and still nothing can be recovered', () => {
    const q = protectTable(ages.columns, ages.rows, agesMeta, 'threshold10');
    const shown = col(q, 'persons');
    ages.rows.forEach((r, i) => {
      const n = r.persons as number;
      if (n >= 1 && n <= 9) expect(shown[i]).toBe(C);
      if (n === 0) expect(shown[i]).toBe(0);
    });
    expect(q.ruleText).toContain('Counts of 1 to 9 suppressed ([c])');
    expect(q.ruleText).toContain('(threshold 10)');
    expect(recoverableCells(ages.rows, q.rows, q.columns, agesMeta)).toEqual([]);
  });
});

// ---------------------------------------------------------------- 2-D grid: day × hour
//         h0  h1  h2  h3
//   Mon   12   3  15  20
//   Tue    0   0   4   0
//   Wed    8  10   0   7
const grid = table(
  ['day_of_week', 'hour', 'offences'],
  [
    ['Mon', 0, 12], ['Mon', 1, 3], ['Mon', 2, 15], ['Mon', 3, 20],
    ['Tue', 0, 0], ['Tue', 1, 0], ['Tue', 2, 4], ['Tue', 3, 0],
    ['Wed', 0, 8], ['Wed', 1, 10], ['Wed', 2, 0], ['Wed', 3, 7],
  ],
);
const gridMeta: DisclosureMeta = { countColumns: ['offences'], derivedColumns: [], dimensions: ['day_of_week', 'hour'], totals: {} };

describe('threshold 5 on a day × hour grid (no total rows: every line total taken as knowable)', () => {
  it('cascades secondary suppression until no line has one hidden cell, and nothing can be recovered', () => {
    const p = protectTable(grid.columns, grid.rows, gridMeta, 'threshold5');
    // Primary Mon h1 (3), Tue h2 (4). Lines along day_of_week first (one per hour):
    // h1 {3*, 0, 10} → Wed h1 (10); h2 {15, 4*, 0} → Mon h2 (15). Then one per day: Mon holds
    // two; Tue {0, 0, 4*, 0} has only zeros beside its 4 and no total row, so a zero is hidden
    // (Tue h0) - else Tue's knowable total would be the 4 itself; Wed {8, 10*, 0, 7} → Wed h3 (7).
    // Cascade: h0 {12, 0*, 8} → Wed h0 (8); h3 {20, 0, 7*} → Mon h3 (20).
    expect(col(p, 'offences')).toEqual([12, C, C, C, C, 0, C, 0, C, C, 0, C]);
    expect(hiddenList(p.hidden)).toEqual([
      'offences@1:primary',
      'offences@2:secondary',
      'offences@3:secondary',
      'offences@4:secondary',
      'offences@6:primary',
      'offences@8:secondary',
      'offences@9:secondary',
      'offences@11:secondary',
    ]);
    const s = solveColumn(grid.rows, p.rows, p.columns, gridMeta, 'offences');
    expect(s.recoverable).toEqual([]);
    for (const [r, values] of s.values) expect(values.has(grid.rows[r]!.offences as number)).toBe(true);
  });

  it('shows zeros that nothing depends on', () => {
    const t = table(['day_of_week', 'hour', 'offences'], [['Mon', 0, 0], ['Mon', 1, 6], ['Tue', 0, 0], ['Tue', 1, 9]]);
    const p = protectTable(t.columns, t.rows, gridMeta, 'threshold5');
    expect(p.rows).toEqual([['Mon', 0, 0], ['Mon', 1, 6], ['Tue', 0, 0], ['Tue', 1, 9]]);
    expect(p.hidden).toEqual([]);
  });
});

// ---------------------------------------------------------------- a bridge between two rectangles
//          m1  m2  m3  m4
//   a1      1   2   9   8
//   a2      3   4   2  11
//   a3     10   7   1   3
//   a4      6  12   4   2
// Primary cells form two rectangles (a1-a2 × m1-m2, a3-a4 × m3-m4) joined by a2 m3: every line
// holds 0 or ≥2 hidden cells, yet a2 m3 = (rows a1 + a2 hidden) − (columns m1 + m2 hidden).
const bridgeCounts = [
  [1, 2, 9, 8],
  [3, 4, 2, 11],
  [10, 7, 1, 3],
  [6, 12, 4, 2],
];
const bridge = table(
  ['area', 'month', 'n'],
  ['a1', 'a2', 'a3', 'a4'].flatMap((a, i) => ['m1', 'm2', 'm3', 'm4'].map((m, j): Cell[] => [a, m, bridgeCounts[i]![j]!])),
);
const bridgeMeta: DisclosureMeta = { countColumns: ['n'], derivedColumns: [], dimensions: ['area', 'month'], totals: {} };

describe('the exact check behind the rule of thumb', () => {
  const primaryOnly: Cell[][] = bridge.rows.map((r) => [r.area ?? null, r.month ?? null, (r.n as number) < 5 ? C : (r.n as number)]);

  it('the primary pattern alone leaves the bridge recoverable (brute force and elimination agree)', () => {
    expect(recoverableCells(bridge.rows, primaryOnly, bridge.columns, bridgeMeta)).toEqual(['n@6']);
    const lines = buildLines(bridge.rows, { dimensions: ['area', 'month'], totals: {}, outside: {} }, () => true);
    expect(determinedCells(lines, (r) => (bridge.rows[r]!.n as number) < 5).determined).toEqual([6]);
  });

  it('protectTable gives the bridge a partner, and then nothing can be recovered', () => {
    const p = protectTable(bridge.columns, bridge.rows, bridgeMeta, 'threshold5');
    // The exact check hides the smallest shown cell of the bridge's first line (month m3): a1 m3 (9).
    expect(hiddenList(p.hidden).filter((h) => h.endsWith('secondary'))).toEqual(['n@2:secondary']);
    expect(recoverableCells(bridge.rows, p.rows, p.columns, bridgeMeta)).toEqual([]);
  });
});

describe('the other rules', () => {
  it('round5 rounds every count to base 5 (halves up) and hides derived cells of rows with a count of 1 to 9', () => {
    expect([0, 1, 2, 2.5, 3, 7, 7.5, 8, 12, 12.5, 13].map(roundTo5)).toEqual([0, 0, 0, 5, 5, 5, 10, 10, 10, 15, 15]);
    const p = protectTable(repeat.columns, repeat.rows, repeatMeta, 'round5');
    expect(p.rows).toEqual([
      // 9 repeat victims in All and 7 in Non-domestic: counts of 1 to 9, so their percentages
      // (exact beside a rounded count) would give the exact count back.
      ['All', 40, 10, C, C, C],
      ['Domestic', 5, 0, C, C, C],
      ['Non-domestic', 35, 5, C, C, C],
    ]);
    expect(p.hidden.every((h) => h.why === 'derived')).toBe(true);
    expect(p.ruleText).toBe(ruleText('round5'));
    expect(p.ruleText).toContain('rounded to the nearest multiple of 5');
  });

  it('none changes nothing and says so', () => {
    const p = protectTable(repeat.columns, repeat.rows, repeatMeta, 'none');
    expect(p.rows).toEqual(repeat.rows.map((r) => repeat.columns.map((c) => r[c])));
    expect(p.hidden).toEqual([]);
    expect(p.ruleText).toBe('No disclosure control was applied: every count is exact and nothing is suppressed');
    expect(PERSONAL_DATA_TEXT).toContain('personal data');
  });

  it('keeps nulls null and leaves unclassified columns alone', () => {
    const t = table(['group', 'n', 'pct', 'note'], [['All', null, null, 'x'], ['A', 2, 40, 'y'], ['B', 3, 60, 'z']]);
    const p = protectTable(t.columns, t.rows, { countColumns: ['n'], derivedColumns: ['pct'], dimensions: ['group'], totals: {} }, 'threshold5');
    expect(p.rows).toEqual([['All', null, null, 'x'], ['A', C, C, 'y'], ['B', C, C, 'z']]);
  });
});

describe('disproportionality: a row outside the shares, a reference row', () => {
  // cohort_pct is a share of the five known groups, so their total is knowable; Unknown is not
  // part of it. rri compares each group's rate with the reference group's.
  const t = table(
    ['ethnicity', 'cohort_n', 'cohort_pct', 'population', 'rri'],
    [
      ['White', 500, 85.5, 10000, 1],
      ['Asian', 40, 6.8, 1000, 0.8],
      ['Black', 30, 5.1, 500, 1.2],
      ['Mixed', 3, 0.5, 300, 0.2],
      ['Other', 12, 2.1, 400, 0.6],
      ['Unknown', 6, null, null, null],
    ],
  );
  const meta = (reference: string): DisclosureMeta => ({
    countColumns: ['cohort_n'],
    derivedColumns: ['cohort_pct', 'rri'],
    dimensions: ['ethnicity'],
    totals: {},
    outside: { ethnicity: ['Unknown'] },
    reference: { row: { ethnicity: reference }, columns: ['rri'] },
  });

  it('partners Mixed with another known group, not with Unknown, and keeps rri where the reference is shown', () => {
    const p = protectTable(t.columns, t.rows, meta('White'), 'threshold5');
    expect(col(p, 'cohort_n')).toEqual([500, 40, 30, C, C, 6]);
    expect(col(p, 'rri')).toEqual([1, 0.8, 1.2, C, C, null]);
    expect(recoverableCells(t.rows, p.rows, p.columns, { countColumns: ['cohort_n'], dimensions: ['ethnicity'], outside: { ethnicity: ['Unknown'] } })).toEqual([]);
  });

  it('hides every rri when the reference group itself is hidden', () => {
    const p = protectTable(t.columns, t.rows, meta('Mixed'), 'threshold5');
    expect(col(p, 'rri')).toEqual([C, C, C, C, C, null]);
  });
});

describe('a rolling sum computed across rows', () => {
  const t = table(
    ['month', 'offences', 'rolling_12'],
    [['2024-01', 10, null], ['2024-02', 12, null], ['2024-03', 3, 25], ['2024-04', 9, 24], ['2024-05', 11, 23], ['2024-06', 8, 31]],
  );
  const meta: DisclosureMeta = { countColumns: ['offences', 'rolling_12'], derivedColumns: [], dimensions: ['month'], totals: {}, derivedAll: ['rolling_12'] };

  it('is hidden in every row once a monthly count is hidden (differences of rolling sums give months back)', () => {
    const p = protectTable(t.columns, t.rows, meta, 'threshold5');
    expect(col(p, 'offences')).toEqual([10, 12, C, 9, 11, C]);
    expect(col(p, 'rolling_12')).toEqual([null, null, C, C, C, C]);
  });

  it('stays a (rounded) count under round5', () => {
    const p = protectTable(t.columns, t.rows, meta, 'round5');
    expect(col(p, 'offences')).toEqual([10, 10, 5, 10, 10, 10]);
    expect(col(p, 'rolling_12')).toEqual([null, null, 25, 25, 25, 30]);
  });
});

/** A small deterministic generator (mulberry32), so the random tables are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('random small tables', () => {
  it('every hidden count the brute force can pin is one protectTable reports at risk (none, but for tables that leave nothing to hide)', () => {
    const next = random(20250101);
    const cell = () => {
      const u = next();
      return u < 0.35 ? 0 : u < 0.65 ? 1 + Math.floor(next() * 9) : 5 + Math.floor(next() * 12);
    };
    const seen = { tables: 0, hidden: 0, hiddenZeros: 0, atRisk: 0 };
    for (let k = 0; k < 150; k++) {
      const rows = 2 + Math.floor(next() * 3);
      const hours = 2 + Math.floor(next() * 3);
      const data: Cell[][] = [];
      for (let a = 0; a < rows; a++) for (let h = 0; h < hours; h++) data.push([`a${a}`, h, cell()]);
      const g = table(['area', 'hour', 'n'], data);
      const meta: DisclosureMeta = { countColumns: ['n'], derivedColumns: [], dimensions: ['area', 'hour'], totals: {} };

      const bandCount = 2 + Math.floor(next() * 3);
      const m = Array.from({ length: bandCount }, cell);
      const f = Array.from({ length: bandCount }, cell);
      const sexData: Cell[][] = [
        ...m.map((_, i): Cell[] => ['All', `b${i}`, m[i]! + f[i]!]),
        ...m.map((v, i): Cell[] => ['M', `b${i}`, v]),
        ...f.map((v, i): Cell[] => ['F', `b${i}`, v]),
      ];
      const s = table(['sex', 'band', 'n'], sexData);
      const sexMeta: DisclosureMeta = { countColumns: ['n'], derivedColumns: [], dimensions: ['sex', 'band'], totals: { sex: 'All' } };

      for (const rule of ['threshold5', 'threshold10'] as const) {
        for (const [tb, mt] of [[g, meta], [s, sexMeta]] as const) {
          const p = protectTable(tb.columns, tb.rows, mt, rule);
          seen.tables++;
          seen.hidden += p.hidden.length;
          seen.hiddenZeros += p.hidden.filter((h) => tb.rows[h.row]!.n === 0).length;
          seen.atRisk += p.atRisk.length;
          const limit = rule === 'threshold5' ? 5 : 10;
          tb.rows.forEach((r, i) => {
            const n = r.n as number;
            if (n > 0 && n < limit) expect(p.rows[i]![2]).toBe(C);
          });
          const recoverable = recoverableCells(tb.rows, p.rows, p.columns, mt);
          expect({ table: tb.rows.map((r) => r.n), rule, recoverable }).toEqual({
            table: tb.rows.map((r) => r.n),
            rule,
            recoverable: p.atRisk.map((a) => `${a.column}@${a.row}`),
          });
        }
      }
    }
    // The generator reaches the hard cases: hidden zeros, and a few tables whose one non-zero
    // cell in a line sits among lines of zeros (nothing can hide it if the line total is known).
    expect(seen.tables).toBe(600);
    expect(seen.hidden).toBeGreaterThan(1500);
    expect(seen.hiddenZeros).toBeGreaterThan(50);
    expect(seen.atRisk).toBeGreaterThan(0);
    expect(seen.atRisk).toBeLessThan(seen.hidden / 20);
  });

  it('an at-risk table really leaves nothing to hide', () => {
    // Column h0 is all zeros: each area's total is its h1 cell, which no hidden zero can blur.
    const t = table(['area', 'hour', 'n'], [['a0', 0, 0], ['a0', 1, 3], ['a1', 0, 0], ['a1', 1, 8]]);
    const p = protectTable(t.columns, t.rows, { countColumns: ['n'], derivedColumns: [], dimensions: ['area', 'hour'], totals: {} }, 'threshold5');
    expect(col(p, 'n')).toEqual([0, C, 0, C]);
    expect(p.atRisk).toEqual([{ row: 1, column: 'n' }, { row: 3, column: 'n' }]);
  });
});
