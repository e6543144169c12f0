import { describe, expect, it } from 'vitest';
import type { Row } from '../contract/index.js';
import { Z } from '../engine/queries/statsReference.js';
import { asParams, close, useDemoFolder } from './demoFolder.js';
import { runHeadless } from './headless.js';
import { usePersonWorkspace } from './personWorkspace.js';

/**
 * The person-level planted truths of the demo partnership (fixtures/demo/deprivation.ts and
 * fixtures/demo/disproportionality.ts) through the CLI code path: the saved queries must give
 * the planted counts exactly and the statistics to 1e-9, and each named person must count
 * exactly where planted when they are the only person in the table.
 */
const demo = useDemoFolder('sv-demo-people-');

/** The rows in the truth's columns: numbers within 1e-9 (relative above 1), the rest exactly. */
function expectRows(got: Row[], want: object[], label: string): void {
  expect(got.length, label).toBe(want.length);
  got.forEach((g, i) => {
    for (const [k, b] of Object.entries(want[i] as Record<string, unknown>)) {
      const a = g[k];
      const what = `${label} row ${i} ${k}`;
      if (typeof b === 'number' && !Number.isInteger(b)) {
        expect(typeof a, what).toBe('number');
        close(a, b, what);
      } else expect(a, what).toEqual(b);
    }
  });
}

describe('demo partnership, deprivation planted truth, headless', () => {
  for (const baseline of ['lsoas', 'population'] as const) {
    it(`victims, E08000003, baseline=${baseline}: the ten deciles as planted`, async () => {
      const truth = demo.truths.deprivation;
      const { output, warnings } = await runHeadless({ queryId: 'deprivation', dataDir: demo.dir, params: asParams({ ...truth.params, baseline }) });
      expect(warnings).toEqual([]);
      expect(output.params).toEqual({ ...truth.params, baseline });
      expect(output.columns).toEqual(['imd_decile', 'persons', 'pct', 'baseline_pct', 'ratio']);
      expectRows(output.rows, truth[baseline], `deprivation ${baseline}`);
    });
  }

  it('the default baseline is lsoas', async () => {
    const truth = demo.truths.deprivation;
    const { output } = await runHeadless({ queryId: 'deprivation', dataDir: demo.dir, params: asParams(truth.params) });
    expect(output.params.baseline).toBe('lsoas');
    expectRows(output.rows, truth.lsoas, 'deprivation default');
  });
});

describe('demo partnership, disproportionality planted truths (police cohorts), headless', () => {
  it('each run gives the planted rows: counts, shares, rates, rri and its interval, significance', async () => {
    const { runs } = demo.truths.disproportionality;
    expect(runs.length).toBe(3);
    for (const run of runs) {
      const label = `${run.params.cohort} ${run.params.area}`;
      const { output, warnings } = await runHeadless({
        queryId: 'disproportionality',
        dataDir: demo.dir,
        params: asParams({ cohort: run.params.cohort, area: run.params.area }),
      });
      expect(warnings, label).toEqual([]);
      expect(output.params, label).toEqual(run.params); // defaults: period_end, all ages, White
      expectRows(output.rows, run.rows, label);
    }
  });

  it('the interval is exp(ln RR ± z·sqrt(1/a + 1/b)) of the two counts, from the output alone', async () => {
    const run = demo.truths.disproportionality.runs[1]!;
    const { output } = await runHeadless({ queryId: 'disproportionality', dataDir: demo.dir, params: asParams({ cohort: run.params.cohort, area: run.params.area }) });
    const white = output.rows[0]!;
    const black = output.rows.find((r) => r.ethnicity === 'Black')!;
    const a = black.cohort_n as number;
    const b = white.cohort_n as number;
    const rr = (a / (black.population as number)) / (b / (white.population as number));
    const half = Z * Math.sqrt(1 / a + 1 / b);
    expect(Math.abs((black.rri as number) - rr)).toBeLessThan(1e-12);
    expect(Math.abs((black.rri_ci_low as number) - rr * Math.exp(-half))).toBeLessThan(1e-12);
    expect(Math.abs((black.rri_ci_high as number) - rr * Math.exp(half))).toBeLessThan(1e-12);
    expect(black.significant).toBe(true);
  });
});

describe('demo partnership, the named victims one at a time', () => {
  const { narrow, run } = usePersonWorkspace(() => demo.dir, 'victims');

  it('deprivation: each counts in the decile of their first event, or nowhere', async () => {
    const { params, cases } = demo.truths.deprivation;
    expect(cases.length).toBe(8);
    for (const c of cases) {
      await narrow(c.person_id);
      const rows = await run('deprivation', asParams(params));
      expect(rows.length).toBe(10);
      const hit = rows.filter((r) => r.persons !== 0);
      expect({ label: c.label, in: hit.map((r) => [r.imd_decile, r.persons, r.pct]) }).toEqual({
        label: c.label,
        in: c.counts_in === null ? [] : [[c.counts_in, 1, 100]],
      });
      // Left out of every denominator too: no decile, no pct.
      if (c.counts_in === null) expect(rows.every((r) => r.pct === null && r.ratio === null), c.label).toBe(true);
    }
  });

  it('disproportionality: each victim counts in their first record\'s ethnicity in their own area only', async () => {
    const { runs, cases } = demo.truths.disproportionality;
    for (const c of cases.filter((x) => x.cohort === 'sv_victims')) {
      await narrow(c.person_id);
      for (const [area, as] of Object.entries(c.counts_as)) {
        const params = runs.find((r) => r.params.cohort === c.cohort && r.params.area === area)!.params;
        const rows = await run('disproportionality', asParams(params));
        expect({ label: c.label, area, in: rows.filter((r) => r.cohort_n !== 0).map((r) => r.ethnicity) }).toEqual({ label: c.label, area, in: as === null ? [] : [as] });
      }
    }
  });
});

describe('demo partnership, the named suspects one at a time', () => {
  const { narrow, run } = usePersonWorkspace(() => demo.dir, 'suspects');

  it('disproportionality: each suspect counts by their first serious-violence crime in P', async () => {
    const { runs, cases } = demo.truths.disproportionality;
    const suspects = cases.filter((x) => x.cohort === 'sv_suspects');
    expect(suspects.length).toBe(2);
    for (const c of suspects) {
      await narrow(c.person_id);
      const params = runs.find((r) => r.params.cohort === 'sv_suspects')!.params;
      const rows = await run('disproportionality', asParams(params));
      const as = c.counts_as[params.area] ?? null;
      expect({ label: c.label, in: rows.filter((r) => r.cohort_n !== 0).map((r) => r.ethnicity) }).toEqual({ label: c.label, in: as === null ? [] : [as] });
    }
  });
});
