import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_KIND, type MappingProfile, type ValidationProblem } from '../../contract/index.js';
import { commitImport } from '../import/commit.js';
import { previewImport } from '../import/preview.js';
import { makeSandbox, type Sandbox } from '../import/testSupport.js';
import { previewMapping } from './preview.js';
import { stagedPreview, stagedRowsSql } from './staged.js';

/**
 * The line an example row is reported on is where its record starts in the file (CSV: physical
 * line, header = line 1 when it is first) or its sheet row (XLSX), whatever comes before it:
 * title rows, blank lines, values with line breaks, rejected records, empty sheet rows.
 */
let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const victimsProfile = (sourceColumns: string[]): MappingProfile => ({
  kind: PROFILE_KIND,
  version: 1,
  name: 'test victims',
  table: 'victims',
  sourceColumns,
  read: {},
  columns: { crime_id: { source: 'crime' }, person_id: { source: 'person' }, age: { source: 'age' } },
});

const linesOf = (problems: ValidationProblem[]) =>
  Object.fromEntries(problems.map((p) => [p.kind, p.examples.map((e) => [e.line, e.values.crime_id, e.values.person_id])]));

// Each data record starts with the line it is on, as the crime reference (C<line>).
const VICTIMS_CSV = [
  'Victims extract — Greater Manchester,,,', // 1 title, saved by Excel with every comma
  'Produced 02/05/2024,,,', // 2
  'crime,person,age,notes', // 3 header
  'C4,P1,19,"Lives at 1 High St,', // 4 a note over two lines
  'Manchester"', // 5
  '', // 6 blank
  'C7,P2,130,"said ""no""', // 7 age out of range; note over two lines
  'then left"', // 8
  'C9,P3,44,too,many', // 9 rejected: too many columns
  'C10,P4,45,', // 10
  'C10,P4,46,"again"', // 11 duplicate of line 10
  '', // 12 blank
  '', // 13 blank
  'C14,P5,-1,', // 14 age out of range
].join('\r\n');

