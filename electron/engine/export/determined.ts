import type { Line } from './lines.js';
import { feasible } from './lp.js';

/**
 * Hidden cells that the line totals still pin down. "No line with exactly one hidden cell" is
 * not enough on its own: in a grid, a hidden cell joining two separate rectangles of hidden
 * cells (a bridge) is the difference of two sums of row and column totals. And a count cannot
 * be negative: a hidden zero whose lines leave it no room to rise is known to be 0.
 *
 * The line equations over the hidden cells read Σ hidden members − hidden total = a known
 * number. A hidden zero is pinned when no change of the hidden cells that keeps every equation
 * lets it rise while no other hidden zero falls (a small linear programme). With those zeros
 * taken as known, any other hidden cell is pinned exactly when its unit vector lies in the row
 * space of the equations (Gaussian elimination): every other hidden zero can then rise, so a
 * free direction can always be tilted to keep all of them at or above 0.
 */

/**
 * Hidden cells linked through shared lines are solved together. Elimination costs about
 * cells × lines × min(cells, lines); a group costing more (a very large table with hidden cells
 * everywhere) is left unchecked and counted as such.
 */
export const MAX_ELIMINATION_WORK = 3e8;
/** The linear programme for hidden zeros runs on groups up to this size (hidden zeros are rare). */
export const MAX_ZERO_GROUP = 150;

const EPS = 1e-9;

function find(parent: Map<number, number>, x: number): number {
  let root = x;
  while (parent.get(root) !== root) root = parent.get(root)!;
  // Path compression keeps later look-ups short.
  let node = x;
  while (node !== root) {
    const next = parent.get(node)!;
    parent.set(node, root);
    node = next;
  }
  return root;
}

/** Reduced row echelon form in place; returns the pivot column of each pivot row. */
function reduce(m: Float64Array[], width: number): number[] {
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < width && r < m.length; c++) {
    let best = -1;
    let bestAbs = EPS;
    for (let i = r; i < m.length; i++) {
      const a = Math.abs(m[i]![c]!);
      if (a > bestAbs) {
        best = i;
        bestAbs = a;
      }
    }
    if (best < 0) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    const pivotRow = m[r]!;
    const p = pivotRow[c]!;
    for (let k = c; k < width; k++) pivotRow[k]! /= p;
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const row = m[i]!;
      const f = row[c]!;
      if (Math.abs(f) <= EPS) continue;
      for (let k = c; k < width; k++) row[k]! -= f * pivotRow[k]!;
    }
    pivots.push(c);
    r++;
  }
  return pivots;
}

export interface DeterminedCheck {
  /** Hidden rows whose value the line totals (and counts being ≥ 0) fix, in row order. */
  determined: number[];
  /** Hidden cells in groups too large to solve here (not checked). */
  unchecked: number;
}

/** Hidden zeros of a group that cannot rise while the equations hold and no hidden zero falls. */
function stuckZeros(vars: number[], equations: [number, number][][], zero: (row: number) => boolean): Set<number> {
  const index = new Map(vars.map((r, i) => [r, i]));
  const zeros = vars.filter(zero).map((r) => index.get(r)!);
  const stuck = new Set<number>();
  if (!zeros.length) return stuck;
  const rows = equations.map((eq) => ({ terms: eq.map(([r, c]): [number, number] => [index.get(r)!, c]), rhs: 0 }));
  for (const z of zeros) {
    const rise = { terms: [[z, 1]] as [number, number][], rhs: 1 };
    if (!feasible({ rows: [...rows, rise], variables: vars.length, nonNegative: new Set(zeros) })) stuck.add(vars[z]!);
  }
  return stuck;
}

/**
 * `zero(row)`: the hidden cell's value is 0 (the one thing about the true values this needs:
 * which hidden cells sit at the bound).
 */
export function determinedCells(lines: readonly Line[], hidden: (row: number) => boolean, zero: (row: number) => boolean = () => false): DeterminedCheck {
  const equations: [number, number][][] = [];
  const parent = new Map<number, number>();
  for (const line of lines) {
    const terms: [number, number][] = line.members.filter(hidden).map((r) => [r, 1]);
    if (line.total !== null && hidden(line.total)) terms.push([line.total, -1]);
    if (!terms.length) continue;
    equations.push(terms);
    for (const [r] of terms) if (!parent.has(r)) parent.set(r, r);
    for (const [r] of terms.slice(1)) {
      const a = find(parent, terms[0]![0]);
      const b = find(parent, r);
      if (a !== b) parent.set(a, b);
    }
  }
  const groups = new Map<number, { vars: number[]; equations: [number, number][][] }>();
  for (const r of parent.keys()) {
    const root = find(parent, r);
    if (!groups.has(root)) groups.set(root, { vars: [], equations: [] });
    groups.get(root)!.vars.push(r);
  }
  for (const eq of equations) groups.get(find(parent, eq[0]![0]))!.equations.push(eq);

  const determined: number[] = [];
  let unchecked = 0;
  for (const g of groups.values()) {
    if (g.vars.length * g.equations.length * Math.min(g.vars.length, g.equations.length) > MAX_ELIMINATION_WORK) {
      unchecked += g.vars.length;
      continue;
    }
    const bigForZeros = g.vars.length > MAX_ZERO_GROUP;
    if (bigForZeros) unchecked += g.vars.filter(zero).length;
    const stuck = bigForZeros ? new Set<number>() : stuckZeros(g.vars, g.equations, zero);
    determined.push(...stuck);
    const vars = g.vars.filter((r) => !stuck.has(r));
    const index = new Map(vars.map((r, i) => [r, i]));
    const width = vars.length;
    const m = g.equations.map((eq) => {
      const row = new Float64Array(width);
      for (const [r, coef] of eq) if (index.has(r)) row[index.get(r)!]! += coef;
      return row;
    });
    const pivots = reduce(m, width);
    pivots.forEach((c, i) => {
      const row = m[i]!;
      let alone = true;
      for (let k = 0; k < width && alone; k++) if (k !== c && Math.abs(row[k]!) > EPS) alone = false;
      if (alone) determined.push(vars[c]!);
    });
  }
  determined.sort((a, b) => a - b);
  return { determined, unchecked };
}
