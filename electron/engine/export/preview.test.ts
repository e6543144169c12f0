import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResult, SUPPRESSED, type Channel, type Result } from '../../contract/index.js';
import { createEngine, type Engine } from '../engine.js';
import { loadLibrary } from '../queries/library.js';
import { craft, type CraftedRow } from '../queries/testTables.js';
import { openWorkspace } from '../workspace/workspace.js';
import { recoverableCells } from './bruteForce.js';
import { PERSONAL_DATA_TEXT, ruleText } from './disclosure.js';
import { PREVIEW_MAX_ROWS } from './preview.js';

/**
 * export.preview through the engine's contract (arguments parsed, the result checked as the
 * renderer checks it): a crafted workspace whose figures are counted by hand below, then the
 * demo partnership, on which every library entry's `disclosure:` block is held against the
 * columns its run really returns.
 */
const queriesDir = resolve(import.meta.dirname, '../../../queries');
const C = SUPPRESSED;

type EngineCall = Exclude<Channel, `files.${string}`>;
const caller = (engine: () => Engine) => async <Ch extends EngineCall>(channel: Ch, args: unknown): Promise<Result<Ch>> =>
  parseResult(channel, await engine().handle(channel, args));

// Twelve victims of serious violence in June 2024: p1-p3 on domestic offences, p4-p12 not.
// p1 and p4-p9 were victims of (non-serious) violence in January: repeat victims.
//            victims  repeat
//   All         12       7
//   Domestic     3       1
//   Non-dom      9       6
const offences: CraftedRow[] = [];
const victims: CraftedRow[] = [];
for (let i = 1; i <= 12; i++) {
  offences.push({
    crime_id: `sv${i}`,
    offence_date: `2024-06-${String(i + 10)}`,
    offence_group: i <= 10 ? 'Violence against the person' : 'Robbery',
    offence_type: 'Wounding',
    serious_violence: true,
    domestic: i <= 3,
  });
  victims.push({ crime_id: `sv${i}`, person_id: `p${i}` });
}
for (const i of [1, 4, 5, 6, 7, 8, 9]) {
  offences.push({
    crime_id: `pr${i}`,
    offence_date: '2024-01-15',
    offence_group: 'Violence against the person',
    offence_type: 'Common assault',
    serious_violence: false,
    domestic: false,
  });
  victims.push({ crime_id: `pr${i}`, person_id: `p${i}` });
}
// One suspect linked to three violence offences (a row-level list with min_offences = 1).
const suspects: CraftedRow[] = [1, 2, 3].map((i) => ({ crime_id: `sv${i}`, person_id: 's1' }));

