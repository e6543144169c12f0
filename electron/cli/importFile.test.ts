import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_KIND, type MappingProfile } from '../contract/index.js';
import { parseCommand } from './args.js';
import { runHeadless } from './headless.js';
import { importHeadless } from './importFile.js';

/**
 * `import` without a window: canonical files need no profile, raw ones take one; problems are
 * kept flagged unless left out by kind; a required column missing fails with one line; and
 * `run --workspace` reads what was imported.
 */
const ROOT = join(import.meta.dirname, '../..');

let dir: string;
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-cli-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OFFENCES = [
  'crime_id,offence_date,offence_group,offence_type,serious_violence,domestic',
  'c1,2024-01-10,Violence against the person,GBH with intent,true,TRUE',
  'c2,2023-06-01,Violence against the person,Assault with injury,false,',
  'c3,2024-03-01,Robbery,Robbery of personal property,true,false',
  'c3,2099-03-01,Robbery,Robbery of personal property,true,false',
].join('\n');

const VICTIMS_RAW = ['URN|Victim|Age at offence|Gender', 'c1|p1|16|Male', 'c2|p1|15|Male', 'c3|p2|130|Female', 'c9|p3|20|Female'].join('\n');

const VICTIMS_PROFILE: MappingProfile = {
  kind: PROFILE_KIND,
  version: 1,
  name: 'Victims monthly',
  table: 'victims',
  sourceColumns: ['URN', 'Victim', 'Age at offence', 'Gender'],
  read: { delimiter: '|' },
  columns: {
    crime_id: { source: 'URN' },
    person_id: { source: 'Victim' },
    age: { source: 'Age at offence' },
    sex: { source: 'Gender', codes: { Male: 'M', Female: 'F' } },
  },
};

describe('importHeadless', () => {
  it('canonical file without a profile, then a raw one with a profile, then run --workspace over them', async () => {
    const workspaceDir = join(dir, 'ws1');
    const offences = await importHeadless({
      file: write('offences.csv', OFFENCES),
      table: 'offences',
      workspaceDir,
      mappingPath: null,
      mode: 'replace',
      leaveOut: ['date_in_future'],
    });
    expect(offences.warnings).toEqual([]);
    expect(Object.keys(offences.output)).toEqual(['table', 'rows_loaded', 'rows_rejected', 'problems']);
    expect(offences.output).toEqual({
      table: 'offences',
      rows_loaded: 3,
      rows_rejected: 1,
      problems: [
        { kind: 'duplicate_key', column: 'crime_id', count: 1, examples: [{ line: 5, values: { crime_id: 'c3' } }] },
        { kind: 'date_in_future', column: 'offence_date', count: 1, examples: [{ line: 5, values: { crime_id: 'c3', offence_date: '2099-03-01' } }] },
      ],
    });

    const victims = await importHeadless({
      file: write('victims-raw.csv', VICTIMS_RAW),
      table: 'victims',
      workspaceDir,
      mappingPath: write('victims.json', JSON.stringify(VICTIMS_PROFILE)),
      mode: 'replace',
      leaveOut: ['orphan_crime', 'age_out_of_range'],
    });
    expect(victims.output).toEqual({
      table: 'victims',
      rows_loaded: 2,
      rows_rejected: 2,
      problems: [
        { kind: 'orphan_crime', column: 'crime_id', count: 1, examples: [{ line: 5, values: { crime_id: 'c9', person_id: 'p3' } }] },
        { kind: 'age_out_of_range', column: 'age', count: 1, examples: [{ line: 4, values: { crime_id: 'c3', person_id: 'p2', age: 130 } }] },
      ],
    });

    const { output } = await runHeadless({ queryId: 'repeat-victimisation', workspaceDir, params: {} });
    expect(output.rows[0]).toMatchObject({ group: 'All', victims: 1, repeat_victims: 1 });
    expect(output.provenance.tables.map((t) => [t.name, t.rowCount, t.sourceFile?.name])).toEqual([
      ['offences', 3, 'offences.csv'],
      ['victims', 2, 'victims-raw.csv'],
    ]);
  });

  it('warns when the extract layout differs from the profile, and fails on a missing required column', async () => {
    const workspaceDir = join(dir, 'ws2');
    const moved = ['Gender|URN|Victim|Age at offence|Notes', 'Male|c1|p1|16|x'].join('\n');
    const { warnings, output } = await importHeadless({
      file: write('victims-june.csv', moved),
      table: 'victims',
      workspaceDir,
      mappingPath: write('victims2.json', JSON.stringify(VICTIMS_PROFILE)),
      mode: 'replace',
      leaveOut: [],
    });
    expect(output.rows_loaded).toBe(1);
    expect(warnings).toEqual(['warning: victims-june.csv: the layout differs from the profile "Victims monthly": new "Notes"; columns in another order']);

    await expect(
      importHeadless({ file: write('v.csv', 'crime_id,age\nc1,3\n'), table: 'victims', workspaceDir, mappingPath: null, mode: 'replace', leaveOut: [] }),
    ).rejects.toThrow('v.csv: The victims table needs person_id, and no column of this extract is mapped to it');
    await expect(
      importHeadless({ file: write('v.csv', 'crime_id,age\nc1,3\n'), table: 'crimes', workspaceDir, mappingPath: null, mode: 'replace', leaveOut: [] }),
    ).rejects.toThrow(/^crimes is not a canonical table/);
    await expect(
      importHeadless({ file: join(dir, 'v.csv'), table: 'offences', workspaceDir, mappingPath: join(dir, 'victims.json'), mode: 'replace', leaveOut: [] }),
    ).rejects.toThrow('victims.json: the profile maps onto victims, not offences');
  });
});

