/**
 * Whether a small system of linear equalities has a solution with some variables
 * non-negative: phase 1 of the simplex method on a dense tableau, Bland's rule (no cycling).
 * Used to ask whether a hidden zero can rise while the line totals still hold.
 */

const EPS = 1e-9;

export interface LinearSystem {
  /** Each row: coefficients by variable index, equal to rhs. */
  rows: { terms: [number, number][]; rhs: number }[];
  variables: number;
  /** Variables that must be ≥ 0; the others are free. */
  nonNegative: ReadonlySet<number>;
}

export function feasible(system: LinearSystem): boolean {
  // Free variables are split into a positive and a negative part, so every column is ≥ 0.
  const columns: [number, number][] = []; // [variable, sign]
  for (let v = 0; v < system.variables; v++) {
    columns.push([v, 1]);
    if (!system.nonNegative.has(v)) columns.push([v, -1]);
  }
  const m = system.rows.length;
  const n = columns.length;
  const colOf = new Map<string, number>(columns.map(([v, s], j) => [`${v}:${s}`, j]));
  // Tableau: m rows of [n structural | m artificial | rhs].
  const width = n + m + 1;
  const t = system.rows.map((row, i) => {
    const r = new Float64Array(width);
    const flip = row.rhs < 0 ? -1 : 1;
    for (const [v, coef] of row.terms) {
      r[colOf.get(`${v}:1`)!]! += flip * coef;
      const neg = colOf.get(`${v}:-1`);
      if (neg !== undefined) r[neg]! -= flip * coef;
    }
    r[n + i] = 1;
    r[width - 1] = flip * row.rhs;
    return r;
  });
  const basis = system.rows.map((_, i) => n + i);
  // Reduced costs of "minimise the sum of artificials".
  const cost = new Float64Array(width);
  for (const r of t) for (let j = 0; j < width; j++) if (j < n || j === width - 1) cost[j]! -= r[j]!;

  for (let guard = 0; guard < 50_000; guard++) {
    let enter = -1;
    for (let j = 0; j < n + m; j++) {
      if (cost[j]! < -EPS) {
        enter = j;
        break;
      }
    }
    if (enter < 0) break;
    let leave = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      const a = t[i]![enter]!;
      if (a <= EPS) continue;
      const ratio = t[i]![width - 1]! / a;
      if (ratio < best - EPS || (Math.abs(ratio - best) <= EPS && basis[i]! < basis[leave]!)) {
        best = ratio;
        leave = i;
      }
    }
    if (leave < 0) break; // unbounded direction: cannot happen for phase 1, whose objective is ≥ 0
    const pivot = t[leave]!;
    const p = pivot[enter]!;
    for (let j = 0; j < width; j++) pivot[j]! /= p;
    for (let i = 0; i < m; i++) {
      if (i === leave) continue;
      const f = t[i]![enter]!;
      if (Math.abs(f) > EPS) for (let j = 0; j < width; j++) t[i]![j]! -= f * pivot[j]!;
    }
    const f = cost[enter]!;
    for (let j = 0; j < width; j++) cost[j]! -= f * pivot[j]!;
    basis[leave] = enter;
  }
  // The objective's value is −cost[rhs]; feasible when it reached 0.
  return -cost[width - 1]! <= 1e-7;
}
