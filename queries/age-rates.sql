/*
id: age-rates
title: Rates by age and sex
description: >-
  Residents of an area who were victims or suspects of serious violence (or A&E assault
  patients) in the period, per 1,000 residents of the same age band and sex, with 95%
  confidence intervals, marking the age band most at risk.
theme: Victims
version: 1.1.0
parameters:
  - use: period_end_by_source
  - use: period_months
  - use: source
  - use: area_residents
  - name: bands
    type: list
    label: Age bands
    description: >-
      Comma-separated age bands, each lower-upper (both ages included) or lower+ (that age and
      over), listed in the order they should appear.
    default: 0-9,10-13,14-17,18-24,25-34,35-49,50-64,65+
    required: false
    pattern: '^\d{1,3}(-\d{1,3}|\+)$'
    pattern_hint: an age band is written like 10-17 or 65+
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence]
    when: { source: [victims, suspects] }
  - table: victims
    columns: [crime_id, person_id, age, sex, home_lad]
    when: { source: victims }
  - table: suspects
    columns: [crime_id, person_id, age, sex, home_lad]
    when: { source: suspects }
  - table: ae_attendances
    columns: [attendance_id, attendance_date, patient_id, age, sex, home_lad, assault]
    when: { source: ae }
  - table: population
    columns: [area, year, sex, age, ethnicity, population]
chart:
  type: bar
  x: age_band
  y: rate_per_1000
  series: sex
  errorLow: ci_low
  errorHigh: ci_high
  xTitle: Age band
  yTitle: Persons per 1,000 population
count_columns: [persons]
row_level: false
disclosure:
  dimensions: [sex, age_band]
  totals: { sex: All }
  derived: [rate_per_1000, ci_low, ci_high]
  # highest compares the rates of every band of its sex, so it can tell a hidden band's rate is
  # the top one: hidden in every row once any count is hidden.
  derived_all: [highest]
  # Published population (rates × population / 1000 would give persons back: rates are derived).
  public: [population]

DEFINITION
Spec: shared/spec/query-library.md, entry 4, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]; "N months before" clamps to the month's
end as DuckDB's `date - INTERVAL n MONTH` does.

Cohort, by `source`:
- victims: persons (victims.person_id) who were victims of an offence with
  serious_violence = true dated (offence_date) in P;
- suspects: the same with suspects.person_id;
- ae: patients (ae_attendances.patient_id) with an attendance where assault = true dated
  (attendance_date) in P.
Each person's first event is their earliest qualifying event in P: earliest date, then
earliest offence_hour (blank last), then smallest crime_id. Age, sex and home_lad are taken
from that event. Residents of `area` are persons whose home_lad on that first event is `area`;
only residents are counted.

Rows: for each sex - All, M, F, in that order - one row per age band in the order given, then
an `Unknown` row for residents whose age on their first event is blank. Every row is listed,
zeros included.

persons: residents of that sex whose age on their first event is in the band (both ends
included; `65+` means 65 and over). All counts every resident whatever their sex (M, F, X or
blank); M and F count residents recorded with that sex.

population: from `population`, the latest year not after the year of period_end among the
area's rows with blank ethnicity; the sum over the band's single years of age, for that sex
(M + F for All). Age 90 in `population` means 90 and over.

rate_per_1000 = 1000 × persons / population. ci_low, ci_high: the 95% interval of the count
(exact Poisson limits when persons < 10, Byar's approximation when 10 or more) × 1000 /
population. highest: true for every band sharing the top rate within its sex.

Decisions where the spec is silent:
- ae has no hour and no crime_id: attendances on the same date are ordered by smallest
  attendance_id.
- If a person appears more than once on the same crime (duplicate rows), one row is their
  first event for every entry alike: smallest age, then sex, ethnicity, home_lad, home_lsoa
  (blanks last), so results do not depend on row order and a person's attributes never differ
  between entries (queries/macros/first-events.sql).
- Rows with a blank person_id (patient_id) are left out. A person whose home_lad is blank on
  their first event is not a resident of any area.
- The Unknown row holds persons with a blank age only. It has no population, so its
  population, rate and interval are null.
- An age that falls in no band (a gap or a range above the last band the analyst listed) is
  counted in no row. Overlapping bands each count the person.
- Population ages are matched as published: the age-90 row (90 and over) is part of any band
  that contains 90, so `85-94` uses the whole 90+ population; a band entirely above 90 finds
  no population rows. A band with population 0 (or no rows) has population 0 and a null rate
  and interval.
- If the area has no population rows (blank ethnicity) for any year up to period_end's year,
  population is null in every row, and so are the rates.
- Bands with 0 persons have rate 0 and the exact interval for 0 (upper limit 3.689 × 1000 /
  population).
- highest is a flag, never null: true only on the bands sharing the top rate of their sex;
  false where there is no rate (Unknown, no population) and for every band when the top rate
  is 0 (no band stands out).
- A band written with its lower age above its upper age (e.g. 20-10) stops the run with an
  error.
*/
WITH
first_event AS (
    -- Each person's first qualifying event in P, one definition for every entry
    -- (queries/macros/first-events.sql).
    SELECT f.person_id, f.age, f.sex, f.home_lad
    FROM sv_first_events($source, $period_end, $period_months) AS f
),

