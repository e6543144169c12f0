/*
id: hotspots
title: Serious violence hotspots
description: >-
  The places with the most serious-violence offences in the period - named locations, beats,
  wards or LSOAs - ranked, with each place's share of all serious violence.
theme: Places
version: 1.0.0
parameters:
  - use: period_end_offences
  - use: period_months
  - name: level
    type: enum
    label: Place
    description: >-
      What a place is - location_name (a named place such as a square or a prison), beat, ward
      or lsoa_code, as recorded on the offence.
    default: location_name
    required: false
    options: [location_name, beat, ward, lsoa_code]
  - name: top
    type: int
    label: How many places
    description: Places ranked up to this rank are listed (every place tied at the last rank is kept).
    default: 20
    required: false
    min: 1
    max: 1000
tables:
  - table: offences
    columns: [crime_id, offence_date, serious_violence, location_name]
    when: { level: location_name }
  - table: offences
    columns: [crime_id, offence_date, serious_violence, beat]
    when: { level: beat }
  - table: offences
    columns: [crime_id, offence_date, serious_violence, ward]
    when: { level: ward }
  - table: offences
    columns: [crime_id, offence_date, serious_violence, lsoa_code]
    when: { level: lsoa_code }
chart:
  type: ranked_bar
  x: place
  y: offences
  xTitle: Place
  yTitle: Serious-violence offences
count_columns: [offences]
row_level: false
disclosure:
  dimensions: [place]
  derived: [pct]
  # rank counts the places with more offences, so ranks (ties) can tell a hidden count: hidden in
  # every row once any count is hidden. Residual risk: the rows stay in rank order, which bounds
  # a hidden count between its neighbours (never to one value on its own).
  derived_all: [rank]

DEFINITION
Spec: shared/spec/query-library.md, entry 10, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an offence dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" clamps to
the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Offences counted: serious-violence offences (serious_violence = true, each crime_id once) dated
in P. A place is the offence's value of the `level` column.

Rows: places ranked by offences, most first; rank = SQL RANK() (tied places share a rank and
the next rank is skipped); every place with rank ≤ top is listed, so a tie at the last rank can
list more than `top` places. Ties are listed in place order. Then a row `Unknown` with rank null
for offences whose place is blank, always listed (0 when there are none).

pct = 100 × offences / all serious-violence offences in P (blank places included), null when
there are none.

Decisions where the spec is silent:
- Blank places are never ranked: they are one place-less `Unknown` row after the ranked list,
  so the ranking compares real places only. A place literally named `Unknown` is ranked like
  any other.
- Place names are compared as recorded (after trimming spaces; an all-space value is blank):
  spelling variants are separate places; cleaning them is the import mapping's job.
- An offence whose serious_violence is blank is not serious violence. A crime_id listed more
  than once is counted once (its row with the earliest offence_date, then smallest place).
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

placed AS (
    SELECT
        o.crime_id,
        o.offence_date,
        nullif(trim(CASE $level
            WHEN 'location_name' THEN o.location_name
            WHEN 'beat' THEN o.beat
            WHEN 'ward' THEN o.ward
            WHEN 'lsoa_code' THEN o.lsoa_code
        END), '') AS place
    FROM offences AS o
    WHERE coalesce(o.serious_violence, false)
      AND o.crime_id IS NOT NULL
),

in_period AS (
    SELECT x.place
    FROM placed AS x, period AS p
    WHERE x.offence_date > p.starts_after
      AND x.offence_date <= p.ends_on
    QUALIFY row_number() OVER (PARTITION BY x.crime_id ORDER BY x.offence_date, x.place NULLS LAST) = 1
),

total AS (
    SELECT count(*) AS offences FROM in_period
),

ranked AS (
    SELECT place, count(*) AS offences, rank() OVER (ORDER BY count(*) DESC) AS rank
    FROM in_period
    WHERE place IS NOT NULL
    GROUP BY place
),

listed AS (
    SELECT 1 AS ord, place, offences, rank FROM ranked WHERE rank <= $top
    UNION ALL
    SELECT 2, 'Unknown', (SELECT count(*) FROM in_period WHERE place IS NULL), NULL
)

SELECT
    l.place,
    l.offences,
    CASE WHEN t.offences > 0 THEN 100 * CAST(l.offences AS DOUBLE) / t.offences END AS pct,
    l.rank
FROM listed AS l, total AS t
ORDER BY l.ord, l.rank, l.place
