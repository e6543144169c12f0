import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../db/sql.js';
import { readCsvSql } from './csvSource.js';
import type { Dialect } from './dialect.js';
import { consecutiveRuns, findRecordLines, lineRuns, recordLines, type LineRuns, type RecordShape } from './recordLines.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-records-'));
let instance: DuckDBInstance;
let conn: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  conn = await instance.connect();
});
afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row's line, from the runs. */
function expand(runs: LineRuns): number[] {
  const out: number[] = [];
  for (let k = 0; k < runs.rows.length; k++) {
    const to = runs.rows[k + 1] ?? runs.accepted;
    for (let r = runs.rows[k]!; r < to; r++) out.push(runs.lines[k]! + (r - runs.rows[k]!));
  }
  return out;
}

/** Whether findRecordLines had to scan the text (a scan asks `stopped` between chunks; counting does not). */
async function scans(path: string, shape: RecordShape, dataRecords: number): Promise<boolean> {
  let asked = 0;
  const search = findRecordLines(path, shape, { stopped: () => ++asked < 0 });
  await search.settle({ dataRecords, rejected: [] });
  return asked > 0;
}

interface Case {
  name: string;
  text: string;
  dialect?: Partial<Dialect>;
  /** DuckDB types of the columns after the first (which holds, as text, the line its record starts on). */
  more?: string[];
  accepted: number[];
  rejected: number[];
  /** Every line of the text starts a record DuckDB reads: counting settles the lines. */
  oneLineEach?: true;
}

const base: Dialect = { delimiter: ',', quote: '"', escape: '"', newline: '\\n', comment: '', skip: 0, header: true, names: [] };

/**
 * Texts whose every record begins with the line it starts on, so DuckDB's own reading gives the
 * answer: the first values of the rows it accepts, and of the records it rejects.
 */
const CASES: Case[] = [
  {
    name: 'title and blank lines skipped, quoted line breaks, spaces before a quote, a stray quote, doubled quotes, no final line break',
    text: ['Crime extract', '', 'L,note', '4,plain', '5,"two', 'lines"', '', '', '9, "spaced', 'quote"', '11,x"y', '12,"doubled ""quote""', 'still"', '14,"ends, here"'].join('\n'),
    dialect: { skip: 2 },
    accepted: [4, 5, 9, 11, 12, 14],
    rejected: [],
  },
  {
    name: 'rejected records: too many or too few columns, spanning lines, only spaces, text after a closing quote, a bad number, a quote never closed',
    text: `${['L,n', '2,1', '3,1,extra', '4,"spans', 'lines",9', '6', '  ', '8,"1"y', '9,x', '10,1', '11,"never closed', '12,1'].join('\n')}\n`,
    more: ['BIGINT'],
    accepted: [2, 10],
    rejected: [3, 4, 6, 7, 8, 9, 11],
  },
  {
    name: '\\r\\n line ends with blank lines and a quoted line break',
    text: `${['L,v', '2,a', '', '4,"b', 'c"', '', '7,d'].join('\r\n')}\r\n`,
    dialect: { newline: '\\r\\n' },
    accepted: [2, 4, 7],
    rejected: [],
  },
  {
    name: '\\r line ends (old Mac)',
    text: 'L,v\r2,a\r\r4,"b\rc"\r6,d\r',
    dialect: { newline: '\\r' },
    accepted: [2, 4, 6],
    rejected: [],
  },
  {
    name: 'tab delimiter',
    text: 'L\tv\n2\t"a\nb"\n4\t"c"\n5\t x"y\n',
    dialect: { delimiter: '\t' },
    accepted: [2, 4, 5],
    rejected: [],
  },
  {
    name: 'a two-character delimiter',
    text: 'L||v\n2|| "a\nb"\n4||c\n5||"d"||e\n6||f\n',
    dialect: { delimiter: '||' },
    accepted: [2, 4, 6],
    rejected: [5],
  },
  {
    name: 'backslash escape inside quotes',
    text: 'L,v\n2,"a\\"\nb"\n4,"c\\\\"\n5,e\n',
    dialect: { escape: '\\' },
    accepted: [2, 4, 5],
    rejected: [],
  },
  {
    name: 'comment lines and comments after data, a quote inside a comment',
    text: 'L,v\n#c,"x\n3,a # note "q\n4,b\n',
    dialect: { comment: '#' },
    accepted: [3, 4],
    rejected: [],
  },
  {
    name: 'a comment line does not count toward skip',
    text: '# comment\nTitle\nL,v\n4,a\n',
    dialect: { comment: '#', skip: 1 },
    accepted: [4],
    rejected: [],
  },
  {
    name: 'one line each, with a rejected record (counting settles it, no scan)',
    text: 'Title,\nL,v\n3,a\n4,b,c\n5,"d"\n',
    dialect: { skip: 1 },
    accepted: [3, 5],
    rejected: [4],
    oneLineEach: true,
  },
  {
    name: 'no header',
    text: '1,a\n2,"b\nc"\n\n5,d\n',
    dialect: { header: false },
    accepted: [1, 2, 5],
    rejected: [],
  },
  {
    name: 'a byte order mark, then a quote that therefore opens nothing',
    text: '\ufeff"L,v\n2,"a\nb"\n4,c\n',
    accepted: [2, 4],
    rejected: [],
  },
  {
    name: 'no quoting: every line break ends a record',
    text: 'L,v\n2,"a\n3,b"\n4,c\n',
    dialect: { quote: '', escape: '' },
    accepted: [2, 3, 4],
    rejected: [],
    oneLineEach: true,
  },
];

