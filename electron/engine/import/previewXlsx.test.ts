import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../contract/index.js';
import { previewImport } from './preview.js';
import { previewsOf } from './previews.js';
import { makeSandbox, type Sandbox } from './testSupport.js';
import type { Job } from './jobs.js';
import { cellText, MAX_XLSX_BYTES, stageWorkbook } from './xlsx.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await makeSandbox();
});
afterEach(() => sb.cleanup());

const day = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

/** Writes a workbook with exceljs into the sandbox and registers it. */
async function workbook(name: string, build: (wb: ExcelJS.Workbook) => void) {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = sb.write(name, Buffer.alloc(0));
  await wb.xlsx.writeFile(path);
  return sb.ws.resolveFile(sb.ws.registerFile(path).token);
}

/**
 * A police report as agencies send it: a Cover sheet with nothing on it, then "Crimes" with
 * two title rows merged across, a header whose "Location" cell is merged over two columns,
 * real dates, a formula, rich text, an error, a hyperlink, a cell with a line break, an
 * empty row, and one date cell that is not a date; and a second sheet "Victims".
 */
function policeReport(wb: ExcelJS.Workbook) {
  wb.addWorksheet('Cover');
  const s = wb.addWorksheet('Crimes');
  s.addRow(['Greater Manchester Police — Crime extract']);
  s.mergeCells('A1:G1');
  s.addRow(['Produced 02/05/2024 — OFFICIAL-SENSITIVE']);
  s.mergeCells('A2:G2');
  s.addRow(['Crime Reference', 'Date Committed', 'Offence', 'Location', null, 'Score', 'Notes']);
  s.mergeCells('D3:E3');
  const dates = [day(2024, 4, 3), day(2024, 4, 4), day(2024, 4, 5), day(2024, 4, 6), day(2024, 4, 7)];
  s.addRow(['C1', dates[0], { richText: [{ text: 'GBH ' }, { text: 'with intent', font: { bold: true } }] }, 'Street', 'High St', { formula: '3+4', result: 7 }, 'first\nsecond line']);
  s.addRow(['C2', dates[1], 'Robbery', 'Park', null, { error: '#N/A' }, { text: 'link', hyperlink: 'https://example.org' }]);
  s.addRow([]); // row 6: empty
  s.addRow(['C3', 'not known', 'Assault', 'Street', 'Market St', 2, true]);
  for (let i = 0; i < 9; i++) s.addRow([`C${4 + i}`, day(2024, 5, 1 + i), 'Assault', 'Dwelling', null, i, null]);
  for (let r = 4; r <= s.rowCount; r++) s.getRow(r).getCell(2).numFmt = 'dd/mm/yyyy';

  const v = wb.addWorksheet('Victims');
  v.addRow(['Crime Reference', 'Victim ID', 'Age', 'Seen at']);
  v.addRow(['C1', 'P1', 23, day(2024, 4, 3, 14, 5)]);
  v.addRow(['C2', 'P2', 31, day(2024, 4, 4, 9, 30)]);
}

