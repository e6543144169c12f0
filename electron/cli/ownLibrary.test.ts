import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './args.js';
import { runHeadless } from './headless.js';

/**
 * `--library <dir>`: the analyst's own saved queries listed and run headless beside the app's,
 * while the spec's command forms stay as they were.
 */
const ROOT = join(import.meta.dirname, '../..');
const SQL = `SELECT v.sex, count(DISTINCT v.person_id) AS victims
FROM victims AS v
WHERE v.age >= $min_age
GROUP BY v.sex
ORDER BY v.sex`;
const ENTRY = `/*
id: victims-by-sex
title: Victims by sex
description: Distinct victims of at least an age, by sex.
theme: Victims
version: 2.0.1
parameters:
  - name: min_age
    type: int
    label: Minimum age
    description: Minimum age
    default: 16
    required: false
tables:
  - table: victims
    columns: [person_id, age, sex]
chart: {type: bar, x: sex, y: victims}
count_columns: [victims]
row_level: false

DEFINITION
Distinct victims of at least an age, by sex.
*/
${SQL}
`;

let data: string;
let library: string;
beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'sv-cli-own-data-'));
  library = mkdtempSync(join(tmpdir(), 'sv-cli-own-lib-'));
  writeFileSync(
    join(data, 'victims.csv'),
    ['crime_id,person_id,age,sex', 'c1,p1,15,M', 'c2,p2,16,M', 'c3,p2,16,M', 'c4,p3,40,F', 'c5,p4,17,F', 'c6,p5,12,F'].join('\n'),
  );
  writeFileSync(join(library, 'victims-by-sex.sql'), ENTRY);
  writeFileSync(join(library, 'broken.sql'), ENTRY.replace('id: victims-by-sex', 'id: broken').replace('theme: Victims', 'theme: Cats'));
});
afterAll(() => {
  rmSync(data, { recursive: true, force: true });
  rmSync(library, { recursive: true, force: true });
});

describe('parseCommand --library', () => {
  it('is accepted by list and run, and only there', () => {
    expect(parseCommand(['list', '--library', library])).toEqual({ kind: 'list', format: 'json', libraryDir: library });
    expect(parseCommand(['run', 'x', '--data', 'd', '--library=lib'])).toEqual({
      kind: 'run',
      queryId: 'x',
      dataDir: 'd',
      params: {},
      format: 'json',
      suppress: true,
      libraryDir: 'lib',
    });
    // Without it the spec's forms parse exactly as before.
    expect(parseCommand(['list'])).toStrictEqual({ kind: 'list', format: 'json' });
    expect(() => parseCommand(['import', 'f.csv', '--table', 'victims', '--workspace', 'w', '--library', 'l'])).toThrow(UsageError);
    expect(() => parseCommand(['list', '--library'])).toThrow('--library needs a value');
  });
});

describe('runHeadless with an own library', () => {
  it('runs an own entry over a data folder, with the SQL pinned in provenance', async () => {
    const { output, warnings } = await runHeadless({ queryId: 'victims-by-sex', dataDir: data, params: {}, userLibraryDir: library });
    // min_age 16: p2 (twice, counted once) M; p3 and p4 F; p1 (15) and p5 (12) are too young.
    expect(output.rows).toEqual([
      { sex: 'F', victims: 2 },
      { sex: 'M', victims: 1 },
    ]);
    expect(output).toMatchObject({ query: 'victims-by-sex', version: '2.0.1', params: { min_age: 16 } });
    expect(output.provenance.sqlSha256).toBe(createHash('sha256').update(SQL).digest('hex'));
    expect(warnings).toEqual(['warning: broken.sql: theme: Invalid option: expected one of "Victims"|"Offenders"|"Places"|"Youth justice"|"Probation"|"Health" (left out of the library)']);
    const younger = await runHeadless({ queryId: 'victims-by-sex', dataDir: data, params: { min_age: '12' }, userLibraryDir: library });
    expect(younger.output.rows).toEqual([
      { sex: 'F', victims: 3 },
      { sex: 'M', victims: 2 },
    ]);
  });

  it('does not know own entries without --library, and says when the folder is missing', async () => {
    await expect(runHeadless({ queryId: 'victims-by-sex', dataDir: data, params: {} })).rejects.toThrow('unknown query victims-by-sex');
    await expect(runHeadless({ queryId: 'victims-by-sex', dataDir: data, params: {}, userLibraryDir: join(library, 'nope') })).rejects.toThrow(
      'library folder not found',
    );
  });
});

describe('the CLI as a subprocess with --library', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'electron/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('lists the app entries then the own ones, marked', () => {
    const clean = mkdtempSync(join(tmpdir(), 'sv-cli-own-lib-'));
    mkdirSync(join(clean, 'sub'));
    writeFileSync(join(clean, 'victims-by-sex.sql'), ENTRY);
    try {
      const r = cli('list', '--format', 'json', '--library', clean);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const list = JSON.parse(r.stdout) as { id: string; origin: string }[];
      expect(list.at(-1)).toMatchObject({ id: 'victims-by-sex', origin: 'user' });
      expect(list.filter((q) => q.origin === 'app').length).toBe(list.length - 1);
      const plain = JSON.parse(cli('list', '--format', 'json').stdout) as { id: string }[];
      expect(plain.map((q) => q.id)).toEqual(list.slice(0, -1).map((q) => q.id));
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });

  it('runs an own entry as CSV; a bad own file is one warning line on stderr', () => {
    const r = cli('run', 'victims-by-sex', '--data', data, '--library', library, '--format', 'csv', '--no-suppress');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('sex,victims\nF,2\nM,1\n');
    // Without --no-suppress the default rule applies to an own entry too (its count column, from the header).
    expect(cli('run', 'victims-by-sex', '--data', data, '--library', library, '--format', 'csv').stdout).toBe('sex,victims\nF,[c]\nM,[c]\n');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: broken\.sql: theme: /);
  });
});
