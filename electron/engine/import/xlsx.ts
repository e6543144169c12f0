import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EngineError, type ImportOptions } from '../../contract/index.js';
import type { RegisteredFile } from '../workspace/workspace.js';
import { detectHeaderRow, uniqueNames, type RowCells } from './headerRow.js';
import type { Job } from './jobs.js';
import { headerNames, headerRows, type HeaderGrid } from './mergedHeader.js';

/**
 * Workbooks are read whole (exceljs Workbook), which costs about 0.5 GB of memory per million
 * cells. exceljs's streaming reader would not, but it drops merged-cell ranges (needed for
 * merged headers) and spools every sheet of an Excel-written file to the system temp folder,
 * where extracts must not go. Larger workbooks are refused with a way forward.
 */
export const MAX_XLSX_BYTES = 20 * 1024 * 1024;

/** The chosen worksheet written out as CSV, ready for the CSV pipeline. */
export interface StagedSheet {
  /** Every worksheet, in tab order. */
  sheets: string[];
  sheet: string;
  /** First sheet row of the header (or the first row read, without one). */
  headerRow: number;
  /** UTF-8 CSV: one line of unique column names, then one record per non-empty data row. */
  csvPath: string;
  names: string[];
  /** The sheet row a physical line of the CSV came from. */
  rowOfLine(line: number): number;
}

const RESAVE = 'open it in Excel and save it again as .xlsx, or save the sheet as "CSV UTF-8", then choose it again';
const SEARCH_ROWS = 60;
const fail = (file: RegisteredFile, why: string) => new EngineError('import_failed', `${file.name}: ${why}`);

/**
 * Reads one worksheet of an .xlsx file into `dir`/sheet.csv: title rows above the header
 * skipped, merged header cells turned into one unique name per column, cell values as text a
 * CSV reader types the same way it does a CSV export (dates ISO, numbers plain, formulas their
 * last calculated value, errors such as #N/A blank). A cell inside a merged range in the data
 * takes the merged value, as Excel shows it.
 */
export async function stageWorkbook(
  file: RegisteredFile,
  options: Pick<ImportOptions, 'sheet' | 'headerRow' | 'header'>,
  dir: string,
  job: Job,
): Promise<StagedSheet> {
  if (file.sizeBytes > MAX_XLSX_BYTES) {
    throw fail(file, `the workbook is too large to read here (${Math.round(file.sizeBytes / 2 ** 20)} MB); save the sheet as "CSV UTF-8" and choose that`);
  }
  job.stage('Reading sheet', null);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file.path);
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw fail(file, `this looks like an Excel workbook or other zip file but cannot be read as .xlsx (${why}); ${RESAVE}`);
  }
  job.checkCancelled();
  const sheets = workbook.worksheets.map((w) => w.name);
  const ws = chooseSheet(file, workbook, options.sheet);
  const lastRow = ws.rowCount;
  const grid = gridOf(ws);

  const opening: RowCells[] = [];
  for (let r = 1; r <= Math.min(lastRow, SEARCH_ROWS); r++) opening.push(rowCells(ws, r));
  const firstFilled = opening.findIndex((r) => r.cells.some((c) => c.trim() !== '')) + 1 || 1;
  if (options.headerRow !== undefined && options.headerRow > lastRow) {
    throw new EngineError('invalid_args', `${file.name}: row ${options.headerRow} is past the end of sheet "${ws.name}"`);
  }

  let header: number[] = [];
  let dataStart: number;
  if (options.header === false) {
    dataStart = options.headerRow ?? firstFilled;
  } else {
    const detected = options.headerRow === undefined ? detectHeaderRow(opening) : null;
    const at = options.headerRow ?? (detected === null ? firstFilled : detected + 1);
    const searchWidth = Math.max(0, ...opening.map((r) => lastFilled(r.cells)));
    header = headerRows(grid, at, searchWidth, options.headerRow === undefined && detected !== null);
    dataStart = header.at(-1)! + 1;
  }

  // The columns anything is in: reports often leave column A (or more) empty as a margin.
  let firstCol = Infinity;
  let lastCol = 0;
  const span = (cells: readonly string[]) => {
    const to = lastFilled(cells);
    if (to === 0) return;
    lastCol = Math.max(lastCol, to);
    firstCol = Math.min(firstCol, cells.findIndex((c) => c.trim() !== '') + 1);
  };
  for (const r of header) span(rowCells(ws, r).cells);
  for (let r = dataStart; r <= lastRow; r++) span(rowTexts(ws.findRow(r)));
  if (lastCol === 0) throw fail(file, `sheet "${ws.name}" has no data`);
  const names = uniqueNames(
    header.length > 0 ? headerNames(grid, header, firstCol, lastCol) : Array.from({ length: lastCol - firstCol + 1 }, () => ''),
  );

  job.stage('Reading sheet', 0);
  const csvPath = join(dir, 'sheet.csv');
  const lineMap = await writeCsv(csvPath, names, firstCol, ws, dataStart, lastRow, job);
  const headerRow = header[0] ?? dataStart;
  return {
    sheets,
    sheet: ws.name,
    headerRow,
    csvPath,
    names,
    rowOfLine: (line) => (line <= 1 ? headerRow : rowOf(lineMap, line)),
  };
}

