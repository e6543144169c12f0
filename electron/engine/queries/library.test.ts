import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QuerySummary } from '../../contract/index.js';
import { loadLibrary, parseEntry, sqlParameters, toSummary } from './library.js';

const QUERIES = join(import.meta.dirname, '../../../queries');

/** A minimal valid entry; tests break one thing at a time. */
const MINIMAL = `/*
id: tiny
title: Tiny
description: Counts victims.
theme: Victims
version: 0.1.0
parameters:
  - name: period_end
    type: date
    label: Period end
    description: Last day.
    default: null
    default_from: { max: offences.offence_date }
    required: false
tables:
  - table: victims
    columns: [person_id]
  - table: offences
    columns: [offence_date]
chart: { type: bar, x: n, y: n }
count_columns: [n]
row_level: false

DEFINITION
Everything.
*/
SELECT count(*) AS n FROM victims WHERE $period_end IS NOT NULL;
`;

let dirs: string[] = [];
function libraryDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sv-lib-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('the shipped library', () => {
  it('loads every entry written so far with its macros, and every summary meets the contract', async () => {
    const lib = await loadLibrary(QUERIES);
    // The spec's 15 entries.
    expect(lib.map((e) => e.id)).toEqual([
      'age-rates',
      'cohort-profile',
      'deprivation',
      'disproportionality',
      'hotspots',
      'monthly-trend',
      'ooc-reoffending',
      'probation-first-time',
      'prolific-offenders',
      'repeat-offending',
      'repeat-victimisation',
      'residence',
      'time-of-week',
      'trend',
      'weapons-by-age',
    ]);
    expect(lib[0]!.macros.map((m) => m.file)).toEqual([
      '00-constants.sql',
      'binomial-test.sql',
      'first-events.sql',
      'poisson.sql',
      'rate-ratio.sql',
      'wilson.sql',
    ]);
    for (const e of lib) {
      const s = toSummary(e);
      expect(QuerySummary.parse(s)).toEqual(s);
      expect(s.definition).toMatch(/Decisions where the spec is silent/);
      expect(s.sql).toMatch(/^WITH/);
      expect(s.sql).not.toMatch(/DEFINITION/);
    }
  });

  it('repeat-victimisation declares the spec parameters, defaults and columns', async () => {
    const e = (await loadLibrary(QUERIES)).find((x) => x.id === 'repeat-victimisation')!;
    expect(toSummary(e).params.map((p) => [p.name, p.type, p.default])).toEqual([
      ['period_end', 'date', null],
      ['period_months', 'int', 12],
      ['lookback_months', 'int', 12],
    ]);
    expect(e.countColumns).toEqual(['victims', 'repeat_victims']);
    expect(e.chart).toMatchObject({ type: 'bar', x: 'group', y: 'pct', errorLow: 'ci_low', errorHigh: 'ci_high' });
  });

  it('age-rates declares source, area and bands as the spec says', async () => {
    const e = (await loadLibrary(QUERIES)).find((x) => x.id === 'age-rates')!;
    const s = toSummary(e);
    expect(s.params.find((p) => p.name === 'source')).toMatchObject({ type: 'enum', default: 'victims', options: ['victims', 'suspects', 'ae'] });
    expect(s.params.find((p) => p.name === 'bands')).toMatchObject({ type: 'list', default: '0-9,10-13,14-17,18-24,25-34,35-49,50-64,65+' });
    expect(s.params.find((p) => p.name === 'area')).toMatchObject({ type: 'text', default: null, required: false });
    expect(e.countColumns).toEqual(['persons']);
    expect(e.rowLevel).toBe(false);
  });
});

