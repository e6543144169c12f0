/*
id: trend
title: Serious violence - this period against the one before
description: >-
  Serious-violence offences recorded in the period against the period of the same length
  before it, with the percentage change and an exact test of whether the change is more than
  chance; optionally by offence type or sub-area, and weighted by a harm index.
theme: Places
version: 1.1.0
parameters:
  - use: period_end_offences
  - name: period_months
    type: int
    label: Period length (months)
    description: >-
      The period is the months ending on period_end, i.e. (period_end − months, period_end]; the
      previous period is the same number of months before it.
    default: 12
    required: false
    min: 1
    max: 120
  - name: by
    type: enum
    label: Split by
    description: >-
      none - one row for all offences; offence_type - one row per offence type; area - one row
      per partnership sub-area (offences.area). Split rows follow an All row.
    default: none
    required: false
    options: [none, offence_type, area]
  - name: weights
    type: text
    label: Harm weights
    description: >-
      none - counts only; otherwise the name of a harm scheme in the harm_weights reference
      table (its scheme column, compared ignoring case), e.g. CSS (Crime Severity Score) or
      CCHI (Cambridge Crime Harm Index) - also sums the weights of the offences, matched by
      offence_code, else by offence_type.
    default: none
    required: false
    pattern: '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,39}$'
    pattern_hint: a scheme name is letters, digits, spaces, . _ or - (e.g. CSS), or none
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_type, offence_code, serious_violence, area]
  - table: harm_weights
    columns: [offence_type, offence_code, weight, scheme]
    unless: { weights: none }
chart:
  type: bar
  x: group
  y: current
  valueColumns:
    - { column: previous, label: Previous period }
    - { column: current, label: Current period }
  xTitle: Offences
  yTitle: Serious-violence offences
count_columns: [current, previous]
row_level: false
disclosure:
  dimensions: [group]
  totals: { group: All }
  # harm_* sum the weights of the counted offences: with known weights they can give a count.
  derived: [change_pct, p_value, harm_current, harm_previous, harm_change_pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 7, and "Definitions that hold for every entry".

Current period P = (period_end − period_months, period_end]: an offence dated exactly
period_months before period_end is outside P, one dated on period_end is inside. Previous
period = (period_end − 2 × period_months, period_end − period_months]. "N months before" a date
clamps to the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Offences counted: rows of offences with serious_violence = true, each crime once (distinct
crime_id), by offence_date.

Rows: `All` (every such offence); with by = offence_type, then one row per offence_type with an
offence in either period, alphabetically; with by = area, one row per offences.area likewise. A
blank offence_type / area is a row labelled `Unknown`, listed last (only when it has offences).

Columns: group; current, previous = offences in P and in the previous period; change_pct =
100 × (current − previous) / previous, null when previous is 0; p_value = two-sided exact
conditional (binomial, p0 = 0.5) test of current against previous, null when both are 0.
harm_current, harm_previous = sum of the harm weights of those offences under the chosen scheme;
harm_change_pct = 100 × (harm_current − harm_previous) / harm_previous, null when harm_previous
is 0. All three harm columns are null with weights = none.

Decisions where the spec is silent:
- The previous period is worked out from period_end (period_end − 2 × months), not by taking
  months off the start of P twice, so month-end clamping applies once.
- An offence whose serious_violence is blank is not serious violence.
- A crime_id listed more than once is counted once (its row with the smallest offence_date,
  then offence_type, then offence_code).
- With by = none there is only the `All` row; otherwise `All` comes first as the total, so a
  split row can be read against it.
- `weights` is a scheme name, not a fixed list: a workspace's harm_weights may hold any scheme
  (the canonical data model names CSS and CCHI as examples). harm_weights rows are used when
  their scheme equals that name ignoring case and surrounding spaces; a harm_weights table with
  no row for the scheme stops the run with an error naming it. `none` (exactly) needs no
  harm_weights table.
- An offence's weight is the scheme's weight for its offence_code when it has one and the
  scheme has a row with that code; otherwise the weight for its offence_type. Two different
  weights for the same code (or type) stop the run with an error. An offence with no weight
  adds 0 to the harm (it is still counted in current/previous).
- p_value comes from the counts, never the harm sums.
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS current_after,     -- excluded
        $period_end AS current_to,                                                        -- included
        CAST($period_end - INTERVAL (2 * $period_months) MONTH AS DATE) AS previous_after -- excluded
),

scheme_weights AS (
    SELECT
        nullif(trim(h.offence_code), '') AS offence_code,
        nullif(trim(h.offence_type), '') AS offence_type,
        h.weight
    FROM harm_weights AS h
    WHERE $weights <> 'none'
      AND lower(trim(h.scheme)) = lower($weights)
),

scheme_checked AS (
    SELECT CASE
        WHEN $weights <> 'none' AND (SELECT count(*) FROM scheme_weights) = 0
            THEN error('harm_weights has no row for the scheme ' || $weights)
        ELSE true
    END AS ok
),

code_weights AS (
    SELECT
        offence_code,
        CASE WHEN count(DISTINCT weight) > 1
             THEN error('harm_weights scheme ' || $weights || ' has more than one weight for offence_code ' || offence_code)
             ELSE min(weight) END AS weight
    FROM scheme_weights
    WHERE offence_code IS NOT NULL
    GROUP BY offence_code
),

type_weights AS (
    SELECT
        offence_type,
        CASE WHEN count(DISTINCT weight) > 1
             THEN error('harm_weights scheme ' || $weights || ' has more than one weight for offence_type ' || offence_type)
             ELSE min(weight) END AS weight
    FROM scheme_weights
    WHERE offence_type IS NOT NULL
    GROUP BY offence_type
),

serious AS (
    SELECT o.crime_id, o.offence_date, o.offence_type, o.offence_code, o.area
    FROM offences AS o
    WHERE coalesce(o.serious_violence, false)
      AND o.crime_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY o.crime_id
        ORDER BY o.offence_date, o.offence_type NULLS LAST, o.offence_code NULLS LAST
    ) = 1
),

dated AS (
    SELECT
        s.*,
        s.offence_date > p.current_after AND s.offence_date <= p.current_to AS in_current,
        s.offence_date > p.previous_after AND s.offence_date <= p.current_after AS in_previous,
        coalesce(cw.weight, tw.weight, 0) AS weight
    FROM serious AS s
    CROSS JOIN period AS p
    LEFT JOIN code_weights AS cw ON cw.offence_code = s.offence_code
    LEFT JOIN type_weights AS tw ON tw.offence_type = s.offence_type
    WHERE s.offence_date > p.previous_after
      AND s.offence_date <= p.current_to
      AND (SELECT ok FROM scheme_checked)
),

labelled AS (
    SELECT 0 AS ord, 'All' AS name, d.in_current, d.in_previous, d.weight
    FROM dated AS d
    UNION ALL
    SELECT
        CASE WHEN d.split IS NULL THEN 2 ELSE 1 END,
        coalesce(d.split, 'Unknown'),
        d.in_current,
        d.in_previous,
        d.weight
    FROM (
        SELECT
            *,
            CASE $by WHEN 'offence_type' THEN offence_type WHEN 'area' THEN area END AS split
        FROM dated
    ) AS d
    WHERE $by <> 'none'
),

groups AS (
    SELECT 0 AS ord, 'All' AS name
    UNION
    SELECT ord, name FROM labelled
),

counts AS (
    SELECT
        g.ord,
        g.name,
        count(l.name) FILTER (WHERE l.in_current) AS current,
        count(l.name) FILTER (WHERE l.in_previous) AS previous,
        coalesce(sum(l.weight) FILTER (WHERE l.in_current), 0) AS harm_current,
        coalesce(sum(l.weight) FILTER (WHERE l.in_previous), 0) AS harm_previous
    FROM groups AS g
    LEFT JOIN labelled AS l ON l.ord = g.ord AND l.name = g.name
    GROUP BY g.ord, g.name
)

SELECT
    name AS "group",
    current,
    previous,
    CASE WHEN previous > 0 THEN 100 * (CAST(current AS DOUBLE) - previous) / previous END AS change_pct,
    sv_binomial_test_p(current, previous) AS p_value,
    CASE WHEN $weights <> 'none' THEN CAST(harm_current AS DOUBLE) END AS harm_current,
    CASE WHEN $weights <> 'none' THEN CAST(harm_previous AS DOUBLE) END AS harm_previous,
    CASE WHEN $weights <> 'none' AND harm_previous > 0
         THEN 100 * (CAST(harm_current AS DOUBLE) - harm_previous) / harm_previous END AS harm_change_pct
FROM counts
ORDER BY ord, name
