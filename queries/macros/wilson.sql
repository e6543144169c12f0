-- Wilson score 95% interval for a proportion of x persons out of n (Wilson 1927; Newcombe
-- 1998, "method 3"): the interval for percentages of persons in every library entry.
--   centre = (p + z²/2n) / (1 + z²/n)
--   half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²),   p = x/n,  z = sv_z()
-- Returns PROPORTIONS 0–1 (entries multiply by 100), clamped to [0, 1] so rounding can never
-- push a limit outside the possible range. NULL when n is 0 or NULL (no cohort, no interval).
-- Worked check: 81/263 → 25.5%–36.6% (Newcombe 1998, table I).

CREATE TEMP MACRO sv_wilson_low(x, n) AS
  CASE WHEN n > 0 THEN greatest(0.0,
    (CAST(x AS DOUBLE) / n + pow(sv_z(), 2) / (2.0 * n)
      - sv_z() * sqrt(CAST(x AS DOUBLE) / n * (1 - CAST(x AS DOUBLE) / n) / n
                      + pow(sv_z(), 2) / (4.0 * CAST(n AS DOUBLE) * n)))
    / (1 + pow(sv_z(), 2) / n))
  END;

CREATE TEMP MACRO sv_wilson_high(x, n) AS
  CASE WHEN n > 0 THEN least(1.0,
    (CAST(x AS DOUBLE) / n + pow(sv_z(), 2) / (2.0 * n)
      + sv_z() * sqrt(CAST(x AS DOUBLE) / n * (1 - CAST(x AS DOUBLE) / n) / n
                      + pow(sv_z(), 2) / (4.0 * CAST(n AS DOUBLE) * n)))
    / (1 + pow(sv_z(), 2) / n))
  END;