describe('lines of mapped rows (CSV)', () => {
  it('are the physical lines after title rows, quoted line breaks, blank lines and a rejected record', async () => {
    const p = await previewImport(sb.ws, sb.file('victims.csv', VICTIMS_CSV), {});
    expect([p.headerRow, p.rowsAccepted, p.rowsRejected]).toEqual([3, 5, 1]);
    expect(p.rejects.map((r) => r.line)).toEqual([9]);
    const m = await previewMapping(sb.ws, p.previewId, victimsProfile(['crime', 'person', 'age', 'notes']));
    expect(linesOf(m.problems)).toEqual({
      age_out_of_range: [
        [7, 'C7', 'P2'],
        [14, 'C14', 'P5'],
      ],
      duplicate_key: [[11, 'C10', 'P4']],
    });

    // Every staged row's line, against the crime reference that names it.
    const staged = stagedPreview(sb.ws, p.previewId);
    const rows = await sb.rows(`SELECT crime, __line FROM (${stagedRowsSql(staged)}) ORDER BY __line`);
    expect(rows.map((r) => [r.crime, r.__line])).toEqual([
      ['C4', 4],
      ['C7', 7],
      ['C10', 10],
      ['C10', 11],
      ['C14', 14],
    ]);
  });

  it('left-out rows land in the rejects table under their own lines, with the rejected record', async () => {
    const p = await previewImport(sb.ws, sb.file('victims.csv', VICTIMS_CSV), {});
    const result = await commitImport(sb.ws, {
      previewId: p.previewId,
      table: 'victims',
      mode: 'create',
      mapping: {
        profile: victimsProfile(['crime', 'person', 'age', 'notes']),
        decisions: { age_out_of_range: 'leave_out', duplicate_key: 'keep_flagged' },
      },
    });
    expect([result.rowsLoaded, result.rowsRejected, result.rowsLeftOut]).toEqual([3, 1, 2]);
    const rejects = await sb.rows('SELECT line, "column" FROM victims__rejects ORDER BY line');
    expect(rejects).toEqual([
      { line: 7, column: 'age' },
      { line: 9, column: null },
      { line: 14, column: 'age' },
    ]);
    const cols = await sb.rows("SELECT column_name FROM duckdb_columns() WHERE table_name = 'victims' ORDER BY column_index");
    expect(cols.map((c) => c.column_name)).not.toContain('__line');
  });

  it('committing as read takes the file columns only: no line column', async () => {
    const p = await previewImport(sb.ws, sb.file('victims.csv', VICTIMS_CSV), {});
    expect(p.columns.map((c) => c.name)).toEqual(['crime', 'person', 'age', 'notes']);
    expect(Object.keys(p.sampleRows[0]!)).toEqual(['crime', 'person', 'age', 'notes']);
    await commitImport(sb.ws, { previewId: p.previewId, table: 'victims_raw', mode: 'create' });
    const cols = await sb.rows("SELECT column_name FROM duckdb_columns() WHERE table_name = 'victims_raw' ORDER BY column_index");
    expect(cols.map((c) => c.column_name)).toEqual(['crime', 'person', 'age', 'notes', '_source_id']);
  });

  it('the usual file, one record a line, is one run', async () => {
    const csv = 'crime,person,age\nC2,P1,19\nC3,P2,130\n';
    const p = await previewImport(sb.ws, sb.file('plain.csv', csv), {});
    expect(stagedPreview(sb.ws, p.previewId).lines).toEqual({ rows: [0], lines: [2] });
    const m = await previewMapping(sb.ws, p.previewId, victimsProfile(['crime', 'person', 'age']));
    expect(linesOf(m.problems)).toEqual({ age_out_of_range: [[3, 'C3', 'P2']] });
  });

  it('many runs (a note over two lines in every other record) are kept in a file, as exact', async () => {
    const lines = ['crime,person,age,notes'];
    for (let i = 0; i < 600; i++) {
      const line = lines.length + 1;
      lines.push(i % 2 === 0 ? `C${line},P${i},${i === 598 ? 130 : 30},"first` : `C${line},P${i},${i === 599 ? -4 : 30},plain`);
      if (i % 2 === 0) lines.push('second"');
    }
    const p = await previewImport(sb.ws, sb.file('notes.csv', `${lines.join('\n')}\n`), {});
    expect(p.rowsAccepted).toBe(600);
    const staged = stagedPreview(sb.ws, p.previewId);
    // A run starts at the first record and after each record over two lines.
    expect(staged.lines).toMatchObject({ runs: 301 });
    const m = await previewMapping(sb.ws, p.previewId, victimsProfile(['crime', 'person', 'age', 'notes']));
    // Record 598 starts on line 2 + 598 + 299 (notes before it) = 899; record 599 on 901.
    expect(linesOf(m.problems)).toEqual({
      age_out_of_range: [
        [899, 'C899', 'P598'],
        [901, 'C901', 'P599'],
      ],
    });
    const wrong = await sb.rows(`SELECT count(*)::INTEGER AS n FROM (${stagedRowsSql(staged)}) WHERE crime <> 'C' || __line`);
    expect(wrong).toEqual([{ n: 0 }]);
  });
});

describe('lines of mapped rows (XLSX)', () => {
  it('are the sheet rows after title rows, empty rows and cells with line breaks', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('Victims');
    s.addRow(['Victims extract']); // 1
    s.addRow([]); // 2
    s.addRow(['crime', 'person', 'age', 'notes']); // 3 header
    s.addRow(['R4', 'P1', 19, 'Lives at\n1 High St\nManchester']); // 4
    s.addRow([]); // 5 empty: not written out
    s.addRow(['R6', 'P2', 130, null]); // 6
    s.addRow(['R7', 'P3', 20, 'two\r\nlines']); // 7
    s.addRow([]); // 8
    s.addRow([]); // 9
    s.addRow(['R10', 'P3', 21, null]); // 10 duplicate of row 7
    s.addRow(['R10', 'P3', 111, 'x']); // 11
    s.getCell('A10').value = 'R7';
    const path = sb.write('victims.xlsx', Buffer.alloc(0));
    await wb.xlsx.writeFile(path);
    const file = sb.ws.resolveFile(sb.ws.registerFile(path).token);

    const p = await previewImport(sb.ws, file, {});
    expect([p.headerRow, p.rowsAccepted, p.rowsRejected]).toEqual([3, 5, 0]);
    const m = await previewMapping(sb.ws, p.previewId, victimsProfile(['crime', 'person', 'age', 'notes']));
    expect(linesOf(m.problems)).toEqual({
      age_out_of_range: [
        [6, 'R6', 'P2'],
        [11, 'R10', 'P3'],
      ],
      duplicate_key: [[10, 'R7', 'P3']],
    });
  });
});