describe('previewImport: XLSX', () => {
  it('reads the first sheet with data: titles skipped, merged header named uniquely, cells typed', async () => {
    const file = await workbook('report.xlsx', policeReport);
    const p = await previewImport(sb.ws, file, {});
    expect(p.format).toBe('xlsx');
    expect(p.encoding).toBe('utf-8');
    expect(p.sheets).toEqual(['Cover', 'Crimes', 'Victims']);
    expect(p.sheet).toBe('Crimes');
    expect(p.headerRow).toBe(3);
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['Crime Reference', 'VARCHAR'],
      ['Date Committed', 'DATE'],
      ['Offence', 'VARCHAR'],
      ['Location', 'VARCHAR'],
      ['Location_1', 'VARCHAR'],
      ['Score', 'BIGINT'],
      ['Notes', 'VARCHAR'],
    ]);
    expect(p.sampleRows.slice(0, 2)).toEqual([
      {
        'Crime Reference': 'C1',
        'Date Committed': '2024-04-03',
        Offence: 'GBH with intent',
        Location: 'Street',
        Location_1: 'High St',
        Score: 7,
        Notes: 'first\nsecond line',
      },
      {
        'Crime Reference': 'C2',
        'Date Committed': '2024-04-04',
        Offence: 'Robbery',
        Location: 'Park',
        Location_1: null,
        Score: null,
        Notes: 'link',
      },
    ]);
    // Row 6 is empty; row 7's date is text. Its line is the SHEET row, past a cell with a line break.
    expect(p.rowsAccepted).toBe(11);
    expect(p.rejects).toEqual([
      {
        line: 7,
        column: 'Date Committed',
        reason: "'not known' is not a date (yyyy-mm-dd)",
        raw: 'C3,not known,Assault,Street,Market St,2,true',
      },
    ]);
    expect(p.suggestedCanonical).toBe('offences');
    const staged = previewsOf(sb.ws).get(p.previewId)!;
    expect(staged.sha256).toBe(createHash('sha256').update(readFileSync(file.path)).digest('hex'));
    expect(staged.sizeBytes).toBe(file.sizeBytes);
  });

  it('reads a second sheet chosen by name, with date-times', async () => {
    const p = await previewImport(sb.ws, await workbook('report.xlsx', policeReport), { sheet: 'Victims' });
    expect(p.sheet).toBe('Victims');
    expect(p.headerRow).toBe(1);
    expect(p.columns.map((c) => [c.name, c.type])).toEqual([
      ['Crime Reference', 'VARCHAR'],
      ['Victim ID', 'VARCHAR'],
      ['Age', 'BIGINT'],
      ['Seen at', 'TIMESTAMP'],
    ]);
    expect(p.sampleRows).toEqual([
      { 'Crime Reference': 'C1', 'Victim ID': 'P1', Age: 23, 'Seen at': '2024-04-03 14:05:00' },
      { 'Crime Reference': 'C2', 'Victim ID': 'P2', Age: 31, 'Seen at': '2024-04-04 09:30:00' },
    ]);
    expect(p.suggestedCanonical).toBe('victims');
  });

  it('refuses a sheet that is not there, naming the ones that are, and leaves staging empty', async () => {
    const err = await previewImport(sb.ws, await workbook('report.xlsx', policeReport), { sheet: 'Suspects' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('invalid_args');
    expect((err as EngineError).message).toBe('report.xlsx: there is no sheet "Suspects"; its sheets are "Cover", "Crimes", "Victims"');
    expect(sb.stagingEntries()).toEqual([]);
  });

  it('joins a header of two rows: a group merged across columns over the names below it', async () => {
    const file = await workbook('grouped.xlsx', (wb) => {
      const s = wb.addWorksheet('Data');
      s.addRow(['Crime ref', 'Offence', null, 'Victim age', null]);
      s.addRow([null, 'Date', 'Type', null, null]);
      s.mergeCells('A1:A2');
      s.mergeCells('B1:C1');
      s.mergeCells('D1:E2');
      s.addRow(['C1', day(2024, 4, 3), 'GBH', 23, 24]);
      s.addRow(['C2', day(2024, 4, 4), 'Robbery', 31, null]);
    });
    const p = await previewImport(sb.ws, file, {});
    expect(p.headerRow).toBe(1);
    expect(p.columns.map((c) => c.name)).toEqual(['Crime ref', 'Offence / Date', 'Offence / Type', 'Victim age', 'Victim age_1']);
    expect(p.sampleRows[0]).toEqual({
      'Crime ref': 'C1',
      'Offence / Date': '2024-04-03',
      'Offence / Type': 'GBH',
      'Victim age': 23,
      'Victim age_1': 24,
    });
  });

  it('leaves out an empty margin column, reads a header-only sheet as no rows, and refuses an empty sheet', async () => {
    const file = await workbook('margin.xlsx', (wb) => {
      const s = wb.addWorksheet('Report');
      s.getCell('B1').value = 'Ref';
      s.getCell('C1').value = 'Age';
      s.getCell('B2').value = 'C1';
      s.getCell('C2').value = 23;
      wb.addWorksheet('Header only').addRow(['Ref', 'Age']);
      wb.addWorksheet('Empty');
    });
    const p = await previewImport(sb.ws, file, {});
    expect(p.columns.map((c) => c.name)).toEqual(['Ref', 'Age']);
    expect(p.sampleRows).toEqual([{ Ref: 'C1', Age: 23 }]);
    const headerOnly = await previewImport(sb.ws, file, { sheet: 'Header only' });
    expect([headerOnly.columns.map((c) => c.name), headerOnly.rowsAccepted]).toEqual([['Ref', 'Age'], 0]);
    const empty = await previewImport(sb.ws, file, { sheet: 'empty' }).catch((e: unknown) => e);
    expect((empty as EngineError).message).toBe('margin.xlsx: sheet "Empty" has no data');
    expect(sb.stagingEntries().length).toBe(2);
  });

  it('takes the header row the analyst gives, and reads without a header when told', async () => {
    const file = await workbook('report.xlsx', policeReport);
    const at4 = await previewImport(sb.ws, file, { headerRow: 4 });
    expect(at4.headerRow).toBe(4);
    expect(at4.columns.map((c) => c.name)[0]).toBe('C1');
    const bare = await previewImport(sb.ws, file, { sheet: 'Victims', header: false, headerRow: 2 });
    expect(bare.header).toBe(false);
    expect(bare.headerRow).toBe(2);
    expect(bare.columns.map((c) => c.name)).toEqual(['column0', 'column1', 'column2', 'column3']);
    expect(bare.rowsAccepted).toBe(2);
  });

  it('turns away old .xls files and unreadable workbooks with a way forward, leaving staging empty', async () => {
    const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const xls = await previewImport(sb.ws, sb.file('old.xls', ole2), {}).catch((e: unknown) => e);
    expect((xls as EngineError).code).toBe('import_failed');
    expect((xls as EngineError).message).toBe(
      'old.xls: this is an old-style Excel file (.xls), which cannot be read; open it in Excel and save it as .xlsx or as "CSV UTF-8", then choose it again',
    );
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    const bad = await previewImport(sb.ws, sb.file('broken.xlsx', broken), {}).catch((e: unknown) => e);
    expect((bad as EngineError).code).toBe('import_failed');
    expect((bad as EngineError).message).toMatch(/^broken\.xlsx: this looks like an Excel workbook .* cannot be read as \.xlsx/);
    expect(sb.stagingEntries()).toEqual([]);
  });
});

