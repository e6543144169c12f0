import { describe, expect, it } from 'vitest';
import type { Row } from '../contract/index.js';
import { asParams, checkWilson, close, useDemoFolder } from './demoFolder.js';
import { runHeadless } from './headless.js';
import { usePersonWorkspace } from './personWorkspace.js';

/**
 * The offence-side planted truths of the demo partnership (fixtures/demo/offending.ts) through
 * the CLI code path: `weapons-by-age`, `hotspots` (location_name) and `repeat-offending` must give
 * the planted numbers exactly, and each planted look-back suspect must count where planted.
 */
const demo = useDemoFolder('sv-demo-truths-');

describe('demo partnership, offence-side planted truths, headless', () => {
  it('weapons-by-age reproduces the planted offences and knife offences per group', async () => {
    const truth = demo.truths.weaponsByAge;
    const { output, warnings } = await runHeadless({ queryId: 'weapons-by-age', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params); // the default period_end is the planted one
    expect(output.rows.map((r) => ({ group: r.group, offences: r.offences, knife_offences: r.knife_offences }))).toEqual(truth.rows);
    checkWilson(output.rows, 'knife_offences', 'offences', 'group');
  });

  it('hotspots (location_name) gives the planted top places, counts and RANK() with the planted tie', async () => {
    const truth = demo.truths.hotspots;
    const { output } = await runHeadless({ queryId: 'hotspots', dataDir: demo.dir, params: asParams(truth.params) });
    expect(output.params).toEqual(truth.params);
    expect(output.rows.map((r) => ({ place: r.place, offences: r.offences, rank: r.rank }))).toEqual(truth.rows);
    output.rows.forEach((r, i) => close(r.pct, (100 * truth.rows[i]!.offences) / truth.total, `${String(r.place)} pct`));
    expect(truth.rows.slice(0, 3).map((r) => [r.offences, r.rank])).toEqual([[40, 1], [32, 2], [32, 2]]);

    // top = 2 ends on the tie: both tied places are still listed.
    const two = await runHeadless({ queryId: 'hotspots', dataDir: demo.dir, params: asParams({ ...truth.params, top: 2 }) });
    expect(two.output.rows.map((r) => r.place)).toEqual(truth.rows.map((r) => r.place));
    // RANK(), not DENSE_RANK(): the place after the tie is ranked 4.
    const four = await runHeadless({ queryId: 'hotspots', dataDir: demo.dir, params: asParams({ ...truth.params, top: 4 }) });
    expect(four.output.rows[3]).toMatchObject({ rank: 4 });
    expect(four.output.rows[3]!.offences as number).toBeLessThan(32);
  });

  it('repeat-offending reproduces the planted suspects and with_prior counts', async () => {
    const truth = demo.truths.repeatOffending;
    const { output, warnings } = await runHeadless({ queryId: 'repeat-offending', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params); // default look-back is 24 months
    expect(output.rows.map((r) => ({ measure: r.measure, suspects: r.suspects, with_prior: r.with_prior }))).toEqual(truth.rows);
    checkWilson(output.rows, 'with_prior', 'suspects', 'measure');
  });
});

describe('demo partnership, the planted look-back suspects one at a time', () => {
  const { narrow, run } = usePersonWorkspace(() => demo.dir, 'suspects');

  it('each counts in exactly the measures planted (boundary day in, one day earlier out, victim role out)', async () => {
    const { params, cases } = demo.truths.repeatOffending;
    expect(cases.length).toBe(5);
    for (const c of cases) {
      // Only this person's suspect rows: their result depends on nothing else.
      await narrow(c.person_id);
      const rows = await run('repeat-offending', asParams(params));
      const by = Object.fromEntries(rows.map((r) => [r.measure, r]));
      expect(
        { suspects: by['Any offence']!.suspects, any: by['Any offence']!.with_prior, violence: by.Violence!.with_prior, serious: by['Serious violence']!.with_prior },
        c.label,
      ).toEqual({ suspects: 1, any: Number(c.any), violence: Number(c.violence), serious: Number(c.serious) });
    }
  });
});

describe('demo partnership, victim-cohort profile truths, headless', () => {
  it('residence (victims, E08000003, region = the ten GM codes) gives the planted four counts', async () => {
    const truth = demo.truths.residence;
    const { output, warnings } = await runHeadless({ queryId: 'residence', dataDir: demo.dir, params: asParams(truth.params) });
    expect(warnings).toEqual([]);
    expect(output.rows.map((r) => ({ residence: r.residence, persons: r.persons }))).toEqual(truth.rows);
    expect(truth.rows.map((r) => r.persons)).toEqual([311, 104, 34, 18]);
    const total = truth.rows.reduce((s, r) => s + r.persons, 0);
    output.rows.forEach((r, i) => close(r.pct, (100 * truth.rows[i]!.persons) / total, `${String(r.residence)} pct`));
    expect(output.params).toMatchObject({ source: 'victims', area: truth.params.area, period_end: truth.params.period_end, period_months: 12 });
    // The area always belongs to the region: leaving it out of the list changes nothing.
    const nine = truth.params.region.split(',').filter((c) => c !== truth.params.area).join(',');
    const without = await runHeadless({ queryId: 'residence', dataDir: demo.dir, params: asParams({ ...truth.params, region: nine }) });
    expect(without.output.rows.map((r) => ({ residence: r.residence, persons: r.persons }))).toEqual(truth.rows);
  });

  it('cohort-profile (victims, by ethnicity) gives the planted six counts incl. Unknown', async () => {
    const truth = demo.truths.cohortProfile;
    const { output, warnings } = await runHeadless({ queryId: 'cohort-profile', dataDir: demo.dir, params: asParams(truth.params) });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params);
    expect(output.rows.map((r) => ({ value: r.value, persons: r.persons }))).toEqual(truth.rows);
    const total = truth.rows.reduce((s, r) => s + r.persons, 0);
    output.rows.forEach((r, i) => close(r.pct, (100 * truth.rows[i]!.persons) / total, `${String(r.value)} pct`));
  });
});

describe('demo partnership, the planted disagreeing victims one at a time', () => {
  const { narrow, run } = usePersonWorkspace(() => demo.dir, 'victims');

  const only = async (queryId: string, params: Record<string, string | number>, personId: string, label: string): Promise<Row[]> => {
    // Only this person's victim rows: the first event and the later, disagreeing one.
    await narrow(personId);
    const rows = await run(queryId, asParams(params));
    expect(rows.filter((r) => r.persons !== 0).length, label).toBe(1);
    return rows.filter((r) => r.persons === 1);
  };

  it('residence: each counts by home_lad on the first event, not the later one', async () => {
    const { params, cases } = demo.truths.residence;
    expect(cases.length).toBe(5);
    for (const c of cases) {
      const [hit] = await only('residence', params, c.person_id, c.label);
      expect({ label: c.label, residence: hit?.residence }).toEqual({ label: c.label, residence: c.counts_as });
    }
  });

  it('cohort-profile: each counts by ethnicity on the first event, not the later one', async () => {
    const { params, cases } = demo.truths.cohortProfile;
    expect(cases.length).toBe(3);
    for (const c of cases) {
      const [hit] = await only('cohort-profile', params, c.person_id, c.label);
      expect({ label: c.label, value: hit?.value }).toEqual({ label: c.label, value: c.counts_as });
    }
  });
});

describe('demo partnership, monthly-trend planted truth, headless', () => {
  it('monthly-trend gives the planted months, the June 2023 spike and rolling_12 = trend current at period_end', async () => {
    const truth = demo.truths.monthlyTrend;
    const { output, warnings } = await runHeadless({ queryId: 'monthly-trend', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params); // default period_end and 36 months
    expect(output.rows.map((r) => ({ month: r.month, offences: r.offences, rolling_12: r.rolling_12 }))).toEqual(truth.rows);
    expect(output.rows.find((r) => r.month === truth.spike.month)?.offences).toBe(80);

    const trend = await runHeadless({ queryId: 'trend', dataDir: demo.dir, params: {} });
    const all = trend.output.rows.find((r) => r.group === 'All');
    expect(all?.current).toBe(truth.current_12);
    expect(output.rows.at(-1)?.rolling_12).toBe(all?.current);
  });
});