function chooseSheet(file: RegisteredFile, workbook: ExcelJS.Workbook, wanted: string | undefined): ExcelJS.Worksheet {
  const all = workbook.worksheets;
  if (wanted !== undefined) {
    const found = all.find((w) => w.name === wanted) ?? all.find((w) => w.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!found) {
      throw new EngineError('invalid_args', `${file.name}: there is no sheet "${wanted}"; its sheets are ${all.map((w) => `"${w.name}"`).join(', ')}`);
    }
    return found;
  }
  const withData = all.filter((w) => w.actualRowCount > 0);
  const chosen = withData.find((w) => w.state === 'visible') ?? withData[0];
  if (!chosen) throw fail(file, 'no sheet of the workbook has any data');
  return chosen;
}

/** Merge-aware view of a sheet's cells, for the header rows only (getCell creates what it reads). */
function gridOf(ws: ExcelJS.Worksheet): HeaderGrid {
  return {
    text: (row, col) => cellText(ws.getCell(row, col).value),
    origin: (row, col) => {
      const cell = ws.getCell(row, col);
      const master = cell.isMerged ? cell.master : cell;
      return { row: Number(master.row), col: Number(master.col) };
    },
  };
}

function rowCells(ws: ExcelJS.Worksheet, r: number): RowCells {
  const row = ws.findRow(r);
  const cells = rowTexts(row);
  const origins = new Set<string>();
  row?.eachCell((cell) => {
    if (cellText(cell.value).trim() === '') return;
    const master = cell.isMerged ? cell.master : cell;
    origins.add(master.address);
  });
  return { cells, units: origins.size };
}

/** A row's cells as text, index 0 = column A (a merged cell shows its merge's value). */
function rowTexts(row: ExcelJS.Row | undefined): string[] {
  if (!row) return [];
  const values = row.values;
  if (!Array.isArray(values)) return [];
  const out: string[] = [];
  for (let c = 1; c < values.length; c++) out.push(cellText(values[c] as ExcelJS.CellValue));
  return out;
}

const lastFilled = (cells: readonly string[]) => {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i + 1;
  return 0;
};

/** Where the CSV's lines and the sheet's rows stop moving together (a quoted line break, a skipped empty row). */
interface LineStep {
  line: number;
  row: number;
}

async function writeCsv(
  path: string,
  names: string[],
  firstCol: number,
  ws: ExcelJS.Worksheet,
  from: number,
  to: number,
  job: Job,
): Promise<LineStep[]> {
  const fd = openSync(path, 'w');
  const steps: LineStep[] = [];
  try {
    let buffer = `${names.map(csvField).join(',')}\n`;
    let line = 2;
    for (let r = from; r <= to; r++) {
      const cells = rowTexts(ws.findRow(r));
      if (cells.every((c) => c.trim() === '')) continue;
      const fields = names.map((_, i) => csvField(cells[firstCol - 1 + i] ?? ''));
      const record = `${fields.join(',')}\n`;
      const last = steps.at(-1);
      if (!last || r - line !== last.row - last.line) steps.push({ line, row: r });
      line += countNewlines(record);
      buffer += record;
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
      if ((r - from) % 2000 === 0) {
        job.checkCancelled();
        job.stage('Reading sheet', (100 * (r - from)) / Math.max(1, to - from));
        // Let a progress poll or a cancel in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return steps;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function rowOf(steps: readonly LineStep[], line: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]!.line <= line) [at, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  const step = steps[at];
  return step ? step.row + (line - step.line) : line;
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A cell's value as the text a CSV export would hold. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return isoDateTime(value);
  if ('error' in value) return '';
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  return '';
}

/** Excel keeps wall-clock dates; exceljs hands them over as UTC. Time-only cells sit on 1899-12-30. */
function isoDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  if (t.getUTCFullYear() < 1900) return time;
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  return time === '00:00:00' ? date : `${date} ${time}`;
}