describe('export.preview on a crafted workspace', () => {
  let dir: string;
  let engine: Engine;
  const call = caller(() => engine);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-export-preview-'));
    const ws = await openWorkspace(join(dir, 'ws'));
    await craft(ws, 'offences', offences);
    await craft(ws, 'victims', victims);
    await craft(ws, 'suspects', suspects);
    ws.close();
    engine = await createEngine({ workspaceDir: join(dir, 'ws'), queriesDir, demo: false });
  }, 120_000);
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies each rule to a library result with its entry metadata (All total row, derived columns)', async () => {
    const run = await call('query.run', { queryId: 'repeat-victimisation', params: {}, runId: 'rv' });
    expect(run.rows.map((r) => [r.group, r.victims, r.repeat_victims])).toEqual([
      ['All', 12, 7],
      ['Domestic', 3, 1],
      ['Non-domestic', 9, 6],
    ]);
    const all = run.rows[0]!;

    // The default rule: Domestic's 3 victims and 1 repeat victim are small; All - Domestic would
    // give them back, so Non-domestic's 9 and 6 go too, and every percentage of those rows.
    const p5 = await call('export.preview', { resultId: run.resultId });
    expect(p5).toMatchObject({ resultId: run.resultId, rule: 'threshold5', ruleText: ruleText('threshold5'), complete: true, rowCount: 3, personalData: false });
    expect(p5.columns).toEqual(['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high']);
    expect(p5.rows).toEqual([
      ['All', 12, 7, all.pct, all.ci_low, all.ci_high],
      ['Domestic', C, C, C, C, C],
      ['Non-domestic', C, C, C, C, C],
    ]);
    expect(p5.hidden.filter((h) => h.why !== 'derived').map((h) => `${h.column}@${h.row}:${h.why}`)).toEqual([
      'victims@1:primary',
      'repeat_victims@1:primary',
      'victims@2:secondary',
      'repeat_victims@2:secondary',
    ]);
    expect(p5.hidden.filter((h) => h.why === 'derived')).toHaveLength(6);
    expect(p5.atRisk).toEqual([]);

    // Threshold 10: 9, 7, 3, 1 and 6 are all below 10; only All's 12 victims stay.
    const p10 = await call('export.preview', { resultId: run.resultId, rule: 'threshold10' });
    expect(p10.rows).toEqual([
      ['All', 12, C, C, C, C],
      ['Domestic', C, C, C, C, C],
      ['Non-domestic', C, C, C, C, C],
    ]);

    // Base 5: 12 → 10, 7 → 5, 3 → 5, 1 → 0, 9 → 10, 6 → 5; every row has a count of 1 to 9.
    const r5 = await call('export.preview', { resultId: run.resultId, rule: 'round5' });
    expect(r5.rows).toEqual([
      ['All', 10, 5, C, C, C],
      ['Domestic', 5, 0, C, C, C],
      ['Non-domestic', 10, 5, C, C, C],
    ]);
    expect(r5.ruleText).toBe(ruleText('round5'));

    const none = await call('export.preview', { resultId: run.resultId, rule: 'none' });
    expect(none.rows).toEqual(run.rows.map((r) => run.columns.map((c) => r[c.name])));
    expect(none.hidden).toEqual([]);
  });

  it('gives an ad-hoc result the default metadata from its column types', async () => {
    const run = await call('query.runAdhoc', {
      sql: 'SELECT offence_group, count(*) AS offences, avg(coalesce(offence_hour, 0)) AS mean_hour FROM offences GROUP BY ALL ORDER BY offences DESC',
      runId: 'adhoc',
    });
    expect(run.rows.map((r) => [r.offence_group, r.offences])).toEqual([
      ['Violence against the person', 17],
      ['Robbery', 2],
    ]);
    // offences (BIGINT, from count) is a count; offence_group a dimension; mean_hour (DOUBLE)
    // derived. Robbery's 2 is small, and the two groups add up to a knowable total: both go.
    const p = await call('export.preview', { resultId: run.resultId });
    expect(p.rows).toEqual([
      ['Violence against the person', C, C],
      ['Robbery', C, C],
    ]);
    expect(p.personalData).toBe(false);
  });

  it('marks a row-level list as personal data and never suppresses it', async () => {
    const run = await call('query.run', { queryId: 'prolific-offenders', params: { min_offences: 1 }, runId: 'po' });
    expect(run.rows.map((r) => [r.person_id, r.offences])).toEqual([['s1', 3]]);
    const p = await call('export.preview', { resultId: run.resultId, rule: 'threshold5' });
    expect(p.personalData).toBe(true);
    expect(p.rows[0]!.slice(0, 2)).toEqual(['s1', 3]);
    expect(p.hidden).toEqual([]);
    expect(p.ruleText).toBe(PERSONAL_DATA_TEXT);
  });

  it('previews a large result in part and says so', async () => {
    const run = await call('query.runAdhoc', { sql: `SELECT i AS row_no, 7 AS n FROM range(${PREVIEW_MAX_ROWS + 5}) AS t(i)`, runId: 'big' });
    const p = await call('export.preview', { resultId: run.resultId, rule: 'none' });
    expect(p.rowCount).toBe(PREVIEW_MAX_ROWS + 5);
    expect(p.rows).toHaveLength(PREVIEW_MAX_ROWS);
    expect(p.complete).toBe(false);
    expect(p.rows[PREVIEW_MAX_ROWS - 1]).toEqual([PREVIEW_MAX_ROWS - 1, 7]);
  });

  it('refuses a result it does not hold, and a rule it does not know', async () => {
    await expect(engine.handle('export.preview', { resultId: 'r_999' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(engine.handle('export.preview', { resultId: 'r_1', rule: 'threshold3' })).rejects.toMatchObject({ code: 'invalid_args' });
  });
});

describe('every library entry on the demo partnership', () => {
  let dir: string;
  let engine: Engine;
  const call = caller(() => engine);
  const AREA = 'E08000003';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sv-export-demo-'));
    engine = await createEngine({ workspaceDir: dir, queriesDir, demo: true });
  }, 120_000);
  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names real output columns in its disclosure block, gives every column one role, and previews safely', { timeout: 120_000 }, async () => {
    const library = await loadLibrary(queriesDir);
    const checked: string[] = [];
    const bruteForced: string[] = [];
    for (const entry of library) {
      const block = entry.disclosure;
      expect(block, `${entry.id} has a disclosure block`).toBeDefined();
      if (!block) continue;
      const params = entry.params.some((p) => p.name === 'area') ? { area: AREA } : {};
      const run = await call('query.run', { queryId: entry.id, params, runId: `demo-${entry.id}` });
      const columns = run.columns.map((c) => c.name);

      // Every output column has exactly one role (a count may also be derived_all: a rolling sum).
      const roles = [...entry.countColumns, ...block.dimensions, ...block.derived, ...block.public, ...block.derivedAll.filter((c) => !entry.countColumns.includes(c))];
      expect([...roles].sort(), entry.id).toEqual([...columns].sort());
      for (const d of [...Object.keys(block.totals), ...Object.keys(block.outside)]) expect(block.dimensions, entry.id).toContain(d);
      // A total row label is a value the dimension really takes.
      for (const [d, label] of Object.entries(block.totals)) expect(run.rows.map((r) => String(r[d])), entry.id).toContain(label);

      const p = await call('export.preview', { resultId: run.resultId });
      expect(p.personalData, entry.id).toBe(entry.rowLevel);
      expect(p.rows, entry.id).toHaveLength(run.rowCount);
      expect(p.atRisk, entry.id).toEqual([]);
      if (entry.rowLevel) continue;
      const at = (name: string) => columns.indexOf(name);
      run.rows.forEach((row, r) => {
        for (const c of entry.countColumns) {
          const v = row[c];
          if (typeof v === 'number' && v >= 1 && v <= 4) expect(p.rows[r]![at(c)], `${entry.id} ${c}@${r}`).toBe(C);
          if (v === 0 && !p.hidden.some((h) => h.row === r && h.column === c)) expect(p.rows[r]![at(c)]).toBe(0);
        }
        const anyHidden = entry.countColumns.some((c) => p.rows[r]![at(c)] === C);
        if (anyHidden) for (const c of block.derived) if (row[c] !== null) expect(p.rows[r]![at(c)], `${entry.id} ${c}@${r}`).toBe(C);
      });
      // Small tables whose lines add up exactly (no total row that may hold more than its
      // members, like All with blank flags): the brute-force attacker pins no hidden count.
      if (run.rowCount <= 12 && Object.keys(block.totals).length === 0) {
        const meta = { countColumns: entry.countColumns.filter((c) => !block.derivedAll.includes(c)), dimensions: block.dimensions, outside: block.outside };
        expect(recoverableCells(run.rows, p.rows, columns, meta), entry.id).toEqual([]);
        if (p.hidden.some((h) => h.why !== 'derived')) bruteForced.push(entry.id);
      }
      checked.push(entry.id);
    }
    expect(checked).toHaveLength(14);
    // The demo's small groups do get hidden: the brute force had work on these.
    expect(bruteForced).toEqual(['cohort-profile', 'deprivation', 'hotspots', 'probation-first-time']);
  });
});
