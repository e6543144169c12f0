-- Two-sided exact conditional test that two counts a (this period) and b (the period before)
-- come from the same Poisson rate: given n = a + b, a ~ Binomial(n, 0.5) under the null.
-- p = min(1, 2 · P(X ≤ min(a, b))), X ~ Binomial(n, 0.5). With p0 = 0.5 the distribution is
-- symmetric, so this equals the sum of the probabilities of every outcome no more likely than
-- the one observed (what R's binom.test reports). Terms are summed in log space
-- (lgamma), so large counts do not overflow. NULL when a + b = 0 or either is NULL/negative.

CREATE TEMP MACRO sv_binomial_test_p(a, b) AS
  CASE WHEN a >= 0 AND b >= 0 AND a + b > 0 THEN
    least(1.0, 2 * list_sum(list_transform(
      range(0, least(a, b) + 1),
      lambda k: exp(lgamma(a + b + 1) - lgamma(k + 1) - lgamma(a + b - k + 1) - (a + b) * ln(2))
    )))
  END;
