import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engineFailure.js';
import { QueryResult } from '../../contract/index.js';
import type { LibraryEntry } from './entry.js';
import { parseEntry } from './library.js';
import { MAX_RESULT_ROWS, cancel, createRunRegistry, progress, runQuery, type RunRegistry } from './run.js';
import { craft, flatPopulation, tempWorkspace, type TempWorkspace } from './testTables.js';
import { loadLibrary } from './library.js';
import { join } from 'node:path';

const QUERIES = join(import.meta.dirname, '../../../queries');

/** A test entry in the library file format. */
function entry(id: string, yamlExtra: string, sql: string, tables = '  - table: offences\n    columns: [crime_id, offence_date]'): LibraryEntry {
  const text = `/*
id: ${id}
title: ${id}
description: test entry
theme: Victims
version: 1.2.3
parameters:
${yamlExtra}
tables:
${tables}
chart: { type: none, x: a, y: b }
row_level: false

DEFINITION
Test.
*/
${sql}`;
  return parseEntry(`/t/${id}.sql`, text, []);
}

const PARAMS = `  - name: since
    type: date
    label: Since
    description: d
    default: null
    default_from: { max: offences.offence_date }
    required: false
  - name: n
    type: int
    label: N
    description: d
    default: 3
    required: false
    min: 1
    max: 10
  - name: x
    type: number
    label: X
    description: d
    default: 0.5
    required: false
  - name: kind
    type: enum
    label: Kind
    description: d
    default: a
    required: false
    options: [a, b]
  - name: codes
    type: list
    label: Codes
    description: d
    default: 'p,q'
    required: false
    pattern: '^[a-z]$'`;

const echo = entry(
  'echo',
  PARAMS,
  `SELECT $since AS since, $n AS n, $x AS x, $kind AS kind, array_to_string($codes, '|') AS codes, len($codes) AS n_codes,
          typeof($since) AS since_type, (SELECT count(*) FROM offences) AS offences
   FROM range(1)`,
);

