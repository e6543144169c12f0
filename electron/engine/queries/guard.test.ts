import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../../contract/index.js';
import { guardSelect, inspectSelect } from './guard.js';
import { craft, tempWorkspace, type TempWorkspace } from './testTables.js';

let tw: TempWorkspace;
let conn: DuckDBConnection;
const known = new Set(['offences', 'victims']);

beforeAll(async () => {
  tw = await tempWorkspace();
  await craft(tw.ws, 'offences', [{ crime_id: 'c1', offence_date: '2024-01-01', serious_violence: true }]);
  await craft(tw.ws, 'victims', [{ crime_id: 'c1', person_id: 'p1' }]);
  await tw.ws.conn.run('CREATE TABLE secrets AS SELECT 1 AS x');
  conn = await tw.ws.connect();
});
afterAll(() => {
  conn.closeSync();
  tw.dispose();
});

async function refusal(sql: string): Promise<string> {
  try {
    await guardSelect(conn, 'q', sql, known);
  } catch (err) {
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('query_refused');
    return (err as EngineError).message;
  }
  throw new Error(`not refused: ${sql}`);
}

describe('guardSelect refuses', () => {
  const staging = () => tw.ws.stagingDir;

  it.each([
    ['COPY', () => `COPY (SELECT 1) TO '${join(staging(), 'leak.csv')}'`, /only a read-only SELECT.*COPY/],
    ['COPY FROM', () => `COPY offences FROM '${join(staging(), 'x.csv')}'`, /COPY/],
    ['ATTACH', () => `ATTACH '${join(staging(), 'other.duckdb')}' AS other`, /ATTACH/],
    ['INSTALL', () => 'INSTALL httpfs', /INSTALL/],
    ['LOAD', () => 'LOAD httpfs', /LOAD/],
    ['PRAGMA', () => 'PRAGMA version', /PRAGMA/],
    ['SET', () => "SET threads = 1", /SET/],
    ['CREATE', () => 'CREATE TABLE t2 AS SELECT * FROM offences', /CREATE/],
    ['INSERT', () => "INSERT INTO victims VALUES ('c9', 'p9', NULL, NULL, NULL, NULL, NULL)", /INSERT/],
    ['UPDATE', () => "UPDATE victims SET person_id = 'x'", /UPDATE/],
    ['DELETE', () => 'DELETE FROM victims', /DELETE/],
    ['DROP', () => 'DROP TABLE victims', /DROP/],
    ['EXPLAIN', () => 'EXPLAIN SELECT 1', /EXPLAIN/],
    ['CALL', () => 'CALL pragma_version()', /CALL/],
  ])('%s', async (_name, sql, why) => {
    expect(await refusal(sql())).toMatch(why);
  });

  it('a second statement, even a harmless one', async () => {
    expect(await refusal('SELECT 1; SELECT 2')).toMatch(/exactly one statement \(found 2\)/);
    expect(await refusal('SELECT * FROM victims; DROP TABLE victims')).toMatch(/exactly one statement/);
  });

  it.each([
    "read_csv('x.csv')",
    "read_csv_auto('x.csv')",
    "read_parquet('x.parquet')",
    "parquet_scan('x.parquet')",
    "read_json('x.json')",
    "read_json_auto('x.json')",
    "read_ndjson('x.json')",
    "read_text('x.txt')",
    "read_blob('x.bin')",
    "glob('*')",
    "sniff_csv('x.csv')",
    "query_table('victims')",
    "query('SELECT 1')",
    'duckdb_settings()',
    'pragma_table_info(\'victims\')',
    "json_each('[1]')",
  ])('file-reading or catalogue table function %s', async (fn) => {
    expect(await refusal(`SELECT * FROM ${fn}`)).toMatch(/not allowed/);
  });

  it('a file-reading function nested in a subquery, a CTE or a join', async () => {
    expect(await refusal("SELECT * FROM victims WHERE person_id IN (SELECT * FROM read_csv('x.csv'))")).toMatch(/read_csv/);
    expect(await refusal("WITH f AS (FROM read_parquet('x.parquet')) SELECT * FROM f")).toMatch(/read_parquet/);
    expect(await refusal("SELECT * FROM victims JOIN read_text('x') ON true")).toMatch(/read_text/);
  });

  it('replacement scans of files', async () => {
    expect(await refusal("SELECT * FROM 'secret.csv'")).toMatch(/looks like a file/);
    expect(await refusal('SELECT * FROM "data/x"')).toMatch(/looks like a file/);
    expect(await refusal('FROM "c:\\\\x"')).toMatch(/looks like a file/);
    expect(await refusal(`SELECT * FROM '${join(staging(), 'a.parquet')}'`)).toMatch(/looks like a file/);
  });

  it.each([
    ["getenv('HOME')", /getenv/],
    ["current_setting('allowed_directories')", /current_setting/],
    ["write_log('x')", /write_log/],
    ['current_query()', /current_query/],
    ["nextval('s')", /nextval/],
  ])('scalar function %s', async (call, why) => {
    expect(await refusal(`SELECT ${call} FROM victims`)).toMatch(why);
  });

  it('unknown tables, naming them — including workspace tables the entry does not declare', async () => {
    expect(await refusal('SELECT * FROM secrets')).toBe('q: unknown table secrets');
    expect(await refusal('SELECT * FROM victims v JOIN nowhere n USING (crime_id)')).toBe('q: unknown table nowhere');
    expect(await refusal('SELECT * FROM _sv_tables')).toBe('q: unknown table _sv_tables');
  });

  it('qualified names and other catalogues', async () => {
    expect(await refusal('SELECT * FROM results.r_1')).toMatch(/qualified/);
    expect(await refusal('SELECT * FROM main.victims')).toMatch(/qualified/);
  });

  it('DESCRIBE, SHOW and SUMMARIZE', async () => {
    for (const sql of ['DESCRIBE victims', 'SHOW TABLES', 'SUMMARIZE victims']) {
      expect(await refusal(sql)).toMatch(/SHOW_REF is not allowed/);
    }
  });

  it('SQL that does not parse', async () => {
    expect(await refusal('SELEC 1')).toMatch(/does not parse/);
  });

  it('and nothing it refused ran', async () => {
    expect(existsSync(join(staging(), 'leak.csv'))).toBe(false);
    const n = await tw.ws.conn.runAndReadAll('SELECT count(*) FROM victims');
    expect(Number(n.getRows()[0]?.[0])).toBe(1);
  });
});

