/*
id: deprivation
title: Deprivation of where victims or suspects live
description: >-
  Residents of an area who were victims or suspects of serious violence (or A&E assault
  patients) in the period, by the IMD decile of their home LSOA, against the share of the
  area's LSOAs (or of its population) in each decile.
theme: Places
version: 1.1.0
parameters:
  - use: period_end_by_source
  - use: period_months
  - use: source
  - use: area_residents
  - name: baseline
    type: enum
    label: Compare with
    description: >-
      lsoas - the share of the area's LSOAs in each decile; population - the share of the
      area's population (the population column of imd) living in LSOAs of each decile.
    default: lsoas
    required: false
    options: [lsoas, population]
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence]
    when: { source: [victims, suspects] }
  - table: victims
    columns: [crime_id, person_id, home_lsoa, home_lad]
    when: { source: victims }
  - table: suspects
    columns: [crime_id, person_id, home_lsoa, home_lad]
    when: { source: suspects }
  - table: ae_attendances
    columns: [attendance_id, attendance_date, patient_id, home_lsoa, home_lad, assault]
    when: { source: ae }
  - table: imd
    columns: [lsoa_code, lad_code, imd_decile]
  - table: imd
    columns: [population]
    when: { baseline: population }
  - table: population
    columns: [area]
chart:
  type: bar
  x: imd_decile
  y: pct
  valueColumns:
    - { column: pct, label: Cohort }
    - { column: baseline_pct, label: Baseline (LSOAs or population) }
  xTitle: IMD decile of home LSOA (1 = most deprived)
  yTitle: Share (%)
count_columns: [persons]
row_level: false
disclosure:
  dimensions: [imd_decile]
  derived: [pct, ratio]
  # The area's LSOAs (or population) by decile: reference data, not from the counts.
  public: [baseline_pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 6, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an event dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" clamps to
the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Cohort, by `source`:
- victims: persons (victims.person_id) who were victims of an offence with
  serious_violence = true dated (offence_date) in P;
- suspects: the same with suspects.person_id;
- ae: patients (ae_attendances.patient_id) with an attendance where assault = true dated
  (attendance_date) in P.
Each person's first event is their earliest qualifying event in P: earliest date, then
earliest offence_hour (blank last), then smallest crime_id. home_lad and home_lsoa are the
values on that first event. Residents of `area` are persons whose home_lad on that first
event is `area`; only residents are counted.

Decile: imd_decile of the resident's home_lsoa in the `imd` table (IoD2019, LSOA 2011;
1 = most deprived 10% nationally). Residents whose home_lsoa is blank or not in `imd` have no
decile and are left out of every row and of every denominator.

Rows: deciles 1 to 10, always all ten, zeros included.
- persons: residents whose home LSOA is in that decile.
- pct = 100 × persons / residents with a known decile (null when there are none).
- baseline_pct, with baseline = lsoas: 100 × the area's LSOAs (imd rows with lad_code =
  `area`) in that decile / all the area's LSOAs; with baseline = population: 100 × the sum of
  imd.population over the area's LSOAs in that decile / that sum over all the area's LSOAs.
- ratio = pct / baseline_pct: above 1, residents of that decile are over-represented. Null
  when baseline_pct is 0 or null, or pct is null.

Decisions where the spec is silent:
- The decile is looked up by home_lsoa alone, whatever the LSOA's lad_code in `imd`: a
  resident (home_lad = area) recorded with an LSOA of a neighbouring LA takes that LSOA's
  decile, while the baseline is only ever the area's own LSOAs.
- A home_lsoa that is not an LSOA 2011 code (e.g. a 2021 code new in 2021) finds no decile
  and is left out; it is not mapped through lsoa_lookup.
- With baseline = population, an LSOA whose population is blank counts 0. If the area has no
  LSOAs in `imd` (or, with baseline = population, no population), every baseline_pct and
  ratio is null.
- A person whose home_lad is blank on their first event is not a resident of any area, even
  if a later event gives a home.
- ae has no hour and no crime_id: attendances on the same date are ordered by smallest
  attendance_id.
- If a person appears more than once on the same crime (duplicate rows), one row is their
  first event for every entry alike: smallest age, then sex, ethnicity, home_lad, home_lsoa
  (blanks last), so results do not depend on row order and a person's attributes never differ
  between entries (queries/macros/first-events.sql).
- Rows with a blank person_id (patient_id) are left out. An offence or attendance whose
  serious_violence (assault) is blank does not qualify.
- If `imd` lists an LSOA more than once, its first row by smallest decile is used for the
  residents' decile; the baseline counts each listed row.
*/
WITH
first_event AS (
    -- Each person's first qualifying event in P, one definition for every entry
    -- (queries/macros/first-events.sql).
    SELECT f.person_id, f.home_lad, f.home_lsoa
    FROM sv_first_events($source, $period_end, $period_months) AS f
),

lsoa_decile AS (
    SELECT lsoa_code, imd_decile
    FROM imd
    WHERE lsoa_code IS NOT NULL AND imd_decile BETWEEN 1 AND 10
    QUALIFY row_number() OVER (PARTITION BY lsoa_code ORDER BY imd_decile) = 1
),

residents AS (
    SELECT f.person_id, d.imd_decile
    FROM first_event AS f
    JOIN lsoa_decile AS d ON d.lsoa_code = f.home_lsoa
    WHERE f.home_lad = $area
),

area_lsoas AS (
    SELECT
        imd_decile,
        CASE WHEN $baseline = 'population' THEN coalesce(CAST(population AS DOUBLE), 0)
             ELSE 1.0 END AS weight
    FROM imd
    WHERE lad_code = $area
),

deciles AS (
    SELECT unnest(range(1, 11)) AS imd_decile
),

counts AS (
    SELECT
        d.imd_decile,
        (SELECT count(*) FROM residents AS r WHERE r.imd_decile = d.imd_decile) AS persons,
        (SELECT coalesce(sum(a.weight), 0) FROM area_lsoas AS a WHERE a.imd_decile = d.imd_decile) AS baseline
    FROM deciles AS d
),

shares AS (
    SELECT
        imd_decile,
        persons,
        CASE WHEN sum(persons) OVER () > 0
             THEN 100 * CAST(persons AS DOUBLE) / sum(persons) OVER () END AS pct,
        CASE WHEN (SELECT sum(weight) FROM area_lsoas) > 0
             THEN 100 * baseline / (SELECT sum(weight) FROM area_lsoas) END AS baseline_pct
    FROM counts
)

SELECT
    CAST(imd_decile AS INTEGER) AS imd_decile,
    persons,
    pct,
    baseline_pct,
    CASE WHEN baseline_pct > 0 THEN pct / baseline_pct END AS ratio
FROM shares
ORDER BY imd_decile
