/**
 * Test support: independent TypeScript versions of the statistics the SQL macros compute,
 * written from the textbook definitions (not from the macros), to check them against.
 */
export const Z = 1.959964;

/** P(X ≤ k) for X ~ Poisson(lambda), summed term by term. */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  let term = Math.exp(-lambda);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= lambda / i;
    sum += term;
  }
  return sum;
}

/** Root of a decreasing function f on [lo, hi] by bisection, to double precision. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact (Garwood) 95% limits for a Poisson count o: lower solves P(X ≥ o; λ) = 0.025,
 * upper solves P(X ≤ o; λ) = 0.025 — the chi-square limits χ²(0.025; 2o)/2, χ²(0.975; 2o+2)/2.
 * For counts up to a few hundred (the CDF underflows beyond).
 */
export function exactPoisson(o: number): [number, number] {
  const top = o + 20 * Math.sqrt(o + 1) + 50;
  const lower = o === 0 ? 0 : bisect((l) => 0.025 - (1 - poissonCdf(o - 1, l)), 0, top);
  const upper = bisect((l) => poissonCdf(o, l) - 0.025, 0, top);
  return [lower, upper];
}

export function byar(o: number): [number, number] {
  const lower = o * (1 - 1 / (9 * o) - Z / (3 * Math.sqrt(o))) ** 3;
  const u = o + 1;
  const upper = u * (1 - 1 / (9 * u) + Z / (3 * Math.sqrt(u))) ** 3;
  return [lower, upper];
}

/** The library's rule: exact below 10, Byar from 10. */
export function poissonLimits(o: number): [number, number] {
  return o < 10 ? exactPoisson(o) : byar(o);
}

/** Wilson score interval as proportions, clamped to [0, 1]. */
export function wilson(x: number, n: number): [number, number] {
  const p = x / n;
  const denom = 1 + (Z * Z) / n;
  const centre = p + (Z * Z) / (2 * n);
  const half = Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n));
  return [Math.max(0, (centre - half) / denom), Math.min(1, (centre + half) / denom)];
}

/** Two-sided exact binomial test of a vs b with p0 = 0.5, in exact integer arithmetic. */
export function binomialTestP(a: number, b: number): number {
  const n = a + b;
  const k = Math.min(a, b);
  let c = 1n;
  let sum = 0n;
  for (let i = 0; i <= k; i++) {
    sum += c;
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  const p = (2 * Number((sum * 10n ** 18n) / 2n ** BigInt(n))) / 1e18;
  return Math.min(1, p);
}

/**
 * Rate ratio (a/pa)/(b/pb) of two groups with its 95% interval exp(ln RR ± z·sqrt(1/a + 1/b))
 * and whether that interval excludes 1; null when a count or a population is 0 (no log of 0).
 */
export function rateRatio(a: number, pa: number, b: number, pb: number): { rr: number; low: number; high: number; significant: boolean } | null {
  if (a <= 0 || b <= 0 || pa <= 0 || pb <= 0) return null;
  const rr = a / pa / (b / pb);
  const half = Z * Math.sqrt(1 / a + 1 / b);
  const low = Math.exp(Math.log(rr) - half);
  const high = Math.exp(Math.log(rr) + half);
  return { rr, low, high, significant: low > 1 || high < 1 };
}
