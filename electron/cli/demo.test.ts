import { describe, expect, it } from 'vitest';
import { poissonLimits } from '../engine/queries/statsReference.js';
import { asParams, checkWilson, close, useDemoFolder } from './demoFolder.js';
import { runHeadless } from './headless.js';
import { usePersonWorkspace } from './personWorkspace.js';

/**
 * The demo partnership through the CLI code path (CSV folder → import → query): both entries
 * must reproduce the truths planted by the generator exactly, and each named edge case must
 * land where the generator says, person by person.
 */
const demo = useDemoFolder('sv-demo-cli-');

describe('demo partnership, headless', () => {
  it('repeat-victimisation reproduces the planted truths', async () => {
    const truth = demo.truths.repeatVictimisation;
    const { output, warnings } = await runHeadless({ queryId: 'repeat-victimisation', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params); // the default period_end is the planted one
    expect(output.rows.map((r) => ({ group: r.group, victims: r.victims, repeat_victims: r.repeat_victims }))).toEqual(truth.rows);
    checkWilson(output.rows, 'repeat_victims', 'victims', 'group');
  });

  it('age-rates reproduces the planted truths', async () => {
    const truth = demo.truths.ageRates;
    const { output } = await runHeadless({ queryId: 'age-rates', dataDir: demo.dir, params: asParams(truth.params) });
    expect(output.params).toEqual(truth.params);
    expect(output.rows.map((r) => [r.sex, r.age_band, r.persons, r.population, r.highest])).toEqual(
      truth.rows.map((r) => [r.sex, r.age_band, r.persons, r.population, r.highest]),
    );
    output.rows.forEach((r, i) => {
      const what = `${r.sex} ${r.age_band}`;
      close(r.rate_per_1000, truth.rows[i]!.rate_per_1000, `${what} rate`);
      const pop = r.population as number | null;
      const [lo, hi] = poissonLimits(r.persons as number);
      close(r.ci_low, pop ? (1000 * lo) / pop : null, `${what} ci_low`);
      close(r.ci_high, pop ? (1000 * hi) / pop : null, `${what} ci_high`);
    });
  });
});

describe('demo partnership, the named edge cases one person at a time', () => {
  const { narrow, run } = usePersonWorkspace(() => demo.dir, 'victims');

  it('every case: cohort, group, repeat, residence and age band as planted', async () => {
    expect(demo.truths.cases.length).toBeGreaterThan(10);
    const { period_end } = demo.truths.repeatVictimisation.params;
    const area = demo.truths.ageRates.params.area;
    for (const c of demo.truths.cases) {
      // Only this person's victim rows: their result depends on nothing else.
      await narrow(c.person_id);
      const rv = await run('repeat-victimisation', { period_end });
      const by = Object.fromEntries(rv.map((r) => [r.group, r]));
      const got = {
        in_cohort: by.All!.victims === 1,
        group: by.Domestic!.victims === 1 ? 'Domestic' : by['Non-domestic']!.victims === 1 ? 'Non-domestic' : null,
        repeat_victim: by.All!.victims === 1 ? by.All!.repeat_victims === 1 : null,
      };
      expect(got, c.label).toEqual({ in_cohort: c.in_cohort, group: c.group, repeat_victim: c.repeat_victim });

      const ar = await run('age-rates', { period_end, area });
      const counted = ar.filter((r) => r.sex === 'All' && (r.persons as number) > 0).map((r) => r.age_band);
      expect(counted, c.label).toEqual(c.resident ? [c.age_band] : []);
    }
  });
});
