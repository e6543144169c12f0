import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../contract/index.js';
import { disproportionalityRows } from '../../fixtures/disproportionality-stats.js';
import { readAreaPopulation } from '../../fixtures/demo/reference.js';
import { toCsv } from '../../fixtures/demo/csv.js';
import type { CohortRunTruth } from '../../fixtures/demo/yj-cohort.js';
import { ethnicPopulation, GROUPS, type Group } from '../../fixtures/oracle-agencies.js';
import type { Rows } from '../../fixtures/oracle.js';
import { referenceDataDir } from '../engine/reference/paths.js';
import { asParams, checkWilson, close, useDemoFolder } from './demoFolder.js';
import { runHeadless } from './headless.js';
import { useNarrowedWorkspace } from './personWorkspace.js';

/**
 * The youth justice and probation planted truths of the demo partnership through the CLI code
 * path: `ooc-reoffending`, `probation-first-time` and `disproportionality` (yj_disposals,
 * probation_sv) at their defaults give the planted counts exactly and, within 1e-9, the
 * statistics computed from those counts and the population read by the oracle
 * (fixtures/disproportionality-stats.ts, fixtures/oracle-agencies.ts); each planted child and
 * person counts where planted when run alone.
 */
const AREA = 'E08000003';
const demo = useDemoFolder('sv-demo-agencies-');
let withPopulation: string;
let population: Rows;

/**
 * A `population` with ethnicity × sex × age rows for the area (Census 2021 totals split by an
 * assumed mix, younger people more diverse), the blank-ethnicity totals as shipped, and 2025
 * rows that are after period_end's year and must be ignored.
 */
function craftedPopulation(): Rows {
  const young: Record<Group, number> = { White: 0.5, Asian: 0.24, Black: 0.13, Mixed: 0.09, Other: 0.04 };
  const adult: Record<Group, number> = { White: 0.57, Asian: 0.21, Black: 0.12, Mixed: 0.05, Other: 0.05 };
  const rows: Rows = [];
  for (const cell of readAreaPopulation(AREA, 2024)) {
    rows.push({ area: AREA, year: cell.year, sex: cell.sex, age: cell.age, ethnicity: null, population: cell.population });
    for (const g of GROUPS) {
      const share = (cell.age < 18 ? young : adult)[g];
      rows.push({ area: AREA, year: cell.year, sex: cell.sex, age: cell.age, ethnicity: g, population: Math.round(cell.population * share) });
      if (cell.age >= 10 && cell.age <= 17) rows.push({ area: AREA, year: 2025, sex: cell.sex, age: cell.age, ethnicity: g, population: 1 });
    }
  }
  return rows;
}

function readCsv(file: string): Rows {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, /^\d+$/.test(v) ? Number(v) : v === '' ? null : v])));
}

// The demo folder with a `population` by ethnicity added, inside it (removed with it).
beforeAll(() => {
  withPopulation = join(demo.dir, 'with-population');
  mkdirSync(withPopulation);
  for (const f of readdirSync(demo.dir).filter((x) => x.endsWith('.csv'))) copyFileSync(join(demo.dir, f), join(withPopulation, f));
  population = craftedPopulation();
  writeFileSync(join(withPopulation, 'population.csv'), toCsv(['area', 'year', 'sex', 'age', 'ethnicity', 'population'], population));
});

/** The query's rows against entry 5's statistics computed from the planted counts and `pop`. */
function checkDisproportionality(rows: Row[], run: CohortRunTruth, pop: Record<Group, number> | null): void {
  expect(rows.map((r) => ({ ethnicity: r.ethnicity, cohort_n: r.cohort_n }))).toEqual(run.rows);
  const want = disproportionalityRows(Object.fromEntries(run.rows.map((r) => [r.ethnicity, r.cohort_n])), pop, run.params.reference);
  rows.forEach((r, i) => {
    const w = want[i]!;
    for (const k of ['cohort_pct', 'population', 'population_pct', 'disproportionality_ratio', 'rate_per_1000', 'rri', 'rri_ci_low', 'rri_ci_high'] as const) {
      close(r[k], w[k], `${w.ethnicity} ${k}`);
    }
    expect(r.significant, `${w.ethnicity} significant`).toBe(w.significant);
  });
  expect(rows[0]).toMatchObject({ ethnicity: 'White', rri: 1, rri_ci_low: null, rri_ci_high: null, significant: null });
}

