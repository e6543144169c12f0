import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHeadless } from './headless.js';

/**
 * The CLI code path on a small crafted folder: canonical CSVs imported, a population.csv in the
 * folder replacing the shipped one, the temp workspace cleaned up; and the CLI once as a real
 * subprocess (JSON on stdout; bad input → non-zero exit, one line on stderr, nothing on stdout).
 */
const ROOT = join(import.meta.dirname, '../..');

let dir: string;
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-cli-data-'));
  write(
    'offences.csv',
    [
      'crime_id,offence_date,offence_hour,offence_group,offence_type,serious_violence,domestic',
      'c1,2024-01-10,,Violence against the person,GBH with intent,true,true',
      'c2,2023-06-01,22,Violence against the person,Assault with injury,false,',
      'c3,2024-03-01,3,Robbery,Robbery of personal property,true,false',
    ].join('\n'),
  );
  write('victims.csv', ['crime_id,person_id,age,sex,home_lad', 'c1,p1,16,M,E09000001', 'c2,p1,15,M,E09000001', 'c3,p2,,F,E09000001'].join('\n'));
  // One area only, so `area` defaults to it: proof the folder's population replaced the shipped one.
  const pop = ['area,year,sex,age,ethnicity,population'];
  for (const sex of ['M', 'F']) for (let age = 0; age <= 90; age++) pop.push(`E09000001,2023,${sex},${age},,50`);
  write('population.csv', pop.join('\n'));
  write('notes.csv', 'not,a,table\n1,2,3\n'); // not a canonical name: ignored
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('runHeadless', () => {
  it('repeat-victimisation over a folder of canonical CSVs', async () => {
    const tempParent = mkdtempSync(join(tmpdir(), 'sv-cli-parent-'));
    const { output, warnings } = await runHeadless({ queryId: 'repeat-victimisation', dataDir: dir, params: {}, tempParent });
    expect(warnings).toEqual([]);
    expect(output.query).toBe('repeat-victimisation');
    expect(output.version).toBe('1.0.0');
    expect(output.params).toEqual({ period_end: '2024-03-01', period_months: 12, lookback_months: 12 });
    expect(output.columns).toEqual(['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high']);
    expect(output.rows.map((r) => [r.group, r.victims, r.repeat_victims, r.pct])).toEqual([
      ['All', 2, 1, 50],
      ['Domestic', 1, 1, 100],
      ['Non-domestic', 1, 0, 0],
    ]);
    expect(output.provenance.tables.map((t) => [t.name, t.rowCount, t.sourceFile?.name])).toEqual([
      ['offences', 3, 'offences.csv'],
      ['victims', 3, 'victims.csv'],
    ]);
    expect(output.provenance.tables[0]!.sourceFile!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(tempParent)).toEqual([]); // the temp workspace is gone
    rmSync(tempParent, { recursive: true });
  });

  it("age-rates takes the folder's population (one area, so area defaults to it)", async () => {
    const { output } = await runHeadless({ queryId: 'age-rates', dataDir: dir, params: { period_end: '2024-06-30' } });
    expect(output.params.area).toBe('E09000001');
    const m1417 = output.rows.find((r) => r.sex === 'M' && r.age_band === '14-17');
    expect(m1417).toMatchObject({ persons: 1, population: 200, rate_per_1000: 5, highest: true });
    expect(output.rows.find((r) => r.sex === 'F' && r.age_band === 'Unknown')).toMatchObject({ persons: 1, population: null });
    expect(output.provenance.tables.find((t) => t.name === 'population')).toMatchObject({
      rowCount: 182,
      sourceFile: { name: 'population.csv' },
    });
  });

  it('bad input is an error naming it, before or after the import', async () => {
    await expect(runHeadless({ queryId: 'nope', dataDir: dir, params: {} })).rejects.toThrow('unknown query nope');
    await expect(runHeadless({ queryId: 'age-rates', dataDir: dir, params: { size: '3' } })).rejects.toThrow('age-rates: unknown parameter size');
    await expect(runHeadless({ queryId: 'age-rates', dataDir: join(dir, 'nope'), params: {} })).rejects.toThrow('data folder not found');
    await expect(runHeadless({ queryId: 'age-rates', dataDir: dir, params: { source: 'suspects' } })).rejects.toThrow(
      'age-rates needs table suspects (columns: crime_id, person_id, age, sex, home_lad)',
    );
  });

  it('reports rows an import rejected, and still runs', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'sv-cli-data-'));
    try {
      writeFileSync(join(bad, 'offences.csv'), 'crime_id,offence_date,offence_group,offence_type,serious_violence\nc1,2024-01-01,V,T,true\nc2,not a date,V,T,true\n');
      writeFileSync(join(bad, 'victims.csv'), 'crime_id,person_id\nc1,p1\n');
      const { output, warnings } = await runHeadless({ queryId: 'repeat-victimisation', dataDir: bad, params: {} });
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^warning: offences\.csv: 1 row\(s\) rejected/);
      expect(output.rows[0]).toMatchObject({ group: 'All', victims: 1 });
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('the CLI as a subprocess', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the spec JSON shape and exits 0', () => {
    const r = cli('run', 'repeat-victimisation', '--data', dir, '--param', 'lookback_months=6', '--no-suppress');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['query', 'version', 'params', 'columns', 'rows', 'provenance']);
    expect(json.params).toEqual({ period_end: '2024-03-01', period_months: 12, lookback_months: 6 });
    expect(json.rows).toHaveLength(3);
  });

  it('bad input: non-zero exit, one line on stderr, nothing on stdout', () => {
    const r = cli('run', 'age-rates', '--data', dir, '--param', 'period_end=2024-02-30');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: age-rates: period_end must be a date written YYYY-MM-DD (got '2024-02-30') [invalid_args]\n");
  });
});