describe('a bad library file is refused naming the file and the field', () => {
  const bad = async (text: string, name = 'tiny.sql') => {
    const dir = libraryDir({ [name]: text });
    return loadLibrary(dir).then(
      () => 'loaded',
      (err: Error) => err.message.replace(dir, '<dir>'),
    );
  };

  it('the minimal entry itself loads', async () => {
    expect(await bad(MINIMAL)).toBe('loaded');
  });

  it.each([
    ['no header comment', (t: string) => t.replace(/^\/\*/, '--'), /tiny\.sql: must open with a \/\* … \*\/ header comment/],
    ['no DEFINITION line', (t: string) => t.replace('DEFINITION\n', ''), /tiny\.sql: the header needs a line DEFINITION/],
    ['broken YAML', (t: string) => t.replace('title: Tiny', 'title: [Tiny'), /tiny\.sql: the YAML header does not parse/],
    ['unknown theme', (t: string) => t.replace('theme: Victims', 'theme: Weather'), /tiny\.sql: theme: /],
    ['bad version', (t: string) => t.replace('0.1.0', 'one'), /tiny\.sql: version: use semver/],
    ['bad parameter type', (t: string) => t.replace('type: date', 'type: datetime'), /tiny\.sql: parameters\.0\.type/],
    ['unknown header key', (t: string) => t.replace('row_level: false', 'row_level: false\nrows: 3'), /tiny\.sql: .*rows/],
    ['id not the file name', (t: string) => t.replace('id: tiny', 'id: small'), /tiny\.sql: id: small does not match the file name/],
    ['undeclared $parameter', (t: string) => t.replace('$period_end IS', '$period_start IS'), /tiny\.sql: the SQL uses \$period_start/],
    ['non-canonical table', (t: string) => t.replace('table: victims', 'table: people'), /tiny\.sql: tables\.0: people is not a canonical table/],
    ['unknown column', (t: string) => t.replace('[person_id]', '[person_id, shoe_size]'), /tiny\.sql: tables\.0: victims has no column shoe_size/],
    ['default not valid', (t: string) => t.replace('default: null\n    default_from: { max: offences.offence_date }', "default: '2024-02-30'"), /tiny\.sql: parameters\.0 \(period_end\): default is not valid/],
    ['no way to a value', (t: string) => t.replace('    default_from: { max: offences.offence_date }\n', ''), /must be required: true/],
    ['default_from an undeclared table', (t: string) => t.replace('offences.offence_date }', 'suspects.age }'), /default_from\.0: suspects is not one of the tables/],
    ['minus_months naming no int parameter', (t: string) => t.replace('offences.offence_date }', 'offences.offence_date, minus_months: lag }'), /minus_months names lag, which is not an int parameter/],
    ['unless naming no parameter', (t: string) => t.replace('    columns: [person_id]\n', '    columns: [person_id]\n    unless: { scheme: none }\n'), /tables\.0\.unless: scheme is not an enum or text parameter/],
    ['all: for a parameter that is not a list', (t: string) => t.replace('{ max: offences.offence_date }', '{ all: offences.offence_date }'), /default_from\.0: all: gives a list, so period_end must be a list parameter/],
    ['a default from a parameter that is not a date', (t: string) => t.replace('{ max: offences.offence_date }', '{ param: nowhere, minus_months: 12 }'), /default_from\.0: nowhere is not a date parameter/],
  ])('%s', async (_what, edit, why) => {
    expect(await bad(edit(MINIMAL))).toMatch(why);
  });

  it('a macro file that does more than CREATE TEMP MACRO', async () => {
    const dir = libraryDir({ 'tiny.sql': MINIMAL, 'macros/evil.sql': "CREATE TEMP MACRO a() AS 1;\nCOPY x TO 'y';" });
    await expect(loadLibrary(dir)).rejects.toThrow(/evil\.sql: only CREATE TEMP MACRO statements are allowed/);
  });

  it('a table macro that shares its file with another macro', async () => {
    const dir = libraryDir({
      'tiny.sql': MINIMAL,
      'macros/two.sql': 'CREATE TEMP MACRO a() AS 1;\nCREATE TEMP MACRO t(x) AS TABLE SELECT x AS y;',
    });
    await expect(loadLibrary(dir)).rejects.toThrow(/two\.sql: a table macro \(AS TABLE\) must be the only macro in its file/);
  });

  it('a shared parameter (`- use: key`) loads exactly as the definition written out', async () => {
    const block = /  - name: period_end\n[\s\S]*?required: false\n/.exec(MINIMAL)![0];
    const shared = 'end_of_period:\n' + block.replace('  - name:', '  name:').replace(/^    /gm, '  ');
    const usingText = MINIMAL.replace(block, '  - use: end_of_period\n');
    expect(usingText).not.toContain('name: period_end');
    const written = await loadLibrary(libraryDir({ 'tiny.sql': MINIMAL }));
    const used = await loadLibrary(libraryDir({ 'tiny.sql': usingText, 'parameters.yaml': shared }));
    expect(used[0]!.params[0]).toMatchObject({ name: 'period_end', default_from: { max: 'offences.offence_date' } });
    expect(used.map((e) => ({ ...e, file: '' }))).toEqual(written.map((e) => ({ ...e, file: '' })));
  });

  it.each([
    ['an unknown key', '  - use: nowhere\n', /tiny\.sql: parameters\.0: use: nowhere is not a shared parameter \(known: end\)/],
    ['use beside other keys', '  - use: end\n    label: Other\n', /tiny\.sql: parameters\.0: write "- use: <key>" alone/],
  ])('a shared parameter with %s', async (_what, item, why) => {
    const text = MINIMAL.replace(/  - name: period_end\n[\s\S]*?required: false\n/, item);
    const dir = libraryDir({ 'tiny.sql': text, 'parameters.yaml': 'end:\n  name: period_end\n' });
    await expect(loadLibrary(dir)).rejects.toThrow(why);
  });

  it('a shared parameters file that is not a mapping', async () => {
    const dir = libraryDir({ 'tiny.sql': MINIMAL, 'parameters.yaml': '- just a list\n' });
    await expect(loadLibrary(dir)).rejects.toThrow(/parameters\.yaml: must map each key to a parameter definition/);
  });

  it('a missing folder', async () => {
    await expect(loadLibrary('/nonexistent/queries')).rejects.toThrow(/query library folder not found/);
  });
});

describe('parseEntry and sqlParameters', () => {
  it('splits metadata, definition and SQL', () => {
    const e = parseEntry('/x/tiny.sql', MINIMAL, []);
    expect(e.definition).toBe('Everything.');
    expect(e.sql).toBe('SELECT count(*) AS n FROM victims WHERE $period_end IS NOT NULL');
    expect(e.tables).toEqual([
      { table: 'victims', columns: ['person_id'] },
      { table: 'offences', columns: ['offence_date'] },
    ]);
  });

  it('finds $parameters outside comments and string literals', () => {
    expect([...sqlParameters("SELECT $a, '$b', x -- $c\n /* $d */ FROM t WHERE y = $e_1")]).toEqual(['a', 'e_1']);
  });
});