async function duckdbReading(path: string, dialect: Dialect, columns: number, more: string[]) {
  const typed = Array.from({ length: columns }, (_, i) => ({ name: `c${i}`, type: i === 0 ? 'VARCHAR' : (more[i - 1] ?? 'VARCHAR') }));
  await conn.run('DROP TABLE IF EXISTS t_rejects; DROP TABLE IF EXISTS t_scans');
  const read = readCsvSql(path, { ...dialect, names: typed.map((c) => c.name) }, typed, { rejects: { table: 't_rejects', scan: 't_scans' } });
  // SELECT * : a column left out is not converted, so its bad values would not be rejected.
  const rows = (await conn.runAndReadAll(`SELECT * FROM ${read}`)).getRowObjectsJson().map((r) => Number(r.c0));
  const rejected = (await conn.runAndReadAll(`SELECT DISTINCT line_byte_position, ltrim(csv_line, chr(13) || chr(10)) AS raw FROM t_rejects ORDER BY 1`))
    .getRowObjectsJson()
    .map((r) => String(r.raw));
  return { rows, rejected };
}

describe('recordLines + lineRuns', () => {
  it.each(CASES)('$name: the lines DuckDB reads the rows from', async (c) => {
    const path = join(dir, 'case.csv');
    writeFileSync(path, c.text);
    const dialect = { ...base, ...c.dialect };
    const columns = 2;
    const shape: RecordShape = { ...dialect, columns };

    // The known answer, and DuckDB agreeing with it.
    const duck = await duckdbReading(path, dialect, columns, c.more ?? []);
    expect(duck.rows).toEqual(c.accepted);
    expect(duck.rejected).toHaveLength(c.rejected.length);
    duck.rejected.forEach((raw, i) => raw.trim() !== '' && expect(raw.startsWith(String(c.rejected[i]))).toBe(true));

    // The scan, whatever the read size, and the runs after taking out the rejected lines.
    const whole = await recordLines(path, shape);
    for (const chunkBytes of [1, 2, 3, 5, 7]) expect(await recordLines(path, shape, { chunkBytes })).toEqual(whole);
    const runs = lineRuns(whole, c.rejected, (l) => l);
    expect(runs.accepted).toBe(c.accepted.length);
    expect(expand(runs)).toEqual(c.accepted);

    // Counting lines against DuckDB's records gives the same, scanning only when it must;
    // and so through a sheet's lineOf (here: row = line + 10).
    const records = c.accepted.length + c.rejected.length;
    for (const chunkBytes of [undefined, 4]) {
      const search = findRecordLines(path, shape, { chunkBytes });
      expect(await search.settle({ dataRecords: records, rejected: c.rejected })).toEqual(runs);
      const sheet = await findRecordLines(path, shape, { chunkBytes }).settle({ dataRecords: records, rejected: c.rejected, lineOf: (l) => l + 10 });
      expect(expand(sheet)).toEqual(c.accepted.map((l) => l + 10));
      await search.idle();
    }
    expect(await scans(path, shape, records)).toBe(!c.oneLineEach);
  });

  it('with one column a blank line is a row (of NULL), as DuckDB reads it', async () => {
    const path = join(dir, 'one.csv');
    writeFileSync(path, 'L\n2\n\n4\n\n');
    const duck = await duckdbReading(path, base, 1, []);
    expect(duck.rows).toEqual([2, 0, 4, 0]); // NULL reads as 0 here
    expect(Array.from(await recordLines(path, { ...base, columns: 1 }))).toEqual([2, 3, 4, 5]);
    expect(Array.from(await recordLines(path, { ...base, columns: 2 }))).toEqual([2, 4]);
  });

  it('runs: one for lines in a row, a new one after each gap, lines mapped through lineOf', () => {
    const records = Int32Array.from([2, 3, 4, 6, 7, 9, 10, 11]);
    expect(lineRuns(records, [], (l) => l)).toEqual({ rows: [0, 3, 5], lines: [2, 6, 9], accepted: 8 });
    // Lines 4 and 9 rejected, 5 (not a record start) ignored.
    expect(lineRuns(records, [4, 5, 9], (l) => l)).toEqual({ rows: [0, 2, 4], lines: [2, 6, 10], accepted: 6 });
    // A sheet where line 6 of the CSV came from row 12.
    expect(lineRuns(records, [], (l) => (l >= 6 ? l + 6 : l))).toEqual({ rows: [0, 3, 5], lines: [2, 12, 15], accepted: 8 });
    expect(lineRuns(new Int32Array(0), [3], (l) => l)).toEqual({ rows: [], lines: [], accepted: 0 });
  });

  it('consecutive records: the same runs as lineRuns gives, from the rejected lines alone', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let t = 0; t < 200; t++) {
      const first = 1 + Math.floor(random() * 3);
      const count = Math.floor(random() * 30);
      const records = Int32Array.from({ length: count }, (_, k) => first + k);
      const rejected = [...records].filter(() => random() < 0.3);
      expect(consecutiveRuns(first, count, rejected)).toEqual(lineRuns(records, rejected));
    }
  });

  it('stops early when asked', async () => {
    const path = join(dir, 'stop.csv');
    writeFileSync(path, `L,v\n${Array.from({ length: 1000 }, (_, i) => `${i + 2},x`).join('\n')}\n`);
    const all = await recordLines(path, { ...base, columns: 2 }, { chunkBytes: 100 });
    expect(all).toHaveLength(1000);
    let reads = 0;
    const some = await recordLines(path, { ...base, columns: 2 }, { chunkBytes: 100, stopped: () => ++reads > 3 });
    expect(some.length).toBeGreaterThan(0);
    expect(some.length).toBeLessThan(100);
  });

  it('DuckDB parsing a file in many buffers on two threads keeps file order, so rows and scanned lines pair up', async () => {
    // ~4 MB in 256 KB buffers: records with quoted line breaks straddle buffers.
    const lines: string[] = ['L,v'];
    let line = 2;
    for (let i = 0; i < 100_000; i++) {
      const v = i % 37 === 0 ? `"note\nover\nlines ${i}"` : `value ${i} ${'x'.repeat(i % 20)}`;
      lines.push(`${line},${v}`);
      line += i % 37 === 0 ? 3 : 1;
    }
    const path = join(dir, 'big.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const typed = [
      { name: 'L', type: 'INTEGER' },
      { name: 'v', type: 'VARCHAR' },
    ];
    const read = readCsvSql(path, { ...base, names: ['L', 'v'] }, typed).replace(/\)$/, ', buffer_size = 262144)');
    const parquet = join(dir, 'big.parquet');
    await conn.run(`COPY (SELECT * FROM ${read}) TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
    const runs = lineRuns(await recordLines(path, { ...base, columns: 2 }), [], (l) => l);
    await conn.run('CREATE OR REPLACE TABLE runs ("row" INTEGER, line INTEGER)');
    const appender = await conn.createAppender('runs');
    runs.rows.forEach((row, k) => {
      appender.appendInteger(row);
      appender.appendInteger(runs.lines[k]!);
      appender.endRow();
    });
    appender.closeSync();
    const check = await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE d.L <> r.line + (d.file_row_number - r."row"))::INTEGER AS wrong
       FROM read_parquet(${quoteLiteral(parquet)}, file_row_number = true) AS d ASOF JOIN runs AS r ON d.file_row_number >= r."row"`,
    );
    expect(check.getRowObjectsJson()[0]).toEqual({ n: 100_000, wrong: 0 });
    expect((await conn.runAndReadAll("SELECT current_setting('preserve_insertion_order') AS p")).getRowObjectsJson()[0]).toEqual({ p: true });
  });
});
