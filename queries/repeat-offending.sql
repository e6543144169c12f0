/*
id: repeat-offending
title: Repeat offending
description: >-
  Suspects of serious violence in the period, and how many of them had already been linked as
  a suspect to any offence, to violence, or to serious violence in the months before their
  first serious-violence offence in the period.
theme: Offenders
version: 1.0.0
parameters:
  - use: period_end_offences
  - use: period_months
  - name: lookback_months
    type: int
    label: Look-back (months)
    description: >-
      How far before each suspect's first serious-violence offence in the period to look for
      an earlier offence they were a suspect in.
    default: 24
    required: false
    min: 1
    max: 120
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, offence_group, serious_violence]
  - table: suspects
    columns: [crime_id, person_id]
chart:
  type: bar
  x: measure
  y: pct
  errorLow: ci_low
  errorHigh: ci_high
  xTitle: Earlier offence
  yTitle: Suspects with an earlier offence (%)
count_columns: [suspects, with_prior]
row_level: false
disclosure:
  # The three measures overlap (a suspect can count in all three): taken as one line anyway.
  dimensions: [measure]
  derived: [pct, ci_low, ci_high]

DEFINITION
Spec: shared/spec/query-library.md, entry 2, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an offence dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" a date
clamps to the month's end as DuckDB's `date - INTERVAL n MONTH` does (2025-03-31 − 1 month =
2025-02-28).

Cohort: every person (distinct suspects.person_id) who is a suspect of an offence with
serious_violence = true dated in P.

First event: each suspect's earliest such offence in P — earliest offence_date, then earliest
offence_hour (blank hour last), then smallest crime_id. Only its date F is used.

Look-back: [F − lookback_months, F). It starts on the day exactly lookback_months before F
(that day counts) and ends the day before F: another offence on F itself is never prior,
whatever its hour.

Measures (one row each, always listed, in this order; independent of each other, so a suspect
can count in all three):
- Any offence: linked as a suspect to any row of offences dated in the look-back;
- Violence: ... to an offence of violence, i.e. offence_group = 'Violence against the person'
  OR serious_violence = true (canonical data model);
- Serious violence: ... to an offence with serious_violence = true.
Only the suspect role counts: being a victim of an earlier offence does not.

Columns: measure; suspects (every person in the cohort — the same number on each row);
with_prior (suspects with at least one such earlier offence); pct = 100 × with_prior /
suspects (null when suspects is 0); ci_low, ci_high = Wilson score 95% interval of that
percentage (z = 1.959964), on the same 0–100 scale, null when suspects is 0.

Decisions where the spec is silent:
- Suspect rows with a blank person_id cannot be counted as persons and are left out, both from
  the cohort and from the look-back.
- A suspect row whose crime_id has no row in offences has no date and is ignored.
- An offence whose serious_violence is blank is not serious violence (it can still be violence
  by its offence_group). "Any offence" counts it, and counts offences with a blank
  offence_group.
- Earlier serious-violence offences inside P (before F cannot be in P, as F is the first) and
  before P both count, as long as they are in the look-back.
- A look-back that reaches back before the earliest data simply finds fewer earlier offences:
  no suspect is left out for it.
- The cohort is every suspect, wherever they live: there is no area parameter.
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

suspicions AS (
    SELECT
        s.person_id,
        o.crime_id,
        o.offence_date,
        o.offence_hour,
        coalesce(o.serious_violence, false) AS serious,
        coalesce(o.serious_violence, false)
            OR coalesce(o.offence_group = 'Violence against the person', false) AS violence
    FROM suspects AS s
    JOIN offences AS o ON o.crime_id = s.crime_id
    WHERE s.person_id IS NOT NULL
),

first_in_period AS (
    SELECT x.person_id, x.offence_date AS first_date
    FROM suspicions AS x, period AS p
    WHERE x.serious
      AND x.offence_date > p.starts_after
      AND x.offence_date <= p.ends_on
    QUALIFY row_number() OVER (
        PARTITION BY x.person_id
        ORDER BY x.offence_date, x.offence_hour NULLS LAST, x.crime_id
    ) = 1
),

cohort AS (
    SELECT
        f.person_id,
        coalesce(bool_or(earlier.crime_id IS NOT NULL), false) AS any_prior,
        coalesce(bool_or(earlier.violence), false) AS violence_prior,
        coalesce(bool_or(earlier.serious), false) AS serious_prior
    FROM first_in_period AS f
    LEFT JOIN suspicions AS earlier
        ON earlier.person_id = f.person_id
       AND earlier.offence_date >= CAST(f.first_date - INTERVAL ($lookback_months) MONTH AS DATE)
       AND earlier.offence_date < f.first_date
    GROUP BY f.person_id
),

measures (ord, name) AS (
    VALUES (1, 'Any offence'), (2, 'Violence'), (3, 'Serious violence')
),

counts AS (
    SELECT
        m.ord,
        m.name,
        (SELECT count(*) FROM cohort) AS suspects,
        (SELECT count(*)
         FROM cohort AS c
         WHERE CASE m.ord WHEN 1 THEN c.any_prior
                          WHEN 2 THEN c.violence_prior
                          ELSE c.serious_prior END
        ) AS with_prior
    FROM measures AS m
)

SELECT
    name AS measure,
    suspects,
    with_prior,
    CASE WHEN suspects > 0 THEN 100 * CAST(with_prior AS DOUBLE) / suspects END AS pct,
    100 * sv_wilson_low(with_prior, suspects) AS ci_low,
    100 * sv_wilson_high(with_prior, suspects) AS ci_high
FROM counts
ORDER BY ord
