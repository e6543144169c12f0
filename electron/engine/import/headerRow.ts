/** One row of a file's opening, as the header-row search sees it. */
export interface RowCells {
  /** Cells as displayed: a merged cell's value repeated over every cell it covers. */
  cells: string[];
  /** Separate values in the row (a merged cell counts once); default: its non-empty cells. */
  units?: number;
}

/** Rows searched for the header: title blocks are a few rows, never dozens. */
export const HEADER_SEARCH_ROWS = 30;

const NUMBER = /^[-+]?[£$€]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?%?$/;
const DATE = /^(\d{1,4}[-/. ]\d{1,2}[-/. ]\d{1,4}|\d{1,2}[-/ ][A-Za-z]{3,9}[-/ ]\d{2,4})([ T]\d{1,2}:\d{2}(:\d{2})?)?$/;

/** A value that could name a column: not a number, not a date. */
export function isTexty(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  return !(/\d/.test(v) && NUMBER.test(v)) && !DATE.test(v);
}

const filled = (cells: readonly string[]) => cells.filter((c) => c.trim() !== '').length;

/**
 * The index of the header among `rows` (a file's opening), or null when no row looks like
 * one (then the caller keeps its own guess). The header is the first row that fills most of
 * the table's width (so a title, a date line or a blank line above it is passed over), holds
 * as many separate values as a header of that width would (a title merged across the width
 * is one value), is mostly text, and has rows after it. When the first row that wide is not
 * text, it is data and there is no header to find here.
 */
export function detectHeaderRow(rows: readonly RowCells[]): number | null {
  const width = Math.max(0, ...rows.map((r) => filled(r.cells)));
  if (width === 0) return null;
  const need = width <= 2 ? width : Math.ceil(0.75 * width);
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const row = rows[i]!;
    const n = filled(row.cells);
    if (n < need || (row.units ?? n) < Math.ceil(width / 2)) continue;
    const texty = row.cells.filter(isTexty).length;
    if (texty < 0.8 * n) return null;
    const hasRowsAfter = rows.slice(i + 1).some((r) => filled(r.cells) > 0);
    return hasRowsAfter ? i : null;
  }
  return null;
}

/**
 * Column names from header cells: trimmed, a blank one named column<i> (0-based), a repeated
 * one suffixed _1, _2… ("Location", "Location_1"): DuckDB's own convention, so a CSV header
 * and a worksheet header name their columns alike. Compared ignoring case, as SQL does.
 */
export function uniqueNames(raw: readonly string[]): string[] {
  const taken = new Set<string>();
  const key = (s: string) => s.toLowerCase();
  const base = raw.map((r, i) => (r.trim() === '' ? `column${i}` : r.trim()));
  // Names as they stand claim their spelling first, so a suffix never takes a real name.
  const firsts = new Set<string>();
  const keepsOwn = base.map((b) => {
    if (firsts.has(key(b))) return false;
    firsts.add(key(b));
    return true;
  });
  base.forEach((b, i) => keepsOwn[i] && taken.add(key(b)));
  return base.map((b, i) => {
    if (keepsOwn[i]) return b;
    let n = 1;
    while (taken.has(key(`${b}_${n}`))) n++;
    taken.add(key(`${b}_${n}`));
    return `${b}_${n}`;
  });
}
