import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { loadLibrary } from './library.js';
import { binomialTestP, byar, exactPoisson, poissonLimits, wilson, Z } from './statsReference.js';
import { tempWorkspace, type TempWorkspace } from './testTables.js';

const QUERIES = join(import.meta.dirname, '../../../queries');

let tw: TempWorkspace;
let conn: DuckDBConnection;

beforeAll(async () => {
  tw = await tempWorkspace();
  conn = await tw.ws.connect();
  const [entry] = await loadLibrary(QUERIES);
  // The scalar statistics only: a table macro binds its tables when created (tested by the runs).
  for (const m of entry!.macros) if (!m.table) await conn.run(m.sql);
});
afterAll(() => {
  conn.closeSync();
  tw.dispose();
});

async function value(sql: string): Promise<number | boolean | null> {
  const v = (await conn.runAndReadAll(`SELECT ${sql}`)).getRows()[0]?.[0];
  return v === null || typeof v === 'boolean' ? (v ?? null) : Number(v);
}

describe('statistics macros', () => {
  it('are TEMP macros on the run connection only: the workspace connection does not see them', async () => {
    await expect(tw.ws.conn.run('SELECT sv_z()')).rejects.toThrow(/sv_z/);
    expect(await value('sv_z()')).toBe(Z);
  });

  it('Wilson matches the published worked example 81/263 → 25.5%–36.6% (Newcombe 1998)', async () => {
    const low = (await value('100 * sv_wilson_low(81, 263)')) as number;
    const high = (await value('100 * sv_wilson_high(81, 263)')) as number;
    expect(low.toFixed(1)).toBe('25.5');
    expect(high.toFixed(1)).toBe('36.6');
  });

  it('Wilson matches an independent computation, including 0 and n of n, and is null for n = 0', async () => {
    for (const [x, n] of [[0, 1], [0, 7], [1, 1], [3, 7], [7, 7], [81, 263], [250, 1000], [1, 100000]] as const) {
      const [lo, hi] = wilson(x, n);
      expect(await value(`sv_wilson_low(${x}, ${n})`)).toBeCloseTo(lo, 12);
      expect(await value(`sv_wilson_high(${x}, ${n})`)).toBeCloseTo(hi, 12);
    }
    expect(await value('sv_wilson_low(0, 0)')).toBeNull();
    expect(await value('sv_wilson_high(0, 0)')).toBeNull();
  });

  it('exact Poisson constants for O = 0..9 agree with bisection on the Poisson CDF to 1e-9', async () => {
    for (let o = 0; o <= 9; o++) {
      const [lo, hi] = exactPoisson(o);
      expect(Math.abs(((await value(`sv_poisson_low(${o})`)) as number) - lo)).toBeLessThan(1e-9);
      expect(Math.abs(((await value(`sv_poisson_high(${o})`)) as number) - hi)).toBeLessThan(1e-9);
    }
  });

  it('exact Poisson matches published values: O=0 → (0, 3.689), O=1 → (0.0253, 5.572)', async () => {
    expect(await value('sv_poisson_low(0)')).toBe(0);
    expect(((await value('sv_poisson_high(0)')) as number).toFixed(3)).toBe('3.689');
    expect(((await value('sv_poisson_low(1)')) as number).toFixed(4)).toBe('0.0253');
    expect(((await value('sv_poisson_high(1)')) as number).toFixed(3)).toBe('5.572');
  });

  it("switches to Byar's approximation at O = 10", async () => {
    for (const o of [10, 11, 57, 1000]) {
      const [lo, hi] = byar(o);
      expect(await value(`sv_poisson_low(${o})`)).toBeCloseTo(lo, 9);
      expect(await value(`sv_poisson_high(${o})`)).toBeCloseTo(hi, 9);
      // and Byar is close to the exact limits there (a sanity check of the formula itself)
      if (o < 100) expect(Math.abs(lo - exactPoisson(o)[0]) / o).toBeLessThan(0.01);
    }
    expect(poissonLimits(9)).toEqual(exactPoisson(9));
    expect(await value('sv_poisson_low(NULL)')).toBeNull();
  });

  it('rate ratio and its log interval; no ratio when a count is 0', async () => {
    const rr = (10 / 1000) / (5 / 2000);
    const half = Z * Math.sqrt(1 / 10 + 1 / 5);
    expect(await value('sv_rate_ratio(10, 1000, 5, 2000)')).toBeCloseTo(rr, 12);
    expect(await value('sv_rate_ratio_low(10, 1000, 5, 2000)')).toBeCloseTo(Math.exp(Math.log(rr) - half), 12);
    expect(await value('sv_rate_ratio_high(10, 1000, 5, 2000)')).toBeCloseTo(Math.exp(Math.log(rr) + half), 12);
    expect(await value('sv_rate_ratio_significant(10, 1000, 5, 2000)')).toBe(rr * Math.exp(-half) > 1);
    expect(await value('sv_rate_ratio_significant(100, 1000, 20, 1000)')).toBe(true);
    expect(await value('sv_rate_ratio(0, 1000, 5, 2000)')).toBeNull();
    expect(await value('sv_rate_ratio_low(5, 1000, 0, 2000)')).toBeNull();
  });

  it('exact conditional binomial test matches exact integer arithmetic', async () => {
    for (const [a, b] of [[10, 5], [5, 10], [5, 5], [0, 7], [1, 0], [120, 80], [3000, 2900]] as const) {
      expect(await value(`sv_binomial_test_p(${a}, ${b})`)).toBeCloseTo(binomialTestP(a, b), 9);
    }
    expect(binomialTestP(10, 5)).toBeCloseTo(0.3017578125, 12); // 2 · 4944 / 2^15
    expect(await value('sv_binomial_test_p(0, 0)')).toBeNull();
  });
});
