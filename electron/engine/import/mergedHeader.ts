import { isTexty } from './headerRow.js';

/** A sheet's cells as the header logic needs them (1-based rows and columns). */
export interface HeaderGrid {
  /** Text shown in a cell: a merged cell's value over every cell it covers. */
  text(row: number, col: number): string;
  /** The cell holding what (row, col) shows: itself, or the top-left cell of its merge. */
  origin(row: number, col: number): { row: number; col: number };
}

const same = (a: { row: number; col: number }, b: { row: number; col: number }) => a.row === b.row && a.col === b.col;

/**
 * The rows making up a header found at `row`: usually just it, or two rows when merged cells
 * show a grouped header ("Offence" over "Date" and "Type"). With `mayStartAbove` (the row was
 * detected, not given), the row above may be the group row of a header whose second row was
 * found.
 */
export function headerRows(grid: HeaderGrid, row: number, width: number, mayStartAbove: boolean): number[] {
  if (isTwoRowHeader(grid, row, width)) return [row, row + 1];
  if (mayStartAbove && row > 1 && isTwoRowHeader(grid, row - 1, width)) return [row - 1, row];
  return [row];
}

/**
 * Rows `top` and `top + 1` form one header when `top` holds at least two separate names and
 * a merge (across columns, or down into the next row), every column is named by one of the
 * two rows or by a merge above a name, and what the second row adds is text. A header over a
 * data row fails this: the columns outside the merge have a name above and a value below.
 */
export function isTwoRowHeader(grid: HeaderGrid, top: number, width: number): boolean {
  const bottom = top + 1;
  const spans = new Map<string, number>();
  for (let c = 1; c <= width; c++) {
    const o = grid.origin(top, c);
    if (o.row === top) spans.set(`${o.col}`, (spans.get(`${o.col}`) ?? 0) + 1);
  }
  const names = new Set<string>();
  let merged = false;
  let added = 0;
  for (let c = 1; c <= width; c++) {
    const o = grid.origin(top, c);
    const upper = grid.text(top, c).trim();
    const lower = grid.text(bottom, c).trim();
    const down = same(o, grid.origin(bottom, c));
    const across = !down && o.row === top && (spans.get(`${o.col}`) ?? 0) > 1;
    if (upper !== '') names.add(`${o.row}:${o.col}`);
    if ((down || across) && upper !== '') merged = true;
    if (down) continue;
    if (lower !== '' && !across && upper !== '') return false;
    if (lower !== '') {
      if (!isTexty(lower)) return false;
      added++;
    }
  }
  return merged && names.size >= 2 && added > 0;
}

/**
 * Column names from the header rows, before they are made unique: a merge down both rows
 * gives its one name; a group merged across columns joins the name below ("Offence / Date");
 * a merge across columns in a one-row header repeats its name (made unique later). For
 * columns `first`..`last` (1-based).
 */
export function headerNames(grid: HeaderGrid, rows: readonly number[], first: number, last: number): string[] {
  const names: string[] = [];
  for (let c = first; c <= last; c++) {
    const [top, bottom] = rows;
    const upper = grid.text(top!, c).trim();
    if (bottom === undefined || same(grid.origin(top!, c), grid.origin(bottom, c))) {
      names.push(upper);
      continue;
    }
    const lower = grid.text(bottom, c).trim();
    names.push(upper !== '' && lower !== '' ? `${upper} / ${lower}` : upper || lower);
  }
  return names;
}
