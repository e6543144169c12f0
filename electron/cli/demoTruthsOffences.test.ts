import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Row } from '../contract/index.js';
import { buildDemoWorkspace } from '../../fixtures/build-demo.js';
import type { TrendTruth } from '../../fixtures/demo/trend.js';
import { loadLibrary } from '../engine/queries/library.js';
import { binomialTestP } from '../engine/queries/statsReference.js';
import { createRunRegistry, runQuery } from '../engine/queries/run.js';
import { openWorkspace } from '../engine/workspace/workspace.js';
import { asParams, close, useDemoFolder } from './demoFolder.js';
import { defaultQueriesDir, runHeadless } from './headless.js';

/**
 * The planted truths of `prolific-offenders`, `time-of-week` and `trend` (fixtures/demo/
 * offence-tables.ts) through the CLI code path on the demo folder (harm_weights.csv included),
 * and `trend` with the demo weights in the demo workspace that `npm start` opens.
 */
const demo = useDemoFolder('sv-demo-tables-');

/** A trend truth row, its harm columns null when run without weights. */
type Expected = Omit<TrendTruth, 'harm_current' | 'harm_previous'> & { harm_current: number | null; harm_previous: number | null };

/** Counts exact; change_pct and harm within 1e-9; p_value against the independent binomial. */
function checkTrend(rows: Row[], truth: Expected[]): void {
  expect(rows.map((r) => ({ group: r.group, current: r.current, previous: r.previous }))).toEqual(
    truth.map((t) => ({ group: t.group, current: t.current, previous: t.previous })),
  );
  rows.forEach((r, i) => {
    const t = truth[i]!;
    close(r.change_pct, t.change_pct, `${t.group} change_pct`);
    close(r.p_value, binomialTestP(t.current, t.previous), `${t.group} p_value`);
    close(r.harm_current, t.harm_current, `${t.group} harm_current`);
    close(r.harm_previous, t.harm_previous, `${t.group} harm_previous`);
    close(r.harm_change_pct, t.harm_change_pct, `${t.group} harm_change_pct`);
  });
}

describe('demo partnership, prolific-offenders planted truth, headless', () => {
  it('the default run lists exactly the planted and background people, most offences first', async () => {
    const truth = demo.truths.prolificOffenders;
    const { output, warnings } = await runHeadless({ queryId: 'prolific-offenders', dataDir: demo.dir, params: {} });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params); // defaults: the latest offence date, 36 months, 10
    expect(output.rows).toEqual(truth.rows);
    expect(truth.rows.map((r) => r.offences)).toEqual([16, 12, 11, 11, 10, 10]);
  });

  it('each planted person counts exactly as planted; 37 months take in the boundary crime', async () => {
    const truth = demo.truths.prolificOffenders;
    const all = await runHeadless({ queryId: 'prolific-offenders', dataDir: demo.dir, params: asParams({ ...truth.params, min_offences: 1 }) });
    for (const c of truth.cases) {
      const got = all.output.rows.find((r) => r.person_id === c.person_id)?.offences;
      expect({ label: c.label, offences: got }).toEqual({ label: c.label, offences: c.offences });
    }
    const who = truth.cases.find((c) => c.label === 'tenth-on-excluded-boundary')!.person_id;
    const wider = await runHeadless({ queryId: 'prolific-offenders', dataDir: demo.dir, params: asParams({ ...truth.params, period_months: 37 }) });
    expect(wider.output.rows.find((r) => r.person_id === who)).toMatchObject({ offences: 10, first_offence: '2021-12-31' });
  });
});

describe('demo partnership, time-of-week planted truth, headless', () => {
  it('2023 in E08000003: the whole 7 × 25 grid, the Saturday 23:00 peak, period_end in, 12 months before out', async () => {
    const truth = demo.truths.timeOfWeek;
    const { output, warnings } = await runHeadless({ queryId: 'time-of-week', dataDir: demo.dir, params: asParams(truth.params) });
    expect(warnings).toEqual([]);
    expect(output.params).toEqual(truth.params);
    expect(output.rows).toEqual(truth.rows);
    expect(output.rows.find((r) => r.day_of_week === 'Sat' && r.hour === 23)?.offences).toBe(26);
  });
});

describe('demo partnership, trend planted truth with the demo CSS weights, headless', () => {
  it('by none: current, previous, change_pct, p_value and the harm sums', async () => {
    const truth = demo.truths.trend;
    const { output, warnings } = await runHeadless({ queryId: 'trend', dataDir: demo.dir, params: asParams({ ...truth.params, by: 'none' }) });
    expect(warnings).toEqual([]);
    checkTrend(output.rows, truth.rows);
    expect(truth.rows[0]).toMatchObject({ current: 575, previous: 523 });
  });

  it('by offence_type: All, then each type alphabetically; a type without a weight has harm 0 and no harm change', async () => {
    const truth = demo.truths.trend;
    const { output } = await runHeadless({ queryId: 'trend', dataDir: demo.dir, params: asParams({ ...truth.params, by: 'offence_type' }) });
    checkTrend(output.rows, truth.byOffenceType);
    expect(output.rows.find((r) => r.group === 'Attempted murder')).toMatchObject({ harm_current: 0, harm_previous: 0, harm_change_pct: null });
  });

  it('without weights the harm columns are null and the counts the same', async () => {
    const truth = demo.truths.trend;
    const { output } = await runHeadless({ queryId: 'trend', dataDir: demo.dir, params: {} });
    expect(output.params).toMatchObject({ period_end: truth.params.period_end, period_months: truth.params.period_months, by: 'none', weights: 'none' });
    checkTrend(output.rows, truth.rows.map((t) => ({ ...t, harm_current: null, harm_previous: null, harm_change_pct: null })));
  });

  it('the demo workspace (rebuilt when its generator changed) carries the demo harm_weights: trend with CSS gives the same figures there', async () => {
    const wsDir = mkdtempSync(join(tmpdir(), 'sv-demo-ws-'));
    const ws = await openWorkspace(wsDir, { inMemory: true });
    try {
      expect(await buildDemoWorkspace(ws)).toBe(true);
      // The same demo again: nothing to do. A workspace made by another generator: rebuilt.
      expect(await buildDemoWorkspace(ws)).toBe(false);
      await ws.conn.run("UPDATE _sv_demo SET fingerprint = 'an older generator'");
      await ws.conn.run('DELETE FROM offences WHERE true');
      expect(await buildDemoWorkspace(ws)).toBe(true);
      expect(Number((await ws.conn.runAndReadAll('SELECT count(*) FROM offences')).getRows()[0]?.[0])).toBe(demo.tables.offences.length);
      const weights = await ws.conn.runAndReadAll('SELECT offence_type, offence_code, weight, scheme FROM harm_weights');
      expect(weights.getRowObjectsJson()).toEqual(demo.reference.harm_weights);
      const library = await loadLibrary(defaultQueriesDir());
      const params = asParams({ ...demo.truths.trend.params, by: 'offence_type' });
      const result = await runQuery(ws, library, { queryId: 'trend', params, runId: 'demo-ws' }, createRunRegistry());
      checkTrend(result.rows, demo.truths.trend.byOffenceType);
    } finally {
      ws.close();
      rmSync(wsDir, { recursive: true, force: true });
    }
  });
});