describe('parseCommand import / run --workspace', () => {
  it('parses', () => {
    expect(parseCommand(['import', 'f.xlsx', '--table', 'offences', '--workspace', 'w', '--mapping', 'p.json', '--leave-out', 'duplicate_key,orphan_crime'])).toEqual({
      kind: 'import',
      file: 'f.xlsx',
      table: 'offences',
      workspaceDir: 'w',
      mappingPath: 'p.json',
      mode: 'replace',
      leaveOut: ['duplicate_key', 'orphan_crime'],
    });
    expect(parseCommand(['run', 'q', '--workspace', 'w'])).toEqual({ kind: 'run', queryId: 'q', workspaceDir: 'w', params: {}, format: 'json', suppress: true });
  });

  it.each([
    [['import', '--table', 't', '--workspace', 'w'], /import needs a file/],
    [['import', 'f', '--workspace', 'w'], /import needs --table/],
    [['import', 'f', '--table', 't'], /import needs --workspace/],
    [['import', 'f', '--table', 't', '--workspace', 'w', '--leave-out', 'typo'], /unknown problem kind typo/],
    [['import', 'f', '--table', 't', '--workspace', 'w', '--mode', 'merge'], /--mode must be create, replace or append/],
    [['run', 'q', '--data', 'd', '--workspace', 'w'], /not both/],
    [['run', 'q', '--data', 'd', '--table', 't'], /run takes no --table/],
  ])('refuses %j', (argv, why) => {
    expect(() => parseCommand(argv)).toThrow(why);
  });
});

describe('import as a subprocess', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('prints the JSON shape and exits 0; a missing required column exits 1 with one line on stderr', () => {
    const workspaceDir = join(dir, 'ws3');
    const ok = cli('import', write('o.csv', OFFENCES), '--table', 'offences', '--workspace', workspaceDir);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const json = JSON.parse(ok.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['table', 'rows_loaded', 'rows_rejected', 'problems']);
    expect([json.rows_loaded, json.rows_rejected]).toEqual([4, 0]);

    const bad = cli('import', write('bad.csv', 'crime_id,offence_date\nc1,2024-01-01\n'), '--table', 'offences', '--workspace', workspaceDir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'error: bad.csv: The offences table needs offence_group, and no column of this extract is mapped to it; The offences table needs offence_type, and no column of this extract is mapped to it; The offences table needs serious_violence, and no column of this extract is mapped to it [missing_data]\n',
    );
  });
});