describe('stageWorkbook', () => {
  it('refuses a workbook too large to read whole before reading any of it', async () => {
    const job: Job = { id: 'j', stage: () => undefined, attach: () => undefined, checkCancelled: () => undefined, cancelled: false };
    const huge = { path: sb.write('huge.xlsx', 'not read'), name: 'huge.xlsx', sizeBytes: MAX_XLSX_BYTES + 1 };
    const err = await stageWorkbook(huge, {}, sb.dir, job).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('import_failed');
    expect((err as EngineError).message).toBe('huge.xlsx: the workbook is too large to read here (20 MB); save the sheet as "CSV UTF-8" and choose that');
  });
});

describe('cellText', () => {
  it('turns every kind of cell value into the text a CSV export would hold', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(cellText(false)).toBe('false');
    expect(cellText(day(2024, 4, 3))).toBe('2024-04-03');
    // Excel's serial dates carry float noise: 14:05 can arrive as 14:04:59.9996.
    expect(cellText(new Date(Date.UTC(2024, 3, 3, 14, 4, 59, 999)))).toBe('2024-04-03 14:05:00');
    expect(cellText(new Date(Date.UTC(1899, 11, 30, 9, 30)))).toBe('09:30:00');
    expect(cellText({ formula: 'A1', result: day(2024, 1, 1) })).toBe('2024-01-01');
    expect(cellText({ sharedFormula: 'A1', result: { error: '#DIV/0!' } })).toBe('');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText({ richText: [{ text: 'a' }, { text: 'b' }] })).toBe('ab');
    expect(cellText({ text: 'site', hyperlink: 'https://x' })).toBe('site');
  });
});
