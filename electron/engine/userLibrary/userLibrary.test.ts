import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf } from '../../testing/engineFailure.js';
import { EntryDraft, QueryResult, QueryTheme, SaveOutcome, type ParamValue } from '../../contract/index.js';
import { Theme } from '../queries/entry.js';
import type { LibraryEntry, Macro } from '../queries/entry.js';
import { loadLibrary, loadMacros } from '../queries/library.js';
import { cancel, createRunRegistry, progress, runQuery, type RunRegistry } from '../queries/run.js';
import { craft, tempWorkspace, type TempWorkspace } from '../queries/testTables.js';
import { runAdhoc } from './adhoc.js';
import { openUserLibrary, type UserLibrary, type WithConnection } from './store.js';

/**
 * The analyst's own entries and the SQL editor's ad-hoc runs, on crafted tables whose answers
 * are counted by hand below: save writes the library file format byte for byte, the app's
 * loader reads it back, and it runs like any entry.
 */
const QUERIES = join(import.meta.dirname, '../../../queries');

// Suspects per person (distinct crimes): p1 c1 c2 c3 c4 (c1 twice) · p2 c2 c5 · p3 c6 · p4 c5 c6.
const OFFENCES = [
  ['c1', '2024-01-05'],
  ['c2', '2024-02-10'],
  ['c3', '2024-03-15'],
  ['c4', '2024-04-20'],
  ['c5', '2024-05-25'],
  ['c6', '2023-12-01'],
].map(([crime_id, offence_date]) => ({ crime_id: crime_id!, offence_date: offence_date!, offence_group: 'Violence against the person' }));
const SUSPECTS = [
  ['c1', 'p1'],
  ['c1', 'p1'],
  ['c2', 'p1'],
  ['c3', 'p1'],
  ['c4', 'p1'],
  ['c2', 'p2'],
  ['c5', 'p2'],
  ['c6', 'p3'],
  ['c5', 'p4'],
  ['c6', 'p4'],
].map(([crime_id, person_id]) => ({ crime_id: crime_id!, person_id: person_id! }));

const SQL = `SELECT s.person_id, count(DISTINCT o.crime_id) AS offences
FROM suspects AS s
JOIN offences AS o ON o.crime_id = s.crime_id
WHERE o.offence_date <= $until
GROUP BY s.person_id
HAVING count(DISTINCT o.crime_id) >= $min_offences
ORDER BY offences DESC, s.person_id`;

const draft = (over: Partial<EntryDraft> = {}) =>
  EntryDraft.parse({
    id: 'my-repeat-suspects',
    title: 'Suspects linked to several offences',
    description: 'Persons linked as a suspect to at least a given number of offences.',
    theme: 'Offenders',
    params: [
      { name: 'min_offences', type: 'int', label: 'Minimum offences', default: '2' },
      { name: 'until', type: 'date', label: 'Up to', description: 'Last offence date counted', default: null },
    ],
    chart: { type: 'bar', x: 'person_id', y: 'offences' },
    countColumns: ['offences'],
    rowLevel: true,
    sql: `${SQL};\n`,
    ...over,
  });

// The file `save` must write for draft(): the app's library format, tables worked out from the SQL.
const EXPECTED_FILE = `/*
id: my-repeat-suspects
title: Suspects linked to several offences
description: Persons linked as a suspect to at least a given number of offences.
theme: Offenders
version: 1.0.0
parameters:
  - name: min_offences
    type: int
    label: Minimum offences
    description: Minimum offences
    default: 2
    required: false
  - name: until
    type: date
    label: Up to
    description: Last offence date counted
    default: null
    required: true
tables:
  - table: offences
    columns: [crime_id, offence_date]
  - table: suspects
    columns: [crime_id, person_id]
chart: {type: bar, x: person_id, y: offences}
count_columns: [offences]
row_level: true

DEFINITION
Persons linked as a suspect to at least a given number of offences.
*/
${SQL}
`;

let tw: TempWorkspace;
let runs: RunRegistry;
let app: LibraryEntry[];
let macros: Macro[];
let root: string;
let seq = 0;

const withConnection: WithConnection = async (work) => {
  const conn = await tw.ws.connect();
  try {
    return await work(conn);
  } finally {
    conn.closeSync();
  }
};
const open = (dir: string | null): Promise<UserLibrary> => openUserLibrary({ dir, app, macros, withConnection });
const freshDir = () => join(mkdtempSync(join(root, 'lib-')), 'SV Workbench', 'Queries');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const adhoc = (sql: string, params: { name: string; type: 'int' | 'date' | 'text' | 'number' | 'list'; value: ParamValue }[] = []) =>
  runAdhoc(tw.ws, macros, { sql, params, runId: `a${++seq}` }, runs);

