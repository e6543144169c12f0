import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, type DisclosureRule, type Provenance, type Row } from '../../contract/index.js';
import { tempWorkspace, type TempWorkspace } from '../queries/testTables.js';
import { resultTable } from './table.js';
import { createResultStore, type ResultRecord } from './results.js';
import { planTableExport, writeTableExport, type TableExportDeps } from './write.js';

/**
 * The table writers on crafted results in the results catalogue, read back: CSV byte for byte,
 * XLSX through exceljs (values, types, number formats, the provenance sheet). Disclosure control
 * itself is tested in disclosure.test.ts; here a stand-in hides two named cells so the test can
 * say exactly where `[c]` must appear.
 */

let t: TempWorkspace;
let dir: string;

const PROVENANCE: Provenance = {
  queryId: 'crafted',
  version: '2.1.0',
  params: { period_end: '2024-12-31', period_months: 12, region: 'E08000001,E08000002', note: '=HYPERLINK("x")' },
  tables: [
    { name: 'offences', rowCount: 1234, sourceFile: { name: 'crimes march.csv', sha256: 'ab'.repeat(32) } },
    { name: 'population', rowCount: 182, sourceFile: null },
  ],
  ranAt: '2025-01-02T03:04:05.000Z',
  durationMs: 42,
};

const results = createResultStore();

/** What the engine would have remembered of a run; only the fields the writers read matter here. */
function remember(resultId: string, queryId: string, title: string, countColumns: string[], personalData: boolean, params = PROVENANCE.params): void {
  const record: ResultRecord = {
    resultId,
    queryId,
    title,
    version: PROVENANCE.version,
    params,
    columns: [],
    rowCount: 0,
    chart: { type: 'none', x: 'a', y: 'b' },
    provenance: { ...PROVENANCE, queryId, params },
    personalData,
    disclosure: { countColumns, derivedColumns: [], dimensions: [], totals: {} },
    disclosureFrom: 'entry',
  };
  results.set(resultId, record);
}
remember('r_1', 'crafted', 'A crafted table', ['victims', 'repeat_victims'], false);
remember('r_2', 'listing', 'A cohort list', ['offences'], true);
remember('r_3', 'ad-hoc', 'Ad-hoc SQL', [], false, {});

const protectCalls: { resultId: string; rule: DisclosureRule; rows: Row[] }[] = [];

function deps(extra: Partial<TableExportDeps> = {}): TableExportDeps {
  return {
    results,
    // Stand-in: hides the second row's repeat count (primary) and its percentage (derived).
    protect: (record, columns, rows, rule) => {
      protectCalls.push({ resultId: record.resultId, rule, rows });
      return {
        rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
        hidden: [
          { row: 1, column: 'repeat_victims', why: 'primary' },
          { row: 1, column: 'pct', why: 'derived' },
        ],
        ruleText: `protected under ${rule}`,
      };
    },
    appVersion: '9.8.7',
    now: () => new Date('2025-02-03T04:05:06.000Z'),
    ...extra,
  };
}

beforeAll(async () => {
  t = await tempWorkspace();
  dir = mkdtempSync(join(tmpdir(), 'sv-export-'));
  await t.ws.conn.run(`CREATE TABLE results.r_1 AS SELECT * FROM (VALUES
    ('All',      120::BIGINT, 30::BIGINT, 25.0::DOUBLE,  -12.5::DOUBLE, 0.01234::DOUBLE, DATE '2024-03-31', true,  'plain'),
    ('Domestic',  20::BIGINT,  3::BIGINT, 15.0::DOUBLE,   4.0::DOUBLE,  0.5::DOUBLE,     DATE '2024-01-05', false, '=1+1'),
    ('+4412345',   1::BIGINT,  0::BIGINT,  0.0::DOUBLE,  NULL,          NULL,            NULL,              NULL,  '-2'),
    ('@SUM(A1)',   0::BIGINT,  0::BIGINT, NULL,           0.0::DOUBLE,  1.0::DOUBLE,     DATE '2023-12-31', true,  'He said "hi", then left'),
    ('tab',        5::BIGINT,  5::BIGINT, 100.0::DOUBLE,  0.0::DOUBLE,  1.0::DOUBLE,     NULL,              NULL,  chr(9) || 'x'),
    ('cr',         5::BIGINT,  0::BIGINT, 0.0::DOUBLE,    0.0::DOUBLE,  1.0::DOUBLE,     NULL,              NULL,  chr(13) || 'y')
  ) v("group", victims, repeat_victims, pct, change_pct, p_value, first_date, domestic, note)`);
  await t.ws.conn.run(`CREATE TABLE results.r_2 AS SELECT * FROM (VALUES ('P1', 2::BIGINT), ('P2', 11::BIGINT)) v(person_id, offences)`);
  await t.ws.conn.run('CREATE TABLE results.r_3 AS SELECT range AS n, range * 2 AS twice FROM range(11)');
});