describe('guardSelect accepts', () => {
  it('a SELECT over known tables, CTEs, subqueries, VALUES and row generators, reporting the tables read', async () => {
    const sql = `
      WITH v AS (SELECT * FROM victims), g(n) AS (VALUES (1), (2))
      SELECT v.person_id, o.offence_date, r.range, s.generate_series, unnest([1, 2]) AS u, $p AS p
      FROM v JOIN offences o USING (crime_id), range(3) r, generate_series(1, 2) s, g
      WHERE o.crime_id IN (SELECT crime_id FROM offences)`;
    expect(await guardSelect(conn, 'q', sql, known)).toEqual({ tables: ['offences', 'victims'], macros: [] });
  });

  it('FROM-first and a CTE named like a table it shadows', async () => {
    expect(await guardSelect(conn, 'q', 'FROM victims', known)).toEqual({ tables: ['victims'], macros: [] });
    expect(await guardSelect(conn, 'q', 'WITH secrets AS (SELECT 1 AS x) SELECT * FROM secrets', known)).toEqual({
      tables: [],
      macros: [],
    });
  });

  it("the library's table macros, reporting the tables they read; any other table function stays refused", async () => {
    const macros = new Map([['sv_first_events', ['ae_attendances', 'offences', 'suspects', 'victims']]]);
    const sql = "SELECT f.person_id FROM sv_first_events('victims', DATE '2024-01-31', 12) AS f JOIN victims USING (person_id)";
    expect(await inspectSelect(conn, 'q', sql, known, macros)).toEqual({
      tables: ['ae_attendances', 'offences', 'suspects', 'victims'],
      macros: ['sv_first_events'],
    });
    await expect(inspectSelect(conn, 'q', sql, known)).rejects.toThrow(/the table function sv_first_events\(\) is not allowed/);
    await expect(inspectSelect(conn, 'q', "SELECT * FROM sv_last_events('victims')", known, macros)).rejects.toThrow(/sv_last_events\(\) is not allowed/);
  });
});
