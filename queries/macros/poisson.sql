-- 95% confidence limits for a count O of events or persons, treated as Poisson: the interval
-- for every rate per 1,000 population (divide the limits by the population, times 1,000).
--
-- O < 10: exact limits from the chi-square distribution (Garwood 1936):
--   lower = χ²(0.025; 2O) / 2     (0 when O = 0)
--   upper = χ²(0.975; 2O + 2) / 2
-- DuckDB has no inverse chi-square, so the ten pairs are constants, computed to 17
-- significant digits (mpmath, 40-digit arithmetic; cross-checked with scipy.stats.chi2.ppf) and
-- re-checked in electron/engine/queries/macros.test.ts by bisection on the Poisson CDF.
-- O ≥ 10: Byar's approximation, with z = sv_z():
--   lower = O · (1 − 1/(9O) − z/(3√O))³
--   upper = (O + 1) · (1 − 1/(9(O + 1)) + z/(3√(O + 1)))³
-- NULL for a NULL or negative count.

CREATE TEMP MACRO sv_poisson_low(o) AS
  CASE
    WHEN o IS NULL OR o < 0 THEN NULL
    WHEN o >= 10 THEN o * pow(1 - 1 / (9.0 * o) - sv_z() / (3 * sqrt(CAST(o AS DOUBLE))), 3)
    WHEN o = 0 THEN CAST(0 AS DOUBLE)
    WHEN o = 1 THEN CAST(0.025317807984289875 AS DOUBLE)
    WHEN o = 2 THEN CAST(0.24220927854396490 AS DOUBLE)
    WHEN o = 3 THEN CAST(0.61867212289560129 AS DOUBLE)
    WHEN o = 4 THEN CAST(1.0898653736263249 AS DOUBLE)
    WHEN o = 5 THEN CAST(1.6234863901184205 AS DOUBLE)
    WHEN o = 6 THEN CAST(2.2018942534908508 AS DOUBLE)
    WHEN o = 7 THEN CAST(2.8143630515198661 AS DOUBLE)
    WHEN o = 8 THEN CAST(3.4538321767485013 AS DOUBLE)
    WHEN o = 9 THEN CAST(4.1153730973783324 AS DOUBLE)
  END;

CREATE TEMP MACRO sv_poisson_high(o) AS
  CASE
    WHEN o IS NULL OR o < 0 THEN NULL
    WHEN o >= 10 THEN (o + 1) * pow(1 - 1 / (9.0 * (o + 1)) + sv_z() / (3 * sqrt(CAST(o + 1 AS DOUBLE))), 3)
    WHEN o = 0 THEN CAST(3.6888794541139363 AS DOUBLE)
    WHEN o = 1 THEN CAST(5.5716433909388986 AS DOUBLE)
    WHEN o = 2 THEN CAST(7.2246876677239608 AS DOUBLE)
    WHEN o = 3 THEN CAST(8.7672730697423260 AS DOUBLE)
    WHEN o = 4 THEN CAST(10.241588675403698 AS DOUBLE)
    WHEN o = 5 THEN CAST(11.668332079322670 AS DOUBLE)
    WHEN o = 6 THEN CAST(13.059474022518685 AS DOUBLE)
    WHEN o = 7 THEN CAST(14.422675361702379 AS DOUBLE)
    WHEN o = 8 THEN CAST(15.763189220193315 AS DOUBLE)
    WHEN o = 9 THEN CAST(17.084803451419170 AS DOUBLE)
  END;
