/*
id: time-of-week
title: Serious violence by day and hour
description: >-
  Serious-violence offences in a local authority in the period by day of the week and hour of
  the day, for a heatmap of when violence happens.
theme: Places
version: 1.0.0
parameters:
  - use: period_end_offences
  - use: period_months
  - name: area
    type: text
    label: Area (LA code)
    description: >-
      Local authority code where the offences happened (by the offence's lsoa_code), e.g.
      E08000003. Default - the only area in the population table when it holds one; otherwise
      required.
    default: null
    default_from: { only: population.area }
    values_from: population.area
    required: false
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence, lsoa_code]
  - table: lsoa_lookup
    columns: [lsoa11_code, lsoa21_code, lad22_code]
  - table: population
    columns: [area]
chart:
  type: heatmap
  x: hour
  y: offences
  series: day_of_week
  xTitle: Hour of the day
  yTitle: Day of the week
count_columns: [offences]
row_level: false
disclosure:
  # 7 days × 24 hours (+ an unknown hour per day): every day and every hour adds up to a total
  # taken as knowable.
  dimensions: [day_of_week, hour]

DEFINITION
Spec: shared/spec/query-library.md, entry 9, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an offence dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" clamps to
the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Offences counted: serious-violence offences (serious_violence = true, each crime_id once) dated
in P that happened in `area`: their lsoa_code is an LSOA of that local authority in
lsoa_lookup (as an LSOA 2011 code or an LSOA 2021 code; lad22_code = area).

Rows: every day Mon, Tue, Wed, Thu, Fri, Sat, Sun (the ISO week, Monday first) × every hour 0
to 23 (168 rows, zeros included), then for each day a row with hour null for offences whose
offence_hour is blank (7 rows). day_of_week is from offence_date; hour is offence_hour.

Decisions where the spec is silent:
- `area` is a local-authority code like everywhere else in the library (not the partnership
  sub-area in offences.area); offences carry no LA code, so the LA is found from the offence's
  lsoa_code through lsoa_lookup. Offences with a blank lsoa_code, or one not in lsoa_lookup,
  are in no area and are not counted.
- The unknown hour is shown as hour null (one row per day, after hour 23) rather than a text
  `Unknown`, so hour stays a number for the heatmap. The day is never unknown (offence_date is
  required).
- An offence_hour outside 0-23 is treated as blank (the unknown-hour row).
- An offence whose serious_violence is blank is not serious violence. A crime_id listed more
  than once is counted once (its row with the earliest offence_date, then earliest hour).
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

area_lsoas AS (
    SELECT lsoa11_code AS lsoa_code FROM lsoa_lookup WHERE lad22_code = $area
    UNION
    SELECT lsoa21_code FROM lsoa_lookup WHERE lad22_code = $area
),

serious AS (
    SELECT o.crime_id, o.offence_date, o.offence_hour, o.lsoa_code
    FROM offences AS o
    WHERE coalesce(o.serious_violence, false)
      AND o.crime_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY o.crime_id
        ORDER BY o.offence_date, o.offence_hour NULLS LAST, o.lsoa_code NULLS LAST
    ) = 1
),

in_area AS (
    SELECT
        isodow(s.offence_date) AS dow,
        CASE WHEN s.offence_hour BETWEEN 0 AND 23 THEN s.offence_hour END AS hour
    FROM serious AS s, period AS p
    WHERE s.offence_date > p.starts_after
      AND s.offence_date <= p.ends_on
      AND s.lsoa_code IN (SELECT lsoa_code FROM area_lsoas)
),

days (dow, name) AS (
    VALUES (1, 'Mon'), (2, 'Tue'), (3, 'Wed'), (4, 'Thu'), (5, 'Fri'), (6, 'Sat'), (7, 'Sun')
),

hours AS (
    SELECT CAST(h AS INTEGER) AS hour FROM range(0, 24) AS r(h)
    UNION ALL
    SELECT CAST(NULL AS INTEGER)
),

grid AS (
    SELECT d.dow, d.name, h.hour
    FROM days AS d, hours AS h
)

SELECT
    g.name AS day_of_week,
    g.hour,
    (SELECT count(*)
     FROM in_area AS a
     WHERE a.dow = g.dow
       AND a.hour IS NOT DISTINCT FROM g.hour) AS offences
FROM grid AS g
ORDER BY g.dow, g.hour NULLS LAST
