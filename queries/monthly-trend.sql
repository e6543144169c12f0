/*
id: monthly-trend
title: Serious violence month by month
description: >-
  Serious-violence offences in each calendar month, with the rolling total of the 12 months to
  each month, over the last few years up to the period end.
theme: Places
version: 1.0.0
parameters:
  - name: period_end
    type: date
    label: Period end
    description: >-
      Last day counted (included); the last month shown is this date's month. Default - the
      latest offence_date in offences.
    default: null
    default_from: { max: offences.offence_date }
    required: false
  - name: months
    type: int
    label: Months shown
    description: How many calendar months to show, ending with period_end's month.
    default: 36
    required: false
    min: 1
    max: 240
tables:
  - table: offences
    columns: [crime_id, offence_date, serious_violence]
chart:
  type: line
  x: month
  y: offences
  xTitle: Month
  yTitle: Serious-violence offences
count_columns: [offences, rolling_12]
row_level: false
disclosure:
  dimensions: [month]
  # rolling_12 is a count (a sum of monthly counts) and is suppressed as one; the differences of
  # consecutive rolling totals give months back (with the months before the window), so it is
  # hidden in every row as soon as a monthly count is. Under round to base 5 it is rounded like
  # every count. Residual risk: each table is protected on its own - another export of the same
  # 12 months (trend's current period) can still be set against these months.
  derived_all: [rolling_12]

DEFINITION
Spec: shared/spec/query-library.md, entry 8, and "Definitions that hold for every entry".

Window: the `months` calendar months ending with the month of period_end, e.g. months = 36 and
period_end 2024-12-31 show 2022-01 to 2024-12. Every month is listed, zeros included, oldest
first, labelled `YYYY-MM`.

offences: serious-violence offences (serious_violence = true, each crime_id once) dated in that
calendar month and not after period_end.

rolling_12: the sum of offences over the 12 calendar months ending with that month (the month
itself and the 11 before), counting data from before the window.

Decisions where the spec is silent:
- Nothing after period_end is counted: when period_end is not the last day of its month, the
  last month (and the rolling totals that include it) holds only the days up to period_end.
- rolling_12 is null where its 12 months reach before the month of the earliest offence_date in
  offences (any offence, serious or not), because the data cannot show those months; months
  inside the data with no offences count as 0.
- An offence whose serious_violence is blank is not serious violence. A crime_id listed more
  than once is counted once (at its earliest offence_date).
*/
WITH
bounds AS (
    SELECT
        CAST(date_trunc('month', $period_end) AS DATE) AS last_month,
        CAST(date_trunc('month', $period_end) - INTERVAL ($months - 1) MONTH AS DATE) AS first_month,
        (SELECT CAST(date_trunc('month', min(offence_date)) AS DATE) FROM offences) AS data_from
),

serious AS (
    SELECT o.crime_id, min(o.offence_date) AS offence_date
    FROM offences AS o
    WHERE coalesce(o.serious_violence, false)
      AND o.crime_id IS NOT NULL
    GROUP BY o.crime_id
),

per_month AS (
    SELECT CAST(date_trunc('month', s.offence_date) AS DATE) AS month, count(*) AS offences
    FROM serious AS s, bounds AS b
    WHERE s.offence_date <= $period_end
      AND s.offence_date >= CAST(b.first_month - INTERVAL 11 MONTH AS DATE)
    GROUP BY 1
),

calendar AS (
    SELECT CAST(b.first_month + INTERVAL (i) MONTH AS DATE) AS month
    FROM bounds AS b, range(0, $months) AS r(i)
),

counted AS (
    SELECT
        c.month,
        coalesce(p.offences, 0) AS offences,
        (SELECT coalesce(sum(q.offences), 0)
         FROM per_month AS q
         WHERE q.month > CAST(c.month - INTERVAL 12 MONTH AS DATE)
           AND q.month <= c.month) AS rolling_12
    FROM calendar AS c
    LEFT JOIN per_month AS p ON p.month = c.month
)

SELECT
    strftime(c.month, '%Y-%m') AS month,
    c.offences,
    CASE WHEN CAST(c.month - INTERVAL 11 MONTH AS DATE) >= b.data_from THEN c.rolling_12 END AS rolling_12
FROM counted AS c, bounds AS b
ORDER BY c.month
