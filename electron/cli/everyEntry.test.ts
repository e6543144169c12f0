import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsvs } from '../../fixtures/generate-demo.js';

/**
 * Every library entry through the real CLI process, exactly as the spec's "Headless runs" says
 * (`npm run --silent cli -- run <id> --data <folder> …` runs `tsx electron/cli/main.ts`), on the
 * demo partnership's folder of canonical CSVs: exit 0, the spec's JSON shape, and the output
 * columns the spec lists for the entry, in its order. The figures themselves are pinned by the
 * planted-truth tests; this holds the command line and the column contract.
 */
const ROOT = join(import.meta.dirname, '../..');
const AREA = 'E08000003';

/** Output columns per entry, copied from shared/spec/query-library.md ("Entries"). */
const SPEC_COLUMNS: Record<string, string[]> = {
  'repeat-victimisation': ['group', 'victims', 'repeat_victims', 'pct', 'ci_low', 'ci_high'],
  'repeat-offending': ['measure', 'suspects', 'with_prior', 'pct', 'ci_low', 'ci_high'],
  'prolific-offenders': ['person_id', 'offences', 'domestic_offences', 'first_offence', 'last_offence'],
  'age-rates': ['sex', 'age_band', 'persons', 'population', 'rate_per_1000', 'ci_low', 'ci_high', 'highest'],
  disproportionality: [
    'ethnicity',
    'cohort_n',
    'cohort_pct',
    'population',
    'population_pct',
    'disproportionality_ratio',
    'rate_per_1000',
    'rri',
    'rri_ci_low',
    'rri_ci_high',
    'significant',
  ],
  deprivation: ['imd_decile', 'persons', 'pct', 'baseline_pct', 'ratio'],
  trend: ['group', 'current', 'previous', 'change_pct', 'p_value', 'harm_current', 'harm_previous', 'harm_change_pct'],
  'monthly-trend': ['month', 'offences', 'rolling_12'],
  'time-of-week': ['day_of_week', 'hour', 'offences'],
  hotspots: ['place', 'offences', 'pct', 'rank'],
  'weapons-by-age': ['group', 'offences', 'knife_offences', 'pct', 'ci_low', 'ci_high'],
  residence: ['residence', 'persons', 'pct'],
  'ooc-reoffending': ['group', 'children', 'reoffended', 'pct', 'ci_low', 'ci_high', 'within_3m', 'within_3_6m'],
  'probation-first-time': ['sex', 'age_band', 'persons', 'first_time', 'pct'],
  'cohort-profile': ['value', 'persons', 'pct'],
};

interface Listed {
  id: string;
  version: string;
  params: { name: string }[];
}

const exec = promisify(execFile);
const cli = (...args: string[]) =>
  exec(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/cli/main.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });

/** Runs `work` over `items`, two at a time (the machines have two cores). */
async function twoAtATime<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all([lane(), lane()]);
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-every-entry-'));
  writeDemoCsvs(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every library entry through the CLI on a folder of canonical CSVs', () => {
  it('`npm run cli` is this entry point', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.cli).toBe('tsx electron/cli/main.ts');
  });

  it('list names the 15 spec entries; each runs with exit 0, the spec JSON shape and columns', { timeout: 300_000 }, async () => {
    const listed = JSON.parse((await cli('list', '--format', 'json')).stdout) as Listed[];
    expect(listed.map((e) => e.id).sort()).toEqual(Object.keys(SPEC_COLUMNS).sort());

    const outputs = await twoAtATime(listed, async (entry) => {
      // The demo folder has no population.csv, so the shipped all-LA one applies and `area` is required.
      const area = entry.params.some((p) => p.name === 'area') ? ['--param', `area=${AREA}`] : [];
      const { stdout, stderr } = await cli('run', entry.id, '--data', dir, ...area);
      return { entry, stderr, json: JSON.parse(stdout) as Record<string, unknown> };
    });
    for (const { entry, stderr, json } of outputs) {
      expect(stderr, entry.id).toBe('');
      expect(Object.keys(json), entry.id).toEqual(['query', 'version', 'params', 'columns', 'rows', 'provenance']);
      expect(json.query, entry.id).toBe(entry.id);
      expect(json.version, entry.id).toBe(entry.version);
      expect(Object.keys(json.params as object), entry.id).toEqual(entry.params.map((p) => p.name));
      expect(json.columns, entry.id).toEqual(SPEC_COLUMNS[entry.id]);
      const rows = json.rows as Record<string, unknown>[];
      expect(rows.length, entry.id).toBeGreaterThan(0);
      for (const r of rows) expect(Object.keys(r), entry.id).toEqual(SPEC_COLUMNS[entry.id]);
    }
  });

  it('--format csv: the spec columns as the header, one line per row', { timeout: 60_000 }, async () => {
    const { stdout } = await cli('run', 'hotspots', '--data', dir, '--param', 'top=3', '--format', 'csv');
    const lines = stdout.trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(SPEC_COLUMNS.hotspots!.join(','));
    // The planted top three (a tie at rank 2) and the Unknown row for blank places.
    const places = lines.slice(1).map((l) => /^("[^"]*"|[^,]*),(\d+),/.exec(l)?.slice(1, 3).join(' = '));
    expect(places).toEqual(['Piccadilly Gardens = 40', '"Canal Street, The Village" = 32', 'HMP Manchester = 32', expect.stringMatching(/^Unknown = \d+$/)]);
  });
});
