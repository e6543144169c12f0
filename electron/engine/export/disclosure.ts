import { SUPPRESSED, type Cell, type DisclosureRule, type HiddenCell, type Row } from '../../contract/index.js';
import { determinedCells } from './determined.js';
import { buildLines, label, type Line } from './lines.js';

/**
 * Disclosure control on export (spec: "Disclosure control on export"): pure functions over a
 * result's rows. Nothing here reads DuckDB; the engine (preview) and the writers (CSV, XLSX,
 * CLI) hand it the rows and the entry's metadata.
 */

export interface DisclosureMeta {
  /** Counts of persons or events: the cells suppressed or rounded. */
  countColumns: string[];
  /** Computed from the counts of their own row (percentages, rates, intervals, flags): hidden with them. */
  derivedColumns: string[];
  /** The breakdown columns; lines run along each of them (see lines.ts). */
  dimensions: string[];
  /** Dimension → label of its total row, e.g. { group: 'All' }. */
  totals: Record<string, string>;
  /** Dimension → labels outside its lines (e.g. an Unknown row left out of the shares' total). */
  outside?: Record<string, string[]>;
  /**
   * Computed from the counts of other rows too (a rolling sum, a rank): hidden in every row as
   * soon as any count of the table is hidden. May name a count column (then it is also
   * suppressed as a count, and its own hidden cells do not trigger this).
   */
  derivedAll?: string[];
  /** Columns computed against one reference row (a rate ratio): hidden in every row when that row has a hidden count. */
  reference?: { row: Record<string, string>; columns: string[] };
}

export interface ProtectedTable {
  columns: string[];
  /** In `columns` order; a hidden cell reads SUPPRESSED. */
  rows: Cell[][];
  hidden: HiddenCell[];
  rule: DisclosureRule;
  ruleText: string;
  /**
   * Hidden counts the line totals still give away because no cell could protect them: only a
   * table whose lines leave nothing to hide can do this (a line's one non-zero cell whose every
   * other cell sits in a line of zeros), and only if its totals are known elsewhere.
   */
  atRisk: { row: number; column: string }[];
  /** Hidden counts in groups too large for the exact check (determined.ts): protected by the rule of thumb only. */
  unchecked: number;
}

/** The sentence written into the export's provenance. */
export function ruleText(rule: DisclosureRule): string {
  switch (rule) {
    case 'threshold5':
    case 'threshold10': {
      const top = rule === 'threshold5' ? 4 : 9;
      return (
        `Counts of 1 to ${top} suppressed (${SUPPRESSED}) with secondary suppression so no suppressed count can be ` +
        `recovered from row or column totals; percentages, rates and ratios from suppressed counts suppressed too ` +
        `(threshold ${top + 1})`
      );
    }
    case 'round5':
      return (
        `Every count rounded to the nearest multiple of 5 (halves up: 1 and 2 shown as 0, 3 to 7 as 5); ` +
        `percentages, rates and ratios in rows with a count of 1 to 9 suppressed (${SUPPRESSED}) so the exact ` +
        `small count cannot be worked out (round to base 5)`
      );
    case 'none':
      return 'No disclosure control was applied: every count is exact and nothing is suppressed';
  }
}

/** Written instead of the rule for a row-level list, which is never suppressed. */
export const PERSONAL_DATA_TEXT =
  'Not suppressed: a row-level list (one row per person) is personal data, exported whole only after the analyst confirms it';

/** Nearest multiple of 5, halves up (2.5 → 5, 7.5 → 10). */
export function roundTo5(value: number): number {
  return Math.sign(value) * Math.floor(Math.abs(value) / 5 + 0.5) * 5;
}

type Why = HiddenCell['why'];

