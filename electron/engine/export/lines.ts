import type { Cell, Row } from '../../contract/index.js';

/**
 * The "lines" of a table for secondary suppression: for each dimension d, the rows that share
 * the values of every other dimension (so they vary only in d). Each line adds up to a total
 * an outsider can know: its total row when the table has one (e.g. group = All), otherwise a
 * total taken as knowable from elsewhere (an unsuppressed percentage, another table).
 */

export interface Line {
  /** Rows whose cells add up to the total, in row order. */
  members: number[];
  /** The total row of this line (its cell is the sum of the members), or null when the table has none. */
  total: number | null;
}

export interface LineShape {
  dimensions: readonly string[];
  /** Dimension → the label of its total row, e.g. { group: 'All' }. */
  totals: Readonly<Record<string, string>>;
  /** Dimension → labels that are not part of its lines (not in the total its shares are taken of). */
  outside: Readonly<Record<string, readonly string[]>>;
}

/** Dimension values compare as text, so a YAML label `All` or `3` matches a cell 'All' or 3. */
export const label = (cell: Cell | undefined): string | null => (cell === null || cell === undefined ? null : String(cell));

/**
 * Lines of one count column. `present(row)` says whether that row's cell is a number: a null
 * cell has nothing to hide or to add, so it belongs to no line. A line needs two members, or a
 * member and a total row: the "total" of a single cell is the cell itself, so taking it as
 * knowable would assume the very value being protected.
 */
export function buildLines(rows: readonly Row[], shape: LineShape, present: (row: number) => boolean): Line[] {
  const lines: Line[] = [];
  const keep = (line: Line) => {
    if (line.total !== null ? line.members.length >= 1 : line.members.length >= 2) lines.push(line);
  };
  if (shape.dimensions.length === 0) {
    // No dimension at all: the rows are the breakdown of one knowable total.
    keep({ members: rows.map((_, i) => i).filter(present), total: null });
    return lines;
  }
  for (const d of shape.dimensions) {
    const others = shape.dimensions.filter((o) => o !== d);
    const totalLabel = shape.totals[d];
    const outside = new Set(shape.outside[d] ?? []);
    const groups = new Map<string, Line>();
    rows.forEach((row, i) => {
      if (!present(i)) return;
      const value = label(row[d]);
      if (value !== null && outside.has(value)) return;
      const key = JSON.stringify(others.map((o) => label(row[o])));
      let line = groups.get(key);
      if (!line) {
        line = { members: [], total: null };
        groups.set(key, line);
      }
      if (totalLabel !== undefined && value === totalLabel && line.total === null) line.total = i;
      else line.members.push(i);
    });
    for (const line of groups.values()) keep(line);
  }
  return lines;
}
