import { SUPPRESSED, type Cell } from '../../contract/index.js';
import type { ExportColumn } from './table.js';
import { FORMATS } from './xlsx.js';

/**
 * A table cell as text in the Word document, following the XLSX export's number format for its
 * column (xlsx.ts numberFormat): counts with thousands separators, codes and years without,
 * percentages to 1 dp, rates and ratios to 2 dp, p-values to 4, dates as dd/mm/yyyy. Word has
 * no number formats, so the value is rounded here for display only.
 */

const DIGITS: Record<string, number> = {
  [FORMATS.percent]: 1,
  [FORMATS.decimal]: 2,
  [FORMATS.pValue]: 4,
};

function number(value: number, format: string | undefined): string {
  if (!Number.isFinite(value)) return String(value);
  if (format === FORMATS.code) return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (format === FORMATS.count) return value.toLocaleString('en-GB', { maximumFractionDigits: Number.isInteger(value) ? 0 : 2 });
  const digits = format === undefined ? undefined : DIGITS[format];
  if (digits === undefined) return value.toLocaleString('en-GB', { maximumFractionDigits: 6 });
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?/;

function date(text: string): string {
  const m = ISO_DATE.exec(text);
  if (!m) return text;
  const day = `${m[3]}/${m[2]}/${m[1]}`;
  return m[4] && m[4] !== '00:00:00' ? `${day} ${m[4]}` : day;
}

export function cellText(value: Cell, column: ExportColumn, format: string | undefined): string {
  if (value === null) return '';
  if (value === SUPPRESSED) return SUPPRESSED;
  if (typeof value === 'number') return number(value, format);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (column.kind === 'date') return date(value);
  return value;
}

/** Numbers line up on the right, as in a spreadsheet; a hidden count stays where its number would be. */
export const alignsRight = (column: ExportColumn): boolean => column.kind === 'number';
