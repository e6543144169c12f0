import type { Cell, Row } from '../contract/index.js';
import { neutralise } from '../engine/export/table.js';

/**
 * Result rows as CSV for stdout (RFC 4180 quoting, `\n` line ends, header row first; a file
 * from `--out` is the app's export instead: BOM, CRLF). NULL is an empty field; numbers are
 * written unrounded, booleans as true/false, dates ISO; text a spreadsheet would run as a
 * formula is neutralised as in every export.
 */
function field(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: Row[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