beforeAll(async () => {
  tw = await tempWorkspace();
  runs = createRunRegistry();
  app = await loadLibrary(QUERIES);
  macros = await loadMacros(QUERIES);
  root = mkdtempSync(join(tmpdir(), 'sv-userlib-'));
  await craft(tw.ws, 'offences', OFFENCES);
  await craft(tw.ws, 'suspects', SUSPECTS);
  await tw.ws.conn.run('CREATE TABLE my_notes AS SELECT 1 AS x');
});
afterAll(() => {
  tw.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('ad-hoc SELECT from the SQL editor', () => {
  const PARAMS = [
    { name: 'until', type: 'date' as const, value: '2024-12-31' },
    { name: 'min_offences', type: 'int' as const, value: '2' },
  ];

  it('runs with typed $params and records it as ad-hoc with the SQL and its SHA-256', async () => {
    const r = QueryResult.parse(await adhoc(`${SQL};`, PARAMS));
    expect(r.rows).toEqual([
      { person_id: 'p1', offences: 4 },
      { person_id: 'p2', offences: 2 },
      { person_id: 'p4', offences: 2 },
    ]);
    expect(r.queryId).toBe('ad-hoc');
    expect(r.params).toEqual({ until: '2024-12-31', min_offences: 2 });
    expect(r.chart.type).toBe('none');
    expect(r.provenance).toMatchObject({ queryId: 'ad-hoc', version: 'draft', sql: SQL, sqlSha256: sha256(SQL) });
    expect(r.provenance.tables.map((t) => [t.name, t.rowCount])).toEqual([
      ['offences', 6],
      ['suspects', 10],
    ]);
    // The result is in the results catalogue like a library run's.
    const n = await tw.ws.conn.runAndReadAll(`SELECT count(*) FROM results.${r.resultId}`);
    expect(Number(n.getRows()[0]![0])).toBe(3);
  });

  it('binds the values it is given (an earlier date leaves one person)', async () => {
    const r = await adhoc(SQL, [{ ...PARAMS[0]!, value: '2024-02-28' }, PARAMS[1]!]);
    expect(r.rows).toEqual([{ person_id: 'p1', offences: 2 }]);
  });

  it('may read any workspace table, the statistics macros, and a canonical table the workspace lacks (empty)', async () => {
    expect((await adhoc('SELECT x FROM my_notes')).rows).toEqual([{ x: 1 }]);
    expect((await adhoc('SELECT round(sv_wilson_low(5, 10), 4) AS lo')).rows).toEqual([{ lo: 0.2366 }]);
    const ae = await adhoc('SELECT count(*) AS n FROM ae_attendances');
    expect(ae.rows).toEqual([{ n: 0 }]);
    expect(ae.provenance.tables).toEqual([]);
  });

  it.each([
    ["COPY offences TO 'x.csv'", /^ad-hoc: only a read-only SELECT may run \(this is COPY\)$/],
    ["ATTACH 'other.duckdb'", /^ad-hoc: only a read-only SELECT may run \(this is ATTACH\)$/],
    ['SELECT 1; SELECT 2', /^ad-hoc: a saved query must be exactly one statement \(found 2\)$/],
    ["SELECT * FROM read_csv('/etc/passwd')", /^ad-hoc: the table function read_csv\(\) is not allowed/],
    ["SELECT * FROM 'secret.csv'", /looks like a file/],
    ['DELETE FROM offences', /^ad-hoc: only a read-only SELECT may run \(this is DELETE\)$/],
    ['SELECT * FROM nowhere', /^ad-hoc: unknown table nowhere$/],
  ])('refuses %s with the guard\'s message', async (sql, message) => {
    const [code, text] = await failureOf(adhoc(sql));
    expect(code).toBe('query_refused');
    expect(text).toMatch(message);
  });

  it('reports progress and is cancelled like a library run', async () => {
    await tw.ws.conn.run('CREATE TABLE slow_rows AS SELECT md5(i::VARCHAR) AS k FROM range(6000000) t(i)');
    const runId = 'slow-adhoc';
    const pending = runAdhoc(tw.ws, macros, { sql: 'SELECT sum(length(md5(md5(md5(k))))) AS n FROM slow_rows', runId }, runs);
    const deadline = Date.now() + 20_000;
    let percent: number | null = null;
    while (Date.now() < deadline && !(percent !== null && percent > 0)) {
      await new Promise((r) => setTimeout(r, 25));
      const p = progress(runs, runId);
      if (p.state === 'running') percent = p.percent;
    }
    expect(percent).toBeGreaterThan(0);
    expect(cancel(runs, runId)).toBe(true);
    expect(await failureOf(pending)).toEqual(['cancelled', 'ad-hoc: cancelled']);
    expect(progress(runs, runId)).toEqual({ runId, state: 'cancelled', percent: null });
    await tw.ws.conn.run('DROP TABLE slow_rows');
  });

  it('asks for every $param with a type and value, and checks the value against the type', async () => {
    expect(await failureOf(adhoc(SQL, [PARAMS[0]!]))).toEqual(['invalid_args', 'ad-hoc: the SQL uses $min_offences: give it a type and a value']);
    expect(await failureOf(adhoc('SELECT 1', [PARAMS[0]!]))).toEqual(['invalid_args', 'ad-hoc: the SQL does not use $until']);
    expect(await failureOf(adhoc(SQL, [PARAMS[0]!, { ...PARAMS[1]!, value: 'two' }]))).toEqual([
      'invalid_args',
      "ad-hoc: min_offences must be a whole number (got 'two')",
    ]);
    expect(await failureOf(adhoc(SQL, [PARAMS[0]!, { ...PARAMS[1]!, value: '' }]))).toEqual(['invalid_args', 'ad-hoc: min_offences is required']);
    expect(await failureOf(adhoc('  ;  '))).toEqual(['invalid_args', 'Write a SELECT to run.']);
  });
});

describe('saving an own entry', () => {
  it('writes <id>.sql in the library format, which the loader reads back and runs', async () => {
    const dir = freshDir();
    const lib = await open(dir);
    expect(lib.info()).toEqual({ available: true, problems: [] });
    const outcome = SaveOutcome.parse(await lib.save(draft(), false));
    expect(outcome).toMatchObject({ status: 'saved', entry: { id: 'my-repeat-suspects', origin: 'user', theme: 'Offenders' } });
    expect(readdirSync(dir)).toEqual(['my-repeat-suspects.sql']);
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(EXPECTED_FILE);

    // A new session: the folder is read again and the entry runs like an app entry.
    const again = await open(dir);
    const [entry] = again.entries();
    expect(entry?.tables).toEqual([
      { table: 'offences', columns: ['crime_id', 'offence_date'] },
      { table: 'suspects', columns: ['crime_id', 'person_id'] },
    ]);
    const r = await runQuery(tw.ws, [...app, ...again.entries()], { queryId: 'my-repeat-suspects', params: { until: '2024-12-31' }, runId: `s${++seq}` }, runs);
    expect(r.rows).toEqual([
      { person_id: 'p1', offences: 4 },
      { person_id: 'p2', offences: 2 },
      { person_id: 'p4', offences: 2 },
    ]);
    expect(r.params).toEqual({ min_offences: 2, until: '2024-12-31' });
    expect(r.chart).toEqual({ type: 'bar', x: 'person_id', y: 'offences' });
    // `until` has no default: it is required.
    expect(await failureOf(runQuery(tw.ws, again.entries(), { queryId: 'my-repeat-suspects', params: {}, runId: `s${++seq}` }, runs))).toEqual([
      'invalid_args',
      'my-repeat-suspects: until is required',
    ]);
  });

  it('refuses an app entry\'s id, and asks before replacing an own entry', async () => {
    const dir = freshDir();
    const lib = await open(dir);
    expect(await failureOf(lib.save(draft({ id: 'prolific-offenders' }), false))).toEqual([
      'invalid_args',
      'prolific-offenders is the id of an app entry ("Prolific violent offenders"); app entries are read-only, so choose another id',
    ]);
    expect(existsSync(dir)).toBe(false);
    await lib.save(draft(), false);
    const before = readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8');
    expect(await lib.save(draft({ title: 'Renamed' }), false)).toEqual({
      status: 'exists',
      id: 'my-repeat-suspects',
      title: 'Suspects linked to several offences',
    });
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(before);
    expect(await lib.save(draft({ title: 'Renamed', version: '1.1.0' }), true)).toMatchObject({ status: 'saved', entry: { title: 'Renamed', version: '1.1.0' } });
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(
      before.replace('title: Suspects linked to several offences', 'title: Renamed').replace('version: 1.0.0', 'version: 1.1.0'),
    );
    expect(lib.entries().map((e) => e.title)).toEqual(['Renamed']);
  });

  it('refuses SQL the guard refuses, tables that are not canonical, and $params left undeclared', async () => {
    const lib = await open(freshDir());
    expect(await failureOf(lib.save(draft({ sql: 'DELETE FROM offences', params: [] }), false))).toEqual([
      'query_refused',
      'my-repeat-suspects: only a read-only SELECT may run (this is DELETE)',
    ]);
    expect(await failureOf(lib.save(draft({ sql: "SELECT * FROM read_csv('x.csv')", params: [] }), false))).toEqual([
      'query_refused',
      'my-repeat-suspects: the table function read_csv() is not allowed in a saved query (it can read files)',
    ]);
    const [code, message] = await failureOf(lib.save(draft({ sql: 'SELECT x FROM my_notes', params: [] }), false));
    expect(code).toBe('query_refused');
    expect(message).toMatch(/^my-repeat-suspects: a saved entry reads canonical tables only, so it runs on any workspace; my_notes is not one/);
    expect(await failureOf(lib.save(draft({ params: [] }), false))).toEqual([
      'invalid_args',
      'my-repeat-suspects: the SQL uses $until: give it a type, a label and a default',
    ]);
    expect(await failureOf(lib.save(draft({ title: 'Ends */ early' }), false))).toEqual([
      'invalid_args',
      "title may not contain */ (it would end the file's header comment)",
    ]);
  });

  it('types each parameter\'s default as the loader will read it', async () => {
    const lib = await open(freshDir());
    const withDefaults = (min: ParamValue, until: ParamValue) =>
      draft({
        params: [
          { name: 'min_offences', type: 'int', label: 'Minimum offences', default: min },
          { name: 'until', type: 'date', label: 'Up to', default: until },
        ],
      });
    expect(await failureOf(lib.save(withDefaults('two', null), false))).toEqual([
      'invalid_args',
      "my-repeat-suspects: min_offences must be a whole number (got 'two')",
    ]);
    expect(await failureOf(lib.save(withDefaults(2, '2024-02-30'), false))).toEqual([
      'invalid_args',
      "my-repeat-suspects: until must be a date written YYYY-MM-DD (got '2024-02-30')",
    ]);
    const saved = await lib.save(withDefaults(' 3 ', '2024-12-31'), false);
    expect(saved.status === 'saved' && saved.entry.params.map((p) => [p.name, p.type, p.default, p.required])).toEqual([
      ['min_offences', 'int', 3, false],
      ['until', 'date', '2024-12-31', false],
    ]);
  });

  it('derives columns through aliases, USING and CTEs (a CTE-qualified name counts for every table), and a key for a table whose columns are not named', async () => {
    const lib = await open(freshDir());
    const sql = `WITH v AS (SELECT * FROM victims)
SELECT count(*) AS n, max(v.age) AS oldest
FROM offences JOIN v USING (crime_id)
CROSS JOIN (SELECT count(*) AS k FROM suspects) AS k`;
    const saved = await lib.save(draft({ id: 'derive', sql, params: [], chart: { type: 'none', x: '', y: '' }, countColumns: ['n'] }), false);
    expect(saved.status).toBe('saved');
    expect(lib.entries()[0]?.tables).toEqual([
      { table: 'offences', columns: ['crime_id'] },
      // v.age: v is a CTE, so age is declared on every table read that has it.
      { table: 'suspects', columns: ['crime_id', 'age'] },
      { table: 'victims', columns: ['crime_id', 'age'] },
    ]);
  });

  it('deletes an own entry, never an app entry, and hands out the file as it is on disk', async () => {
    const dir = freshDir();
    const lib = await open(dir);
    await lib.save(draft(), false);
    expect(await lib.fileOf('my-repeat-suspects')).toEqual({ fileName: 'my-repeat-suspects.sql', text: EXPECTED_FILE });
    expect(await failureOf(lib.fileOf('hotspots'))).toEqual(['invalid_args', 'hotspots is an app entry; only your own entries are shared as files']);
    expect(await failureOf(lib.remove('hotspots'))).toEqual(['invalid_args', 'hotspots is an app entry; app entries are read-only']);
    expect(await lib.remove('my-repeat-suspects')).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(lib.entries()).toEqual([]);
    expect(await failureOf(lib.remove('my-repeat-suspects'))).toEqual(['not_found', 'no query of yours has the id my-repeat-suspects']);
  });

  it('is refused when the host has no user library folder', async () => {
    const lib = await open(null);
    expect(lib.info()).toEqual({ available: false, problems: [] });
    expect(await failureOf(lib.save(draft(), false))).toEqual(['not_found', 'this app has no folder for your own queries']);
  });
});

describe('a colleague\'s file, imported', () => {
  it('is checked, then copied byte for byte as <id>.sql whatever it was called', async () => {
    const dir = freshDir();
    const lib = await open(dir);
    const text = EXPECTED_FILE.replace(/\n/g, '\r\n');
    const outcome = await lib.importFile({ fileName: 'my-repeat-suspects (1).sql', text }, false);
    expect(outcome).toMatchObject({ status: 'saved', entry: { id: 'my-repeat-suspects', origin: 'user' } });
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(text);
    // Same id again: asks; replace: written.
    expect(await lib.importFile({ fileName: 'again.sql', text: EXPECTED_FILE }, false)).toEqual({
      status: 'exists',
      id: 'my-repeat-suspects',
      title: 'Suspects linked to several offences',
    });
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(text);
    expect(await lib.importFile({ fileName: 'again.sql', text: EXPECTED_FILE }, true)).toMatchObject({ status: 'saved' });
    expect(readFileSync(join(dir, 'my-repeat-suspects.sql'), 'utf8')).toBe(EXPECTED_FILE);
  });

  it.each([
    ['a bad header field', EXPECTED_FILE.replace('theme: Offenders', 'theme: Knives'), /^colleague\.sql: theme: Invalid option/],
    ['an unknown header key', EXPECTED_FILE.replace('row_level: true', 'row_level: true\nowner: me'), /^colleague\.sql: \(header\): Unrecognized key: "owner"/],
    ['a column that is not canonical', EXPECTED_FILE.replace('[crime_id, offence_date]', '[crime_id, knife]'), /^colleague\.sql: tables\.0: offences has no column knife$/],
    ['no header', SQL, /^colleague\.sql: must open with a \/\* … \*\/ header comment$/],
    ['a file-reading SELECT', EXPECTED_FILE.replace('FROM suspects AS s', "FROM read_csv('/home/x/secret.csv') AS s"), /^colleague\.sql: the table function read_csv\(\) is not allowed/],
    ['an undeclared table', EXPECTED_FILE.replace('  - table: suspects\n    columns: [crime_id, person_id]\n', ''), /^colleague\.sql: unknown table suspects$/],
    ['an app entry\'s id', EXPECTED_FILE.replace('id: my-repeat-suspects', 'id: hotspots'), /^colleague\.sql: hotspots is the id of an app entry/],
  ])('refuses %s, naming the file and the field', async (_what, text, message) => {
    const dir = freshDir();
    const lib = await open(dir);
    const [code, text2] = await failureOf(lib.importFile({ fileName: 'colleague.sql', text }, true));
    expect(code).toBe('import_failed');
    expect(text2).toMatch(message);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('loading the folder', () => {
  it('loads the good files and lists the others with their reason, paths left out', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'my-repeat-suspects.sql'), EXPECTED_FILE);
    writeFileSync(join(dir, 'broken.sql'), EXPECTED_FILE.replace('id: my-repeat-suspects', 'id: broken').replace('theme: Offenders', 'theme: Knives'));
    writeFileSync(join(dir, 'hotspots.sql'), EXPECTED_FILE.replace('id: my-repeat-suspects', 'id: hotspots'));
    writeFileSync(join(dir, 'notes.txt'), 'not a query');
    const lib = await open(dir);
    expect(lib.entries().map((e) => e.id)).toEqual(['my-repeat-suspects']);
    expect(lib.summaries().map((s) => [s.id, s.origin])).toEqual([['my-repeat-suspects', 'user']]);
    const { problems } = lib.info();
    expect(problems.map((p) => p.file)).toEqual(['broken.sql', 'hotspots.sql']);
    expect(problems[0]!.message).toMatch(/^theme: Invalid option/);
    expect(problems[1]!.message).toBe('hotspots is the id of an app entry ("Serious violence hotspots"); app entries are read-only, so choose another id');
    for (const p of problems) expect(p.message).not.toContain(root);
  });

  it('keeps the contract\'s themes and the loader\'s in step', () => {
    expect(QueryTheme.options).toEqual(Theme.options);
  });
});