residents AS (
    SELECT person_id, age, sex
    FROM first_event
    WHERE home_lad = $area
),

band_list AS (
    SELECT generate_subscripts($bands, 1) AS ord, unnest($bands) AS label
),

bands AS (
    SELECT
        ord,
        label,
        CAST(regexp_extract(label, '^(\d+)', 1) AS INTEGER) AS lo,
        CASE WHEN label LIKE '%+' THEN NULL
             ELSE CAST(regexp_extract(label, '-(\d+)$', 1) AS INTEGER) END AS hi
    FROM band_list
),

checked_bands AS (
    SELECT *
    FROM bands
    WHERE CASE WHEN hi < lo
               THEN error('age band ' || label || ': the lower age is above the upper age')
               ELSE true END
),

population_year AS (
    SELECT max(year) AS year
    FROM population
    WHERE area = $area
      AND year <= year($period_end)
      AND coalesce(ethnicity, '') = ''
),

area_population AS (
    SELECT p.sex, p.age, p.population
    FROM population AS p, population_year AS y
    WHERE p.area = $area
      AND p.year = y.year
      AND coalesce(p.ethnicity, '') = ''
      AND p.sex IN ('M', 'F')
),

sexes (ord, sex) AS (
    VALUES (1, 'All'), (2, 'M'), (3, 'F')
),

grid AS (
    SELECT s.ord AS sex_ord, s.sex, b.ord AS band_ord, b.label, b.lo, b.hi, false AS unknown_age
    FROM sexes AS s, checked_bands AS b
    UNION ALL
    SELECT s.ord, s.sex, (SELECT count(*) FROM checked_bands) + 1, 'Unknown', NULL, NULL, true
    FROM sexes AS s
),

counted AS (
    SELECT
        g.*,
        (SELECT count(*)
         FROM residents AS r
         WHERE (g.sex = 'All' OR r.sex = g.sex)
           AND CASE WHEN g.unknown_age THEN r.age IS NULL
                    ELSE r.age >= g.lo AND (g.hi IS NULL OR r.age <= g.hi) END
        ) AS persons,
        CASE WHEN NOT g.unknown_age AND (SELECT year FROM population_year) IS NOT NULL THEN
            (SELECT coalesce(sum(a.population), 0)
             FROM area_population AS a
             WHERE (g.sex = 'All' OR a.sex = g.sex)
               AND a.age >= g.lo AND (g.hi IS NULL OR a.age <= g.hi))
        END AS population
    FROM grid AS g
),

rated AS (
    SELECT
        *,
        CASE WHEN population > 0 THEN 1000 * CAST(persons AS DOUBLE) / population END AS rate
    FROM counted
)

SELECT
    sex,
    label AS age_band,
    persons,
    CAST(population AS DOUBLE) AS population,
    rate AS rate_per_1000,
    CASE WHEN population > 0 THEN 1000 * sv_poisson_low(persons) / population END AS ci_low,
    CASE WHEN population > 0 THEN 1000 * sv_poisson_high(persons) / population END AS ci_high,
    coalesce(rate = max(rate) OVER (PARTITION BY sex) AND rate > 0, false) AS highest
FROM rated
ORDER BY sex_ord, band_ord
