import type { Cell, Row } from '../contract/index.js';

/**
 * Result rows as CSV (RFC 4180 quoting, `\n` line ends, header row first). NULL is an empty
 * field; numbers are written unrounded, booleans as true/false, dates ISO.
 */
function field(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(columns: string[], rows: Row[]): string {
  const lines = [columns.map(field).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
