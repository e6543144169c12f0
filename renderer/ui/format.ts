import type { Cell, Column } from '../../electron/contract/index.js';

/** Display-only formatting: the raw values stay in the data, these only shape the text shown. */

const integerFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(n: number): string {
  return integerFormat.format(n);
}

/** "1 row", "1,000,000 rows". */
export function formatRows(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/** How a number column of a query result is shown. */
export type NumberStyle = 'count' | 'plain' | 'decimal1' | 'decimal2' | 'pvalue';

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT\d*)$/i;

export function isIntegerType(duckdbType: string): boolean {
  return INTEGER_TYPES.test(duckdbType.trim());
}

// Quantities that are whole numbers even when the SQL hands them over as DOUBLE (sums of populations).
const COUNT_NAME = /(^|_)(population|persons|count|total)$/;

// Integers that are labels, not quantities: "2,023" or "1,004" would misread them.
const INTEGER_LABEL = /(^|_)(id|year|hour|month|day|week|decile|quintile|rank|age|code|line)$/;

/**
 * Counts and other quantities get thousands separators; rates and percentages one decimal;
 * ratios two (a ratio of 0.85 shown as 0.9 would hide the difference from 1); p-values three.
 * Integers that label something (ids, years, hours, deciles, ranks) are shown as they are.
 */
export function numberStyleFor(column: Column, countColumns: readonly string[]): NumberStyle {
  if (column.kind !== 'number') return 'plain';
  const name = column.name.toLowerCase();
  if (countColumns.includes(column.name)) return 'count';
  if (name === 'p_value' || name === 'p') return 'pvalue';
  if (COUNT_NAME.test(name)) return 'count';
  if (isIntegerType(column.type)) return INTEGER_LABEL.test(name) ? 'plain' : 'count';
  if (/(^|_)(ratio|rri)(_|$)/.test(name)) return 'decimal2';
  return 'decimal1';
}

export function formatNumber(value: number, style: NumberStyle): string {
  if (!Number.isFinite(value)) return String(value);
  switch (style) {
    case 'count':
      return integerFormat.format(value);
    case 'decimal1':
      return oneDecimal.format(value);
    case 'decimal2':
      return twoDecimals.format(value);
    case 'pvalue':
      return value < 0.001 ? '<0.001' : value.toFixed(3);
    case 'plain':
      return String(value);
  }
}

/** Text for one cell; null is blank so missing values stand out from zeros. */
export function formatCell(value: Cell | undefined, style: NumberStyle = 'plain'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value, style);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

/** ISO timestamp → "2025-03-31 14:05" in the analyst's local time. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
