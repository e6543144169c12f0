import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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

  it('under a rule: hidden cells are null in the JSON, and provenance.disclosure says which and why', async () => {
    const plain = await runHeadless({ queryId: 'repeat-victimisation', dataDir: dir, params: {} });
    expect(plain.output.provenance.disclosure).toEqual({ rule: 'none', text: expect.stringMatching(/^No disclosure control/), hidden: [] });
    const { output } = await runHeadless({ queryId: 'repeat-victimisation', dataDir: dir, params: {}, rule: 'threshold5' });
    const { disclosure } = output.provenance;
    expect(disclosure.rule).toBe('threshold5');
    expect(disclosure.text).toMatch(/^Counts of 1 to 4 suppressed/);
    // Every count here is 0, 1 or 2: the 1s and 2s are hidden (primary), the zero shown.
    for (const [r, row] of output.rows.entries()) {
      for (const c of ['victims', 'repeat_victims']) {
        const was = plain.output.rows[r]![c] as number;
        if (was > 0) {
          expect(row[c], `${row.group} ${c}`).toBeNull();
          expect(disclosure.hidden).toContainEqual({ row: r, column: c, why: 'primary' });
        } else {
          expect(row[c]).toBe(0);
        }
      }
      // A percentage from a hidden count is hidden too.
      expect(row.pct).toBeNull();
    }
    // Exactly the hidden cells are null; the rest are as run.
    const hidden = new Set(disclosure.hidden.map((h) => `${h.row}:${h.column}`));
    for (const [r, row] of output.rows.entries()) {
      for (const c of output.columns) expect(row[c]).toEqual(hidden.has(`${r}:${c}`) ? null : plain.output.rows[r]![c]);
    }
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

  it('applies the default rule unless --no-suppress: null in JSON, [c] in CSV', () => {
    const json = cli('run', 'repeat-victimisation', '--data', dir);
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout) as { rows: Record<string, unknown>[]; provenance: { disclosure: { rule: string } } };
    expect(parsed.provenance.disclosure.rule).toBe('threshold5');
    expect(parsed.rows.map((r) => [r.group, r.victims, r.repeat_victims])).toEqual([
      ['All', null, null],
      ['Domestic', null, null],
      ['Non-domestic', null, 0],
    ]);
    const csv = cli('run', 'repeat-victimisation', '--data', dir, '--format', 'csv');
    expect(csv.stdout.split('\n').slice(0, 4).map((l) => l.split(',').slice(0, 4))).toEqual([
      ['group', 'victims', 'repeat_victims', 'pct'],
      ['All', '[c]', '[c]', '[c]'],
      ['Domestic', '[c]', '[c]', '[c]'],
      ['Non-domestic', '[c]', '0', '[c]'],
    ]);
  });

  it('--out writes the XLSX (table, [c], provenance sheet) and prints a summary; CSV with --no-suppress is exact', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'sv-cli-out-'));
    try {
      const xlsx = join(outDir, 'rv.xlsx');
      const r = cli('run', 'repeat-victimisation', '--data', dir, '--out', xlsx);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const summary = JSON.parse(r.stdout) as Record<string, unknown> & { disclosure: { rule: string; hidden: unknown[] } };
      expect(summary).toMatchObject({ query: 'repeat-victimisation', version: '1.0.0', savedTo: xlsx, format: 'xlsx', rows: 3 });
      expect(summary.disclosure.rule).toBe('threshold5');
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(xlsx);
      const sheet = book.getWorksheet('Table')!;
      expect((sheet.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['All', '[c]', '[c]']);
      expect(sheet.getRow(4).getCell(3).value).toBe(0);
      const prov = new Map<string, unknown>();
      book.getWorksheet('Provenance')!.eachRow((row) => prov.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(prov.get('Disclosure rule')).toBe('threshold5');
      expect(prov.get('Cells hidden')).toMatch(new RegExp(`^${summary.disclosure.hidden.length} \\(`));
      expect(prov.get('Parameter: period_end')).toBe('2024-03-01');

      const csv = join(outDir, 'rv.csv');
      expect(cli('run', 'repeat-victimisation', '--data', dir, '--out', csv, '--no-suppress').status).toBe(0);
      const text = readFileSync(csv, 'utf8');
      expect(text.startsWith('\uFEFFgroup,victims,repeat_victims,pct,')).toBe(true);
      expect(text.split('\r\n').slice(1, 4).map((l) => l.split(',').slice(0, 4))).toEqual([
        ['All', '2', '1', '50'],
        ['Domestic', '1', '1', '100'],
        ['Non-domestic', '1', '0', '0'],
      ]);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  it('a row-level list goes to a file only with --confirm-personal-data', () => {
    const data = mkdtempSync(join(tmpdir(), 'sv-cli-list-'));
    try {
      writeFileSync(join(data, 'offences.csv'), 'crime_id,offence_date,offence_group,offence_type,serious_violence\nc1,2024-01-01,Violence against the person,GBH,true\n');
      writeFileSync(join(data, 'suspects.csv'), 'crime_id,person_id\nc1,s1\n');
      const out = join(data, 'list.csv');
      const refused = cli('run', 'prolific-offenders', '--data', data, '--param', 'min_offences=1', '--out', out);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(/^error: prolific-offenders is a row-level list .* Add --confirm-personal-data/);
      expect(existsSync(out)).toBe(false);
      const ok = cli('run', 'prolific-offenders', '--data', data, '--param', 'min_offences=1', '--out', out, '--confirm-personal-data');
      expect(ok.status).toBe(0);
      expect(readFileSync(out, 'utf8').split('\r\n')[1]).toMatch(/^s1,1,/); // the whole list: a count of 1 shown
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('bad input: non-zero exit, one line on stderr, nothing on stdout', () => {
    const r = cli('run', 'age-rates', '--data', dir, '--param', 'period_end=2024-02-30');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("error: age-rates: period_end must be a date written YYYY-MM-DD (got '2024-02-30') [invalid_args]\n");
  });
});