let tw: TempWorkspace;
let runs: RunRegistry;
let lib: LibraryEntry[];
let seq = 0;
const run = (queryId: string, params: Record<string, string | number | null> = {}, l = lib) =>
  runQuery(tw.ws, l, { queryId, params, runId: `t${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  runs = createRunRegistry();
  lib = [echo, ...(await loadLibrary(QUERIES))];
  await craft(tw.ws, 'offences', [
    { crime_id: 'c1', offence_date: '2024-03-31', offence_group: 'Robbery', serious_violence: true },
    { crime_id: 'c2', offence_date: '2023-01-05', offence_group: 'Robbery', serious_violence: false },
  ]);
});
afterAll(() => tw.dispose());

describe('parameters', () => {
  it('resolves literal defaults and defaults from the data, binds them typed, and reports them', async () => {
    const r = await run('echo');
    expect(r.params).toEqual({ since: '2024-03-31', n: 3, x: 0.5, kind: 'a', codes: 'p,q' });
    expect(r.provenance.params).toEqual(r.params);
    expect(r.rows).toEqual([
      { since: '2024-03-31', n: 3, x: 0.5, kind: 'a', codes: 'p|q', n_codes: 2, since_type: 'DATE', offences: 2 },
    ]);
  });

  it('coerces strings as the CLI sends them', async () => {
    const r = await run('echo', { since: ' 2020-02-29 ', n: '7', x: '-1.25', kind: 'b', codes: ' r , s,,t ' });
    expect(r.params).toEqual({ since: '2020-02-29', n: 7, x: -1.25, kind: 'b', codes: 'r,s,t' });
    expect(r.rows[0]).toMatchObject({ since: '2020-02-29', n: 7, x: -1.25, kind: 'b', n_codes: 3 });
  });

  it('takes typed values as the form sends them', async () => {
    const r = await run('echo', { n: 10, x: 2 });
    expect(r.params).toMatchObject({ n: 10, x: 2 });
  });

  it.each([
    [{ nope: '1' }, 'echo: unknown parameter nope (parameters: since, n, x, kind, codes)'],
    [{ since: '2024-02-30' }, "echo: since must be a date written YYYY-MM-DD (got '2024-02-30')"],
    [{ since: '31/03/2024' }, "echo: since must be a date written YYYY-MM-DD (got '31/03/2024')"],
    [{ n: '2.5' }, "echo: n must be a whole number (got '2.5')"],
    [{ n: 11 }, 'echo: n must be at most 10 (got 11)'],
    [{ n: '0' }, "echo: n must be at least 1 (got '0')"],
    [{ x: 'abc' }, "echo: x must be a number (got 'abc')"],
    [{ kind: 'c' }, "echo: kind must be one of a, b (got 'c')"],
    [{ codes: 'p,QQ' }, "echo: codes has 'QQ' (must match ^[a-z]$) (got 'p,QQ')"],
    [{ codes: ' , ' }, "echo: codes must list at least one value (got ' , ')"],
  ])('refuses %j', async (params, message) => {
    expect(await failureOf(run('echo', params))).toEqual(['invalid_args', message]);
  });

  it('an unknown query', async () => {
    expect(await failureOf(run('nope'))).toEqual(['not_found', 'no saved query nope']);
  });
});

describe('tables', () => {
  it('a missing table names it and the columns needed', async () => {
    expect(await failureOf(run('repeat-victimisation'))).toEqual([
      'missing_data',
      'repeat-victimisation needs table victims (columns: crime_id, person_id)',
    ]);
  });

  it('a table without a needed column names the column', async () => {
    await tw.ws.conn.run('CREATE TABLE victims AS SELECT * FROM (VALUES (\'c1\')) t(crime_id)');
    try {
      expect(await failureOf(run('repeat-victimisation'))).toEqual([
        'missing_data',
        'repeat-victimisation needs table victims with columns person_id (it has crime_id)',
      ]);
    } finally {
      await tw.ws.conn.run('DROP TABLE victims');
    }
  });

  it('a column of the wrong type', async () => {
    await tw.ws.conn.run("CREATE TABLE victims AS SELECT 'c1' AS crime_id, 42 AS person_id");
    try {
      const [code, message] = await failureOf(run('repeat-victimisation'));
      expect(code).toBe('missing_data');
      expect(message).toBe('repeat-victimisation needs victims.person_id as VARCHAR, but it is INTEGER; re-import it');
    } finally {
      await tw.ws.conn.run('DROP TABLE victims');
    }
  });

  it('tables depend on parameters: age-rates source=ae needs ae_attendances, not offences or victims', async () => {
    expect(await failureOf(run('age-rates', { source: 'ae' }))).toEqual([
      'missing_data',
      'age-rates needs table ae_attendances (columns: attendance_id, attendance_date, patient_id, age, sex, home_lad, assault)',
    ]);
    await craft(tw.ws, 'ae_attendances', [
      { attendance_id: 'a1', attendance_date: '2024-05-01', patient_id: 'x', age: 20, sex: 'F', home_lad: 'E1', assault: true },
    ]);
    await craft(tw.ws, 'population', [...flatPopulation('E1', 2024, 10), ...flatPopulation('E2', 2024, 10)]);
    try {
      // two areas in population: area is required, and must be one of them
      expect(await failureOf(run('age-rates', { source: 'ae' }))).toEqual([
        'invalid_args',
        'age-rates: area is required (population holds several values of area (E1, E2); choose one)',
      ]);
      expect(await failureOf(run('age-rates', { source: 'ae', area: 'E9' }))).toEqual([
        'invalid_args',
        "age-rates: area 'E9' is not in population.area",
      ]);
      const r = await run('age-rates', { source: 'ae', area: 'E1' });
      expect(r.params.period_end).toBe('2024-05-01'); // ae's own latest date, not offences'
      expect(r.provenance.tables.map((t) => t.name)).toEqual(['ae_attendances', 'population']);
      expect(r.rows.find((x) => x.sex === 'F' && x.age_band === '18-24')?.persons).toBe(1);
      // the victims table is absent and the run did not need it; the workspace is unchanged
      const t = await tw.ws.conn.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'victims'");
      expect(Number(t.getRows()[0]?.[0])).toBe(0);
    } finally {
      await tw.ws.conn.run('DROP TABLE ae_attendances; DROP TABLE population');
    }
  });
});

describe('results', () => {
  it('materialises into results.r_<n>, returns at most 5000 rows, and records provenance', async () => {
    await tw.ws.conn.run(`INSERT INTO _sv_tables (name, kind, source_name, source_sha256) VALUES ('offences', 'data', 'offences.csv', 'abc123')`);
    const big = entry('big', '  []', 'SELECT i, i * 2 AS twice FROM range(12000) t(i), offences WHERE offences.crime_id = $c ORDER BY i'.replace('$c', "'c1'"));
    const r = await run('big', {}, [big]);
    expect(QueryResult.parse(r)).toEqual(r);
    expect(r.resultId).toMatch(/^r_\d+$/);
    expect(r.rowCount).toBe(12000);
    expect(r.rows).toHaveLength(MAX_RESULT_ROWS);
    expect(r.truncated).toBe(true);
    expect(r.rows[4999]).toEqual({ i: 4999, twice: 9998 });
    expect(r.columns).toEqual([
      { name: 'i', type: 'BIGINT', kind: 'number' },
      { name: 'twice', type: 'BIGINT', kind: 'number' },
    ]);
    expect(r.provenance.tables).toEqual([{ name: 'offences', rowCount: 2, sourceFile: { name: 'offences.csv', sha256: 'abc123' } }]);
    expect(r.provenance.version).toBe('1.2.3');
    expect(Date.parse(r.provenance.ranAt)).not.toBeNaN();
    // another connection (the grid's) can page the materialised result
    const page = await tw.ws.conn.runAndReadAll(`SELECT * FROM results.${r.resultId} WHERE i >= 11998 ORDER BY i`);
    expect(page.getRows()).toEqual([[11998n, 23996n], [11999n, 23998n]]);
    expect(progress(runs, r.runId)).toEqual({ runId: r.runId, state: 'done', percent: 100 });
  });

  it('a guarded entry never runs (the refusal reaches the caller as query_refused)', async () => {
    const sneaky = entry('sneaky', '  []', "SELECT * FROM read_csv('/etc/passwd')");
    expect(await failureOf(run('sneaky', {}, [sneaky]))).toEqual([
      'query_refused',
      'sneaky: the table function read_csv() is not allowed in a saved query (it can read files)',
    ]);
    const other = entry('other', '  []', 'SELECT * FROM victims', '  - table: offences\n    columns: [crime_id]');
    expect(await failureOf(run('other', {}, [other]))).toEqual(['query_refused', 'other: unknown table victims']);
  });

  it('a DuckDB error is query_failed with the entry id', async () => {
    const broken = entry('broken', '  []', 'SELECT no_such_column FROM offences');
    const [code, message] = await failureOf(run('broken', {}, [broken]));
    expect(code).toBe('query_failed');
    expect(message).toMatch(/^broken: .*no_such_column/);
  });
});

describe('progress and cancel', () => {
  it('reports progress while running, cancels only that run, and the workspace stays usable', async () => {
    await tw.ws.conn.run(`CREATE TABLE victims AS
      SELECT 'c' || i AS crime_id, md5(i::VARCHAR) AS person_id, NULL::INTEGER AS age, NULL AS sex,
             NULL AS ethnicity, NULL AS home_lsoa, NULL AS home_lad
      FROM range(6000000) t(i)`);
    const slow = entry(
      'slow',
      '  []',
      'SELECT sum(length(md5(md5(md5(person_id))))) AS n FROM victims',
      '  - table: victims\n    columns: [person_id]',
    );
    const resultTables = async () =>
      Number((await tw.ws.conn.runAndReadAll("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'results'")).getRows()[0]?.[0]);
    const tablesBefore = await resultTables();
    const runId = 'slow-1';
    const pending = runQuery(tw.ws, [slow], { queryId: 'slow', params: {}, runId }, runs);
    const seen: (number | null)[] = [];
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const p = progress(runs, runId);
      expect(p.state).toBe('running');
      seen.push(p.percent);
      if (p.percent !== null && p.percent > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const reported = seen.filter((p): p is number => p !== null);
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.every((p) => p >= 0 && p <= 100)).toBe(true);
    expect(reported.some((p) => p > 0)).toBe(true);
    expect(cancel(runs, runId)).toBe(true);
    expect(await failureOf(pending)).toEqual(['cancelled', 'slow: cancelled']);
    expect(progress(runs, runId)).toEqual({ runId, state: 'cancelled', percent: null });
    expect(await resultTables()).toBe(tablesBefore); // no half-written result left behind
    expect(cancel(runs, runId)).toBe(false);
    expect(cancel(runs, 'never-started')).toBe(false);
    expect(progress(runs, 'never-started')).toEqual({ runId: 'never-started', state: 'unknown', percent: null });
    // the workspace and the registry still work
    const after = await run('echo');
    expect(after.rows[0]?.offences).toBe(2);
    await tw.ws.conn.run('DROP TABLE victims');
  });
});