afterAll(() => {
  t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function readBook(path: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

/** The provenance sheet as label → value(s). */
function provenanceOf(book: ExcelJS.Workbook): Map<string, unknown[]> {
  const sheet = book.getWorksheet('Provenance')!;
  const out = new Map<string, unknown[]>();
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    out.set(String(values[0]), values.slice(1));
  });
  return out;
}

describe('CSV export', () => {
  it('writes UTF-8 with BOM, CRLF, RFC 4180 quoting, [c] where hidden, and neutralised text', async () => {
    const path = join(dir, 'crafted.csv');
    const summary = await writeTableExport(t.ws, { resultId: 'r_1', format: 'csv', rule: 'threshold5' }, path, deps());
    expect(summary).toMatchObject({ savedTo: path, format: 'csv', rows: 6, rule: 'threshold5', ruleText: 'protected under threshold5' });
    expect(summary.hidden).toHaveLength(2);
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toBe(
      [
        'group,victims,repeat_victims,pct,change_pct,p_value,first_date,domestic,note',
        'All,120,30,25,-12.5,0.01234,2024-03-31,true,plain',
        "Domestic,20,[c],[c],4,0.5,2024-01-05,false,'=1+1",
        "'+4412345,1,0,0,,,,,'-2",
        "'@SUM(A1),0,0,,0,1,2023-12-31,true,\"He said \"\"hi\"\", then left\"",
        "tab,5,5,100,0,1,,,'\tx",
        "cr,5,0,0,0,1,,,\"'\ry\"",
        '',
      ].join('\r\n'),
    );
    // The stand-in saw the whole table, as rows keyed by column.
    expect(protectCalls.at(-1)?.rows).toHaveLength(6);
    expect(protectCalls.at(-1)?.rows[1]).toMatchObject({ group: 'Domestic', repeat_victims: 3 });
  });

  it('streams a result without counts straight through, with no disclosure step', async () => {
    const before = protectCalls.length;
    const path = join(dir, 'adhoc.csv');
    const summary = await writeTableExport(t.ws, { resultId: 'r_3', format: 'csv' }, path, deps());
    expect(protectCalls.length).toBe(before);
    expect(summary).toMatchObject({ rows: 11, rule: 'threshold5', hidden: [] });
    expect(summary.ruleText).toMatch(/^Counts of 1 to 4 suppressed/); // the rule as chosen, with nothing to apply it to
    const lines = readFileSync(path, 'utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('n,twice');
    expect(lines.slice(1, 12)).toEqual(Array.from({ length: 11 }, (_, i) => `${i},${2 * i}`));
  });

  it('applies no rule under none', async () => {
    const before = protectCalls.length;
    const path = join(dir, 'none.csv');
    await writeTableExport(t.ws, { resultId: 'r_1', format: 'csv', rule: 'none' }, path, deps());
    expect(protectCalls.length).toBe(before);
    expect(readFileSync(path, 'utf8')).toContain("Domestic,20,3,15,4,0.5,2024-01-05,false,'=1+1\r\n");
  });
});

describe('XLSX export', () => {
  it('writes the table with real values and number formats, and a provenance sheet', async () => {
    const path = join(dir, 'crafted.xlsx');
    await writeTableExport(t.ws, { resultId: 'r_1', format: 'xlsx', rule: 'threshold10' }, path, deps());
    const book = await readBook(path);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Table', 'Provenance']);
    const sheet = book.getWorksheet('Table')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'group', 'victims', 'repeat_victims', 'pct', 'change_pct', 'p_value', 'first_date', 'domestic', 'note',
    ]);
    expect(sheet.rowCount).toBe(7);
    const all = sheet.getRow(2);
    expect(all.getCell(2).value).toBe(120);
    expect(all.getCell(2).numFmt).toBe('#,##0');
    expect(all.getCell(4).value).toBe(25);
    expect(all.getCell(4).numFmt).toBe('0.0');
    expect(all.getCell(5).value).toBe(-12.5); // a negative number stays a number
    expect(all.getCell(5).type).toBe(ExcelJS.ValueType.Number);
    expect(all.getCell(5).numFmt).toBe('0.0');
    expect(all.getCell(6).value).toBe(0.01234);
    expect(all.getCell(6).numFmt).toBe('0.0000');
    expect(all.getCell(7).value).toEqual(new Date('2024-03-31T00:00:00.000Z'));
    expect(all.getCell(7).numFmt).toBe('dd/mm/yyyy');
    expect(all.getCell(8).value).toBe(true);
    const domestic = sheet.getRow(3);
    expect(domestic.getCell(3).value).toBe('[c]');
    expect(domestic.getCell(4).value).toBe('[c]');
    expect(domestic.getCell(2).value).toBe(20);
    expect(domestic.getCell(8).value).toBe(false);
    // Formula-like text: string cells, never formulas, with the apostrophe.
    const texts = [
      [3, 9, "'=1+1"],
      [4, 1, "'+4412345"],
      [4, 9, "'-2"],
      [5, 1, "'@SUM(A1)"],
      [6, 9, "'\tx"],
      [5, 9, 'He said "hi", then left'],
    ] as const;
    for (const [r, c, want] of texts) {
      const cell = sheet.getRow(r).getCell(c);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(want);
    }
    // XML reading turns a raw CR into LF; the apostrophe in front is what matters.
    expect(sheet.getRow(7).getCell(9).value).toMatch(/^'[\r\n]y$/);
    expect(sheet.getRow(4).getCell(5).value).toBeNull(); // NULL stays an empty cell

    const prov = provenanceOf(book);
    expect(prov.get('Query')).toEqual(['crafted']);
    expect(prov.get('Title')).toEqual(['A crafted table']);
    expect(prov.get('Query version')).toEqual(['2.1.0']);
    expect(prov.get('Parameter: period_end')).toEqual(['2024-12-31']);
    expect(prov.get('Parameter: period_months')).toEqual(['12']);
    expect(prov.get('Parameter: region')).toEqual(['E08000001,E08000002']);
    expect(prov.get('Parameter: note')).toEqual(['\'=HYPERLINK("x")']);
    expect(prov.get('Rows')).toEqual([6]);
    expect(prov.get('Disclosure rule')).toEqual(['threshold10']);
    expect(prov.get('Disclosure control')).toEqual(['protected under threshold10']);
    expect(prov.get('Cells hidden')).toEqual(['2 (1 small count, 1 derived from a hidden count)']);
    expect(prov.get('Personal data')).toEqual(['No']);
    expect(prov.get('Run at')).toEqual(['2025-01-02T03:04:05.000Z']);
    expect(prov.get('Exported at')).toEqual(['2025-02-03T04:05:06.000Z']);
    expect(prov.get('App')).toEqual(['SV Workbench 9.8.7']);
    expect(prov.get('Table read')).toEqual(['Rows', 'Source file', 'Source SHA-256']);
    expect(prov.get('offences')).toEqual([1234, 'crimes march.csv', 'ab'.repeat(32)]);
    expect(prov.get('population')).toEqual([182, '(no source file recorded)']);
    expect(prov.get('C3')).toEqual(['repeat_victims', 'small count']);
    expect(prov.get('D3')).toEqual(['pct', 'derived from a hidden count']);
  });

  it('cuts text longer than an Excel cell holds (32,767 characters), data and provenance alike', async () => {
    await t.ws.conn.run("CREATE TABLE results.r_4 AS SELECT repeat('x', 40000) AS long_text, 1.5 AS v");
    remember('r_4', 'ad-hoc', 'Ad-hoc SQL', [], false, {});
    results.get('r_4')!.provenance.sql = `SELECT ${'y'.repeat(40000)}`;
    const path = join(dir, 'long.xlsx');
    await writeTableExport(t.ws, { resultId: 'r_4', format: 'xlsx' }, path, deps());
    const book = await readBook(path);
    const text = String(book.getWorksheet('Table')!.getRow(2).getCell(1).value);
    expect(text.length).toBe(32_767);
    expect(text.endsWith('x…')).toBe(true);
    const sql = String(provenanceOf(book).get('SQL')?.[0]);
    expect(sql.length).toBe(32_767);
    expect(sql.startsWith('SELECT yyy')).toBe(true);
    // CSV has no such limit: the whole text.
    await writeTableExport(t.ws, { resultId: 'r_4', format: 'csv' }, join(dir, 'long.csv'), deps());
    expect(readFileSync(join(dir, 'long.csv'), 'utf8')).toContain(`${'x'.repeat(40000)},1.5\r\n`);
  });

  it('refuses more rows than an Excel sheet holds, naming the count and suggesting CSV; CSV still goes', async () => {
    // r_3 has 11 rows: with a 12-row sheet (header + 11) it fits, with an 11-row sheet it does not.
    const fits = join(dir, 'fits.xlsx');
    await writeTableExport(t.ws, { resultId: 'r_3', format: 'xlsx' }, fits, deps({ maxXlsxRows: 12 }));
    expect((await readBook(fits)).getWorksheet('Table')!.rowCount).toBe(12);
    const over = join(dir, 'over.xlsx');
    const refused = writeTableExport(t.ws, { resultId: 'r_3', format: 'xlsx' }, over, deps({ maxXlsxRows: 11 }));
    await expect(refused).rejects.toThrow('This result has 11 rows; an Excel sheet holds 10 below its header. Export it as CSV');
    expect(existsSync(over)).toBe(false);
    await writeTableExport(t.ws, { resultId: 'r_3', format: 'csv' }, join(dir, 'over.csv'), deps({ maxXlsxRows: 11 }));
  });

  it('refuses at the real Excel limit: 1,048,576 data rows do not fit under a header', async () => {
    await t.ws.conn.run('CREATE TABLE results.r_9 AS SELECT range AS n FROM range(1048576)');
    remember('r_9', 'ad-hoc', 'Ad-hoc SQL', [], false, {});
    const plan = planTableExport(t.ws, { resultId: 'r_9', format: 'xlsx' }, deps());
    await expect(plan).rejects.toThrow('This result has 1,048,576 rows; an Excel sheet holds 1,048,575 below its header.');
    await t.ws.conn.run('DELETE FROM results.r_9 WHERE n = 0');
    await expect(planTableExport(t.ws, { resultId: 'r_9', format: 'xlsx' }, deps())).resolves.toEqual({ fileName: 'ad-hoc-2025-01-02.xlsx' });
    await t.ws.conn.run('DROP TABLE results.r_9');
  });

  it('refuses to protect more rows than the cap, before anything is written', async () => {
    const path = join(dir, 'capped.csv');
    const refused = writeTableExport(t.ws, { resultId: 'r_1', format: 'csv' }, path, deps({ maxProtectedRows: 5 }));
    await expect(refused).rejects.toThrow('This result has 6 rows with counts; disclosure control checks at most 5.');
    expect(existsSync(path)).toBe(false);
  });
});

describe('personal data and failures', () => {
  it('exports a row-level list only on explicit confirmation, whole and marked as personal data', async () => {
    const path = join(dir, 'list.xlsx');
    const refused = writeTableExport(t.ws, { resultId: 'r_2', format: 'xlsx' }, path, deps());
    await expect(refused).rejects.toThrow('A cohort list is a row-level list (one row per person): personal data. Confirm');
    await expect(refused).rejects.toBeInstanceOf(EngineError);
    expect(existsSync(path)).toBe(false);

    const before = protectCalls.length;
    const summary = await writeTableExport(t.ws, { resultId: 'r_2', format: 'xlsx', confirmPersonalData: true }, path, deps());
    expect(protectCalls.length).toBe(before); // a list is not suppressed: it is gated instead
    expect(summary.hidden).toEqual([]);
    const book = await readBook(path);
    const sheet = book.getWorksheet('Table')!;
    expect(sheet.getRow(2).getCell(2).value).toBe(2); // a count of 2, shown: the whole list
    const prov = provenanceOf(book);
    expect(String(prov.get('Personal data')?.[0])).toMatch(/^Yes: a row-level list/);
    expect(String(prov.get('Disclosure control')?.[0])).toMatch(/^Not suppressed: a row-level list \(one row per person\) is personal data/);
  });

  it('names an unknown result and suggests a file name from the period', async () => {
    await expect(planTableExport(t.ws, { resultId: 'r_77', format: 'csv' }, deps())).rejects.toThrow('The result r_77 is no longer held');
    await expect(planTableExport(t.ws, { resultId: 'r_1', format: 'xlsx' }, deps())).resolves.toEqual({ fileName: 'crafted-2024-12-31.xlsx' });
    expect(() => resultTable('x; DROP')).toThrow('not a result id');
    expect(resultTable('r_12')).toBe('results."r_12"');
  });

  it('leaves no partial file behind when writing fails', async () => {
    const sub = join(dir, 'no-such-folder', 'out.csv');
    await expect(writeTableExport(t.ws, { resultId: 'r_1', format: 'csv' }, sub, deps())).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});