describe('ooc-reoffending on the demo partnership, headless', () => {
  it('the defaults give the planted window and counts; pct and Wilson interval per group', async () => {
    const truth = demo.truths.oocReoffending;
    const { output, warnings } = await runHeadless({ queryId: 'ooc-reoffending', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params);
    expect(output.rows.map((r) => ({ group: r.group, children: r.children, reoffended: r.reoffended, within_3m: r.within_3m, within_3_6m: r.within_3_6m }))).toEqual(truth.rows);
    checkWilson(output.rows, 'reoffended', 'children', 'group');
  });
});

describe('probation-first-time on the demo partnership, headless', () => {
  it('the latest snapshot by default; persons, first-timers and pct within each row', async () => {
    const truth = demo.truths.probationFirstTime;
    const { output, warnings } = await runHeadless({ queryId: 'probation-first-time', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params);
    expect(output.rows.map((r) => ({ sex: r.sex, age_band: r.age_band, persons: r.persons, first_time: r.first_time }))).toEqual(truth.rows);
    output.rows.forEach((r, i) => {
      const t = truth.rows[i]!;
      close(r.pct, t.persons === 0 ? null : (100 * t.first_time) / t.persons, `${t.sex} ${t.age_band} pct`);
    });
  });
});

describe('disproportionality for the agency cohorts, headless', () => {
  it('yj_disposals at the defaults (ages 10-17) with only the census by ethnicity: refused, naming what to import', async () => {
    const run = runHeadless({ queryId: 'disproportionality', dataDir: demo.dir, params: { cohort: 'yj_disposals', area: AREA } });
    await expect(run).rejects.toThrow(/no population by ethnicity for ages 10-17 in E08000003 up to 2024/);
    await expect(runHeadless({ queryId: 'disproportionality', dataDir: demo.dir, params: { cohort: 'yj_disposals', area: AREA } })).rejects.toThrow(
      /Import ethnicity x sex x age counts \(e\.g\. Census 2021 RM032\) into population, or run for all ages \(age_min=0, age_max=90\)/,
    );
  });

  it('yj_disposals with an ethnicity × age population: ages 10-17 exactly, for 12 months and for December alone (zero counts: no rri)', async () => {
    const [year, december] = demo.truths.disproportionalityYj.runs;
    for (const run of [year!, december!]) {
      const params: Record<string, string> = run === year ? { cohort: 'yj_disposals' } : { cohort: 'yj_disposals', period_months: '1' };
      const { output, warnings } = await runHeadless({ queryId: 'disproportionality', dataDir: withPopulation, params });
      expect(warnings).toEqual([]);
      expect(output.params).toEqual(run.params);
      const pop = ethnicPopulation(population, [], { area: AREA, periodEnd: run.params.period_end, ageMin: 10, ageMax: 17 });
      checkDisproportionality(output.rows, run, pop);
    }
    // The population is the 2021 rows of ages 10-17 only (not 2025, not the blank-ethnicity totals).
    const white = population.filter((r) => r.year === 2021 && r.ethnicity === 'White' && Number(r.age) >= 10 && Number(r.age) <= 17);
    const { output } = await runHeadless({ queryId: 'disproportionality', dataDir: withPopulation, params: { cohort: 'yj_disposals' } });
    expect(output.rows[0]!.population).toBe(white.reduce((s, r) => s + Number(r.population), 0));
    const zero = (await runHeadless({ queryId: 'disproportionality', dataDir: withPopulation, params: { cohort: 'yj_disposals', period_months: '1' } })).output.rows;
    expect(zero.filter((r) => r.cohort_n === 0).map((r) => [r.ethnicity, r.rate_per_1000, r.rri, r.significant])).toEqual([
      ['Asian', 0, null, null],
      ['Other', 0, null, null],
    ]);
  });

  it('probation_sv at the defaults: all ages, the shipped Census 2021 population by ethnicity', async () => {
    const [all] = demo.truths.disproportionalityProbation.runs;
    const { output, warnings } = await runHeadless({ queryId: 'disproportionality', dataDir: demo.dir, params: { cohort: 'probation_sv', area: AREA } });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(all!.params);
    const census = readCsv(join(referenceDataDir(), 'population_ethnicity.csv'));
    const pop = ethnicPopulation([], census, { area: AREA, periodEnd: all!.params.period_end, ageMin: 0, ageMax: 90 });
    expect(pop).toMatchObject({ White: 313632, Asian: 115109, Black: 65893, Mixed: 29026, Other: 28278 });
    checkDisproportionality(output.rows, all!, pop);
    expect(output.rows.filter((r) => r.significant === true).length).toBeGreaterThan(0);
  });

  it('probation_sv for adults (18-90) with the ethnicity × age population: the 17-year-old and the blank age drop out', async () => {
    const [, adults] = demo.truths.disproportionalityProbation.runs;
    const { output } = await runHeadless({ queryId: 'disproportionality', dataDir: withPopulation, params: { cohort: 'probation_sv', age_min: '18' } });
    expect(output.params).toEqual(adults!.params);
    checkDisproportionality(output.rows, adults!, ethnicPopulation(population, [], { area: AREA, periodEnd: adults!.params.period_end, ageMin: 18, ageMax: 90 }));
  });
});

describe('the planted children one at a time', () => {
  const { narrow, run } = useNarrowedWorkspace(() => withPopulation, ['yj_disposals', 'yj_offences']);

  it('ooc-reoffending: each counts in the planted group, reoffended and within columns', async () => {
    const { params, cases } = demo.truths.oocReoffending;
    for (const c of cases) {
      await narrow('child_id', c.child_id);
      const rows = await run('ooc-reoffending', asParams(params));
      const got = Object.fromEntries(rows.map((r) => [r.group, [r.children, r.reoffended, r.within_3m, r.within_3_6m]]));
      const one = (inGroup: boolean) => (inGroup ? [1, Number(c.reoffended), Number(c.within === '3m'), Number(c.within === '3-6m')] : [0, 0, 0, 0]);
      expect({ label: c.label, ...got }, c.label).toEqual({
        label: c.label,
        All: one(c.in_cohort),
        'Successfully completed': one(c.group === 'Successfully completed'),
        'Not completed': one(c.group === 'Not completed'),
      });
    }
  });

  it('disproportionality (yj_disposals): each counts in the planted row, or nowhere', async () => {
    const { runs, cases } = demo.truths.disproportionalityYj;
    for (const c of cases) {
      await narrow('child_id', c.child_id);
      const rows = await run('disproportionality', asParams(runs[0]!.params));
      expect({ label: c.label, in: rows.filter((r) => r.cohort_n !== 0).map((r) => [r.ethnicity, r.cohort_n]) }).toEqual({
        label: c.label,
        in: c.counts_as === null ? [] : [[c.counts_as, 1]],
      });
    }
  });
});

describe('the planted probation people one at a time', () => {
  // Everyone's rows that are not serious violence stay: every snapshot date remains, and they
  // count in neither cohort.
  const { narrow, run, sql } = useNarrowedWorkspace(() => withPopulation, ['probation_caseload'], 'serious_violence IS NOT TRUE');

  it('probation-first-time and probation_sv: each counts in the planted cell and row, or nowhere', async () => {
    const { params, cases } = demo.truths.probationFirstTime;
    const all = demo.truths.disproportionalityProbation.runs[0]!;
    for (const c of cases) {
      await narrow('person_id', c.person_id);
      const cells = (await run('probation-first-time', params)).filter((r) => r.persons !== 0);
      expect({ label: c.label, cells: cells.map((r) => [r.sex, r.age_band, r.persons, r.first_time]) }).toEqual({
        label: c.label,
        cells: c.cell === null ? [] : [[c.cell.sex, c.cell.age_band, 1, Number(c.first_time)]],
      });
      // All ages: the cohort is every serious-violence person at the snapshot, whatever their age or sex.
      const rows = await run('disproportionality', asParams(all.params));
      expect({ label: c.label, in: rows.filter((r) => r.cohort_n !== 0).map((r) => r.ethnicity) }).toEqual({
        label: c.label,
        in: c.sv_row === null ? [] : [c.sv_row],
      });
    }
  });

  it('two orders at the snapshot, one of them first time: the person counts as a first-timer', async () => {
    const { params, cases } = demo.truths.probationFirstTime;
    const returner = cases.find((c) => c.label === 'returner')!;
    await narrow('person_id', returner.person_id);
    expect((await run('probation-first-time', params)).filter((r) => r.persons !== 0).map((r) => [r.sex, r.age_band, r.persons, r.first_time])).toEqual([
      ['M', '26-35', 1, 0],
    ]);
    // A second, non-SV order at the same snapshot, recorded as first time.
    await sql(
      `INSERT INTO probation_caseload BY NAME
       SELECT person_id, snapshot_date, age, sex, ethnicity, 'Assault with injury' AS offence_type,
              false AS serious_violence, true AS first_time, 'order' AS order_type
       FROM probation_caseload WHERE person_id = $id AND snapshot_date = DATE '2024-12-31'`,
      { id: returner.person_id },
    );
    expect((await run('probation-first-time', params)).filter((r) => r.persons !== 0).map((r) => [r.sex, r.age_band, r.persons, r.first_time])).toEqual([
      ['M', '26-35', 1, 1],
    ]);
  });
});