const numberIn = (row: Row | undefined, column: string): number | null => {
  const v = row?.[column];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** What secondary suppression works with for one count column. */
interface ColumnLines {
  lines: Line[];
  linesOf: Map<number, number[]>;
  value: (r: number) => number;
  shown: (r: number) => boolean;
}

/** A line of zeros with no total row: its knowable total is 0, so every cell in it is known to be 0. */
const dead = (line: Line, value: (r: number) => number) => line.total === null && line.members.every((m) => value(m) === 0);

/**
 * The cell to hide beside a hidden cell of line `i`: the smallest non-zero shown member (first
 * row on a tie), else its total row, else (only zeros left, no total row) a shown zero that can
 * move, i.e. none of whose other lines is all zeros. Null when nothing in the line can help.
 */
function partner(i: number, c: ColumnLines): number | null {
  const line = c.lines[i]!;
  if (dead(line, c.value)) return null;
  let best: number | null = null;
  for (const m of line.members) {
    if (c.shown(m) && c.value(m) > 0 && (best === null || c.value(m) < c.value(best))) best = m;
  }
  if (best !== null) return best;
  if (line.total !== null && c.shown(line.total)) return line.total;
  const movable = (m: number) => (c.linesOf.get(m) ?? []).every((j) => j === i || !dead(c.lines[j]!, c.value));
  return line.members.find((m) => c.shown(m) && movable(m)) ?? null;
}

/** Primary and secondary suppression of one count column. */
function suppressColumn(
  rows: readonly Row[],
  column: string,
  meta: DisclosureMeta,
  limit: number,
): { hidden: Map<number, Why>; atRisk: number[]; unchecked: number } {
  const value = (r: number) => numberIn(rows[r], column) ?? 0;
  const present = (r: number) => numberIn(rows[r], column) !== null;
  const hidden = new Map<number, Why>();
  rows.forEach((_, r) => {
    const v = numberIn(rows[r], column);
    if (v !== null && v > 0 && v < limit) hidden.set(r, 'primary');
  });
  const lines = buildLines(rows, { dimensions: meta.dimensions, totals: meta.totals, outside: meta.outside ?? {} }, present);
  const linesOf = new Map<number, number[]>();
  lines.forEach((line, i) => {
    for (const r of line.total === null ? line.members : [...line.members, line.total]) {
      if (!linesOf.has(r)) linesOf.set(r, []);
      linesOf.get(r)!.push(i);
    }
  });
  const shown = (r: number) => !hidden.has(r);
  const isHidden = (r: number) => hidden.has(r);
  const cl: ColumnLines = { lines, linesOf, value, shown };
  // Hidden cells per line, kept up to date as cells are hidden.
  const hiddenIn = lines.map((line) => line.members.filter(isHidden).length + (line.total !== null && isHidden(line.total) ? 1 : 0));
  const queue = lines.map((_, i) => i);
  const queued = new Set(queue);
  let next = 0;
  const hide = (r: number) => {
    hidden.set(r, 'secondary');
    for (const i of linesOf.get(r) ?? []) {
      hiddenIn[i]!++;
      if (!queued.has(i)) {
        queued.add(i);
        queue.push(i);
      }
    }
  };

  for (;;) {
    // The rule of thumb: no line may have exactly one hidden cell.
    while (next < queue.length) {
      const i = queue[next++]!;
      queued.delete(i);
      if (hiddenIn[i] !== 1) continue;
      const pick = partner(i, cl);
      if (pick !== null) hide(pick);
    }
    // Then the exact check: a cell the totals still pin down gets a partner in one of its lines.
    const { determined, unchecked } = determinedCells(lines, isHidden, (r) => value(r) === 0);
    const pick = determined.flatMap((r) => (linesOf.get(r) ?? []).map((i) => partner(i, cl))).find((p): p is number => p !== null);
    if (pick === undefined) return { hidden, atRisk: determined, unchecked };
    hide(pick);
  }
}

function matchesRow(row: Row, where: Record<string, string>): boolean {
  return Object.entries(where).every(([d, want]) => label(row[d]) === want);
}

/**
 * Applies a rule to a table. Counts are suppressed per count column (primary: small counts;
 * secondary: so that no hidden count is the only unknown of a line with a knowable total,
 * checked exactly), then derived cells follow their counts. Zeros are shown (except a zero
 * that is the only possible partner of a hidden cell in its line) and nulls stay null.
 */
export function protectTable(columns: string[], rows: Row[], meta: DisclosureMeta, rule: DisclosureRule): ProtectedTable {
  const has = new Set(columns);
  const counts = meta.countColumns.filter((c) => has.has(c));
  const derived = meta.derivedColumns.filter((c) => has.has(c) && !counts.includes(c));
  const derivedAll = (meta.derivedAll ?? []).filter((c) => has.has(c));
  const checked: DisclosureMeta = { ...meta, dimensions: meta.dimensions.filter((d) => has.has(d)) };
  const hidden = new Map<string, Why>();
  const atRisk: ProtectedTable['atRisk'] = [];
  let unchecked = 0;
  const key = (r: number, c: string) => `${r}\u0000${c}`;
  const isHidden = (r: number, c: string) => hidden.has(key(r, c));
  const hideDerived = (r: number, c: string) => {
    if (rows[r]?.[c] !== null && rows[r]?.[c] !== undefined && !isHidden(r, c)) hidden.set(key(r, c), 'derived');
  };
  const rounded = rule === 'round5';

  // Which count cells make their derived cells unsafe: hidden ones, or under round5 the 1-9s.
  let unsafe: (r: number, c: string) => boolean;
  if (rule === 'threshold5' || rule === 'threshold10') {
    const limit = rule === 'threshold5' ? 5 : 10;
    for (const c of counts) {
      const done = suppressColumn(rows, c, checked, limit);
      for (const [r, why] of done.hidden) hidden.set(key(r, c), why);
      atRisk.push(...done.atRisk.map((row) => ({ row, column: c })));
      unchecked += done.unchecked;
    }
    unsafe = isHidden;
  } else if (rounded) {
    unsafe = (r, c) => {
      const v = numberIn(rows[r], c);
      return v !== null && v > 0 && v < 10;
    };
  } else {
    unsafe = () => false;
  }

  if (rule !== 'none') {
    const triggers = counts.filter((c) => !derivedAll.includes(c));
    rows.forEach((row, r) => {
      if (counts.some((c) => unsafe(r, c))) for (const c of derived) hideDerived(r, c);
    });
    if (rows.some((_, r) => triggers.some((c) => unsafe(r, c)))) {
      // A rounded count stays a (rounded) count; anything else computed across rows is hidden.
      for (const c of derivedAll) if (!(rounded && counts.includes(c))) rows.forEach((_, r) => hideDerived(r, c));
    }
    if (meta.reference) {
      const ref = meta.reference;
      const refUnsafe = rows.some((row, r) => matchesRow(row, ref.row) && counts.some((c) => unsafe(r, c)));
      if (refUnsafe) for (const c of ref.columns.filter((x) => has.has(x))) rows.forEach((_, r) => hideDerived(r, c));
    }
  }

  const out: Cell[][] = rows.map((row, r) =>
    columns.map((c) => {
      if (isHidden(r, c)) return SUPPRESSED;
      const v = row[c] ?? null;
      return rounded && counts.includes(c) && typeof v === 'number' ? roundTo5(v) : v;
    }),
  );
  const list: HiddenCell[] = [];
  rows.forEach((_, r) => {
    for (const c of columns) {
      const why = hidden.get(key(r, c));
      if (why) list.push({ row: r, column: c, why });
    }
  });
  return { columns, rows: out, hidden: list, rule, ruleText: ruleText(rule), atRisk, unchecked };
}
