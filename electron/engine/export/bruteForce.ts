import { SUPPRESSED, type Cell, type Row } from '../../contract/index.js';

/**
 * Test support: the attacker's view of a protected table, solved by brute force. It knows every
 * shown cell and the true total of every line (whether or not the table shows a total row),
 * and enumerates every assignment of non-negative integers to the hidden cells of a count
 * column consistent with all of them. A hidden cell that takes one value only is recoverable.
 *
 * The line model is written out here again, independently of lines.ts: a line is the rows
 * sharing every dimension but one; with a total row (totals[d]) the members add up to that
 * row's cell (a shown number, or one more unknown when it is hidden); without one they add up
 * to their true sum. A line of a single cell without a total row is no line (its "total" would
 * be the cell itself).
 */

export interface SolverMeta {
  countColumns: string[];
  dimensions: string[];
  totals?: Record<string, string>;
  outside?: Record<string, string[]>;
}

interface Equation {
  /** [variable index, coefficient ±1] */
  terms: [number, number][];
  rhs: number;
}

export interface ColumnSolution {
  column: string;
  /** Row → every value the hidden cell takes across all feasible assignments. */
  values: Map<number, Set<number>>;
  /** Hidden rows with exactly one feasible value. */
  recoverable: number[];
  /** Whether the search was cut short once every hidden cell had shown two values. */
  stoppedEarly: boolean;
}

const text = (c: Cell | undefined) => (c === null || c === undefined ? null : String(c));

function equationsFor(trueRows: Row[], shownRows: Cell[][], columns: string[], meta: SolverMeta, column: string) {
  const col = columns.indexOf(column);
  const vars: number[] = [];
  const varOf = new Map<number, number>();
  const known = (r: number): number | null => {
    const shown = shownRows[r]![col];
    return shown === SUPPRESSED ? null : (shown as number);
  };
  trueRows.forEach((row, r) => {
    if (typeof row[column] === 'number' && shownRows[r]![col] === SUPPRESSED) {
      varOf.set(r, vars.length);
      vars.push(r);
    }
  });
  const present = (r: number) => typeof trueRows[r]![column] === 'number';
  const lines: { members: number[]; total: number | null }[] = [];
  const dims = meta.dimensions;
  if (dims.length === 0) {
    lines.push({ members: trueRows.map((_, r) => r).filter(present), total: null });
  }
  for (const d of dims) {
    const byKey = new Map<string, { members: number[]; total: number | null }>();
    trueRows.forEach((row, r) => {
      if (!present(r)) return;
      const v = text(row[d]);
      if (v !== null && (meta.outside?.[d] ?? []).includes(v)) return;
      const key = dims.filter((o) => o !== d).map((o) => `${text(row[o])}`).join('\u0001');
      const line = byKey.get(key) ?? { members: [], total: null };
      byKey.set(key, line);
      if (meta.totals?.[d] !== undefined && v === meta.totals[d] && line.total === null) line.total = r;
      else line.members.push(r);
    });
    lines.push(...byKey.values());
  }
  const equations: Equation[] = [];
  for (const line of lines) {
    if (line.total === null ? line.members.length < 2 : line.members.length < 1) continue;
    const terms: [number, number][] = [];
    let rhs = line.total === null ? line.members.reduce((s, r) => s + (trueRows[r]![column] as number), 0) : 0;
    const add = (r: number, coef: number) => {
      const k = known(r);
      if (k === null) terms.push([varOf.get(r)!, coef]);
      else rhs -= coef * k;
    };
    for (const m of line.members) add(m, 1);
    if (line.total !== null) add(line.total, -1);
    if (terms.length) equations.push({ terms, rhs });
    else if (Math.abs(rhs) > 1e-9) throw new Error(`the crafted table does not add up in a line of ${column}`);
  }
  return { vars, equations };
}

/** Every feasible assignment's values per hidden cell, by depth-first search with bound propagation. */
export function solveColumn(
  trueRows: Row[],
  shownRows: Cell[][],
  columns: string[],
  meta: SolverMeta,
  column: string,
  options: { stopEarly?: boolean; maxNodes?: number } = {},
): ColumnSolution {
  const { vars, equations } = equationsFor(trueRows, shownRows, columns, meta, column);
  // Unknowns in no bounded line (a hidden total of hidden totals) are capped by the column's
  // grand sum: a cap only removes assignments, so two values found under it are two values.
  const cap = trueRows.reduce((s, row) => s + (typeof row[column] === 'number' ? Math.abs(row[column] as number) : 0), 0);
  const values = vars.map(() => new Set<number>());
  const maxNodes = options.maxNodes ?? 5_000_000;
  let nodes = 0;
  let stoppedEarly = false;

  const propagate = (lo: number[], hi: number[]): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const eq of equations) {
        let minSum = 0;
        let maxSum = 0;
        for (const [v, c] of eq.terms) {
          minSum += c > 0 ? c * lo[v]! : c * hi[v]!;
          maxSum += c > 0 ? c * hi[v]! : c * lo[v]!;
        }
        if (eq.rhs < minSum || eq.rhs > maxSum) return false;
        for (const [v, c] of eq.terms) {
          const restMin = minSum - (c > 0 ? c * lo[v]! : c * hi[v]!);
          const restMax = maxSum - (c > 0 ? c * hi[v]! : c * lo[v]!);
          // c·x = rhs − rest, rest ∈ [restMin, restMax]
          const a = (eq.rhs - restMax) / c;
          const b = (eq.rhs - restMin) / c;
          const newLo = Math.max(lo[v]!, Math.ceil(Math.min(a, b) - 1e-9));
          const newHi = Math.min(hi[v]!, Math.floor(Math.max(a, b) + 1e-9));
          if (newLo > newHi) return false;
          if (newLo !== lo[v] || newHi !== hi[v]) {
            lo[v] = newLo;
            hi[v] = newHi;
            changed = true;
          }
        }
      }
    }
    return true;
  };

  const search = (lo: number[], hi: number[]): boolean => {
    if (++nodes > maxNodes) throw new Error(`brute force over ${column} exceeded ${maxNodes} nodes: craft a smaller table`);
    if (!propagate(lo, hi)) return false;
    const open = lo.findIndex((l, i) => l !== hi[i]);
    if (open < 0) {
      lo.forEach((v, i) => values[i]!.add(v));
      if (options.stopEarly && values.every((s) => s.size >= 2)) {
        stoppedEarly = true;
        return true;
      }
      return false;
    }
    for (let x = lo[open]!; x <= hi[open]!; x++) {
      const l = [...lo];
      const h = [...hi];
      l[open] = x;
      h[open] = x;
      if (search(l, h)) return true;
    }
    return false;
  };
  if (vars.length) search(vars.map(() => 0), vars.map(() => cap));
  return {
    column,
    values: new Map(vars.map((r, i) => [r, values[i]!])),
    recoverable: vars.filter((_, i) => values[i]!.size === 1),
    stoppedEarly,
  };
}

/** Hidden count cells (as `column@row`) that a brute-force attacker pins to one value. */
export function recoverableCells(trueRows: Row[], shownRows: Cell[][], columns: string[], meta: SolverMeta): string[] {
  return meta.countColumns.flatMap((c) =>
    solveColumn(trueRows, shownRows, columns, meta, c, { stopEarly: true }).recoverable.map((r) => `${c}@${r}`),
  );
}
