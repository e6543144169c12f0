/*
id: probation-first-time
title: First time on probation (serious violence)
description: >-
  Adults on the probation caseload with a serious-violence order or licence at a snapshot, by
  sex and age band, and the percentage for whom it is their first time on probation.
theme: Probation
version: 1.0.0
parameters:
  - name: snapshot_date
    type: date
    label: Snapshot date
    description: >-
      The caseload snapshot to count (it must be one of the snapshot dates in the data).
      Default - the latest probation_caseload.snapshot_date.
    default: null
    default_from: { max: probation_caseload.snapshot_date }
    values_from: probation_caseload.snapshot_date
    required: false
tables:
  - table: probation_caseload
    columns: [person_id, snapshot_date, age, sex, serious_violence, first_time]
chart:
  type: bar
  x: age_band
  y: pct
  series: sex
  xTitle: Age band
  yTitle: First time on probation (%)
count_columns: [persons, first_time]
row_level: false
disclosure:
  dimensions: [sex, age_band]
  derived: [pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 14, and "Definitions that hold for every entry".

Cohort: every person (distinct probation_caseload.person_id) with at least one row at the
snapshot (snapshot_date = the parameter) whose serious_violence is true, i.e. on an order or
licence for serious violence at that snapshot; then only those recorded as sex M or F and aged
18 or over.

first_time: the person is a first-timer if any of their rows at the snapshot (any order or
licence, serious violence or not) has first_time = true; a blank first_time means no.

Rows: for sex M then F, the age bands 18-21, 22-25, 26-35, 36+ (both ends included; 36+ is
36 and over), always all eight rows, zeros included.

Columns: sex; age_band; persons (in the cohort with that sex and band); first_time
(first-timers among them); pct = 100 × first_time / persons, within the row (null when
persons is 0).

Decisions where the spec is silent:
- pct is the share of first-timers within the row (as the published figure: "for 68% of males
  on an order or licence for serious violence it was their first time"), not a share of the
  whole cohort.
- A person's age and sex are taken from their serious-violence rows at the snapshot; if those
  rows disagree (data error), the row with the smallest age, then sex (blanks last) is used, so
  results do not depend on row order.
- Persons with blank or X sex, blank age or age under 18 are outside the cohort (the spec's
  "sex M/F and age 18 or over only"): there is no Unknown row and no total row.
- serious_violence blank is not serious violence. Rows with a blank person_id are left out.
- Only rows at exactly snapshot_date count; a date that is not a snapshot in the data stops
  the run with a message (values_from).
- The table has no interval columns in the contract, so pct has no confidence interval and the
  chart has no error bars.
*/
WITH
at_snapshot AS (
    SELECT person_id, age, sex, coalesce(serious_violence, false) AS serious, first_time
    FROM probation_caseload
    WHERE snapshot_date = $snapshot_date
      AND person_id IS NOT NULL
),

persons AS (
    SELECT
        s.person_id,
        s.age,
        s.sex,
        EXISTS (
            SELECT 1
            FROM at_snapshot AS any_order
            WHERE any_order.person_id = s.person_id
              AND any_order.first_time
        ) AS is_first_time
    FROM at_snapshot AS s
    WHERE s.serious
    QUALIFY row_number() OVER (
        PARTITION BY s.person_id
        ORDER BY s.age NULLS LAST, s.sex NULLS LAST
    ) = 1
),

cohort AS (
    SELECT person_id, age, sex, is_first_time
    FROM persons
    WHERE sex IN ('M', 'F')
      AND age >= 18
),

sexes (sex_ord, sex) AS (
    VALUES (1, 'M'), (2, 'F')
),

bands (band_ord, age_band, lo, hi) AS (
    VALUES (1, '18-21', 18, 21), (2, '22-25', 22, 25), (3, '26-35', 26, 35), (4, '36+', 36, NULL)
),

counts AS (
    SELECT
        s.sex_ord,
        s.sex,
        b.band_ord,
        b.age_band,
        count(c.person_id) AS persons,
        count(c.person_id) FILTER (WHERE c.is_first_time) AS first_time
    FROM sexes AS s
    CROSS JOIN bands AS b
    LEFT JOIN cohort AS c
        ON c.sex = s.sex
        AND c.age >= b.lo
        AND (b.hi IS NULL OR c.age <= b.hi)
    GROUP BY s.sex_ord, s.sex, b.band_ord, b.age_band
)

SELECT
    sex,
    age_band,
    persons,
    first_time,
    CASE WHEN persons > 0 THEN 100 * CAST(first_time AS DOUBLE) / persons END AS pct
FROM counts
ORDER BY sex_ord, band_ord
