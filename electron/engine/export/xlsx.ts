import ExcelJS from 'exceljs';
import { SUPPRESSED, type Cell } from '../../contract/index.js';
import type { ProvenanceRow } from './provenance.js';
import { neutralise, type ExportColumn, type ExportTable } from './table.js';

/**
 * A result as an Excel workbook, written with exceljs's streaming WorkbookWriter (rows go to
 * the zip as they are added): sheet "Table" with the header row and real numbers, dates and
 * booleans under number formats, a hidden cell the text `[c]`; sheet "Provenance" after it.
 * Every text cell is a string cell (exceljs writes a formula only from a `{ formula }` object)
 * and formula-like text is neutralised as in the CSV, so the two files read the same.
 * No shared-strings table: it would hold every distinct text in memory until the end (900 MB
 * at a million rows of names); text is written in the cell (`t="str"`), as exceljs's and
 * excelize's stream writers do and Excel reads.
 */

/** Rows in one Excel sheet, header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

export const FORMATS = {
  count: '#,##0',
  code: '0',
  percent: '0.0',
  decimal: '0.00',
  pValue: '0.0000',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm:ss',
} as const;

const INTEGER_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
/** Whole numbers that label rather than count: no thousands separator (2,024 is not a year). */
const CODE_NAME = /(^|_)(year|hour|rank|decile|quintile|id|code|month|day|age|band|number|no)($|_)/i;
const P_VALUE_NAME = /(^|_)p(_?value)?$/i;
const PERCENT_NAME = /(^|_)(pct|percent|percentage|share)($|_)/i;
const CI_NAME = /^(.*?)_?ci_(low|high)$/i;

/**
 * The display format of a column (values stay unrounded). Counts and other integers get
 * thousands separators; percentages 1 dp; rates, ratios and other decimals 2 dp; p-values 4 dp;
 * a confidence limit takes its estimate's format (`rri_ci_low` → `rri`; a bare `ci_low` → the
 * table's percentage if it has one).
 */
export function numberFormat(column: ExportColumn, columns: readonly ExportColumn[], counts: ReadonlySet<string>): string | undefined {
  if (column.kind === 'date') return column.type.toUpperCase() === 'DATE' ? FORMATS.date : FORMATS.dateTime;
  if (column.kind !== 'number') return undefined;
  if (counts.has(column.name)) return FORMATS.count;
  if (INTEGER_TYPE.test(column.type)) return CODE_NAME.test(column.name) ? FORMATS.code : FORMATS.count;
  if (P_VALUE_NAME.test(column.name)) return FORMATS.pValue;
  if (PERCENT_NAME.test(column.name)) return FORMATS.percent;
  const ci = CI_NAME.exec(column.name);
  if (ci) {
    const estimate = columns.find((c) => c.name === ci[1]);
    if (estimate && estimate !== column) return numberFormat(estimate, columns, counts);
    if (!ci[1] && columns.some((c) => c.kind === 'number' && PERCENT_NAME.test(c.name))) return FORMATS.percent;
  }
  return FORMATS.decimal;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?)?$/;

/** A DATE or TIMESTAMP cell as a date Excel can sort and format (exceljs writes it as UTC). */
function asDate(text: string): Date | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
}

type XlsxValue = string | number | boolean | Date | null;

/** Excel's limit for one cell; longer text makes it "repair" the file. */
export const EXCEL_MAX_CELL_CHARS = 32_767;

/** Text as a cell holds it: neutralised, and cut to Excel's limit with a visible ellipsis. */
function cellText(text: string): string {
  const safe = neutralise(text);
  return safe.length > EXCEL_MAX_CELL_CHARS ? `${safe.slice(0, EXCEL_MAX_CELL_CHARS - 1)}…` : safe;
}

function xlsxValue(value: Cell, column: ExportColumn): XlsxValue {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value === SUPPRESSED) return value;
  if (column.kind === 'date') return asDate(value) ?? cellText(value);
  return cellText(value);
}

const HEADER_FONT = { name: 'Calibri', size: 11, bold: true };

export interface XlsxExtras {
  /** The result's count columns (disclosure metadata): formatted as counts whatever their type. */
  countColumns: readonly string[];
  provenance: ProvenanceRow[];
  /** The workbook's author field. */
  creator: string;
  created: Date;
}

function writeProvenance(workbook: ExcelJS.stream.xlsx.WorkbookWriter, rows: ProvenanceRow[]): void {
  const sheet = workbook.addWorksheet('Provenance');
  sheet.columns = [{ width: 28 }, { width: 70 }, { width: 28 }, { width: 68 }];
  let afterBlank = false;
  for (const cells of rows) {
    const row = sheet.addRow(cells.map((c) => (typeof c === 'string' ? cellText(c) : c)));
    // A listing (tables read, hidden cells) starts after a blank row with its heading row.
    if (afterBlank) row.font = HEADER_FONT;
    else if (cells.length) row.getCell(1).font = HEADER_FONT;
    afterBlank = cells.length === 0;
    row.commit();
  }
  sheet.commit();
}

/**
 * exceljs's sheet stream never waits for the zip: it writes into a PassThrough that archiver
 * drains only as fast as it deflates, so a fast producer piles the whole uncompressed sheet up
 * in memory (about 300 MB for a million rows). Waiting for that PassThrough to drain after each
 * batch keeps memory flat. It is exceljs 4.4 internals (the sheet's StreamBuf and its one pipe):
 * if they are not there, nothing waits and the export still works, only with more memory.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet): Promise<void> {
  // archiver's PassThrough comes from an old readable-stream: no writableNeedDrain getter.
  const pipe = (sheet as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes?.[0] as
    | { _writableState?: { needDrain?: boolean }; once?: (event: 'drain', cb: () => void) => void }
    | undefined;
  if (pipe?._writableState?.needDrain && pipe.once) await new Promise<void>((resolve) => pipe.once!('drain', resolve));
}

/** Writes the workbook to `path` (the caller checks EXCEL_MAX_ROWS first). */
export async function writeXlsx(path: string, table: ExportTable, extras: XlsxExtras): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = extras.creator;
  workbook.created = extras.created;
  const counts = new Set(extras.countColumns);
  const formats = table.columns.map((c) => numberFormat(c, table.columns, counts));

  const sheet = workbook.addWorksheet('Table', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ width: Math.min(60, Math.max(c.kind === 'date' ? 12 : 10, c.name.length + 2)) }));
  const header = sheet.addRow(table.columns.map((c) => cellText(c.name)));
  header.font = HEADER_FONT;
  header.commit();
  for await (const batch of table.batches) {
    for (const cells of batch) {
      const row = sheet.addRow([]);
      table.columns.forEach((column, i) => {
        const value = xlsxValue(cells[i] ?? null, column);
        if (value === null) return;
        const cell = row.getCell(i + 1);
        cell.value = value;
        const fmt = formats[i];
        if (fmt && typeof value !== 'string') cell.numFmt = fmt;
      });
      row.commit();
    }
    await zipCaughtUp(sheet);
  }
  sheet.commit();
  writeProvenance(workbook, extras.provenance);
  await workbook.commit();
}
