-- Ratio of two rates, a/pa over b/pb (relative rate index), with its 95% interval on the log
-- scale: exp(ln RR ± z·sqrt(1/a + 1/b)), z = sv_z(). "Significant" when the interval excludes 1.
-- NULL when either count or either population is 0 or NULL (the spec gives no ratio then).

CREATE TEMP MACRO sv_rate_ratio(a, pa, b, pb) AS
  CASE WHEN a > 0 AND b > 0 AND pa > 0 AND pb > 0
    THEN (CAST(a AS DOUBLE) / pa) / (CAST(b AS DOUBLE) / pb)
  END;

CREATE TEMP MACRO sv_rate_ratio_low(a, pa, b, pb) AS
  exp(ln(sv_rate_ratio(a, pa, b, pb)) - sv_z() * sqrt(1.0 / a + 1.0 / b));

CREATE TEMP MACRO sv_rate_ratio_high(a, pa, b, pb) AS
  exp(ln(sv_rate_ratio(a, pa, b, pb)) + sv_z() * sqrt(1.0 / a + 1.0 / b));

CREATE TEMP MACRO sv_rate_ratio_significant(a, pa, b, pb) AS
  sv_rate_ratio_low(a, pa, b, pb) > 1 OR sv_rate_ratio_high(a, pa, b, pb) < 1;
