/*
id: residence
title: Where victims or suspects live
description: >-
  Victims or suspects of serious violence (or A&E assault patients) in the period, by where
  they live: in the area, elsewhere in the region, outside the region, or not known.
theme: Places
version: 1.2.0
parameters:
  - use: period_end_by_source
  - use: period_months
  - use: source
  - name: area
    type: text
    label: Area (LA code)
    description: >-
      Local authority code counted as "In area" (home_lad), e.g. E08000003. Default - the only
      area in the population table when it holds one; otherwise required.
    default: null
    default_from: { only: population.area }
    values_from: population.area
    required: false
  - name: region
    type: list
    label: Region (LA codes)
    description: >-
      Comma-separated local authority codes making up the region, e.g. E08000001,E08000002.
      Default - every area in the population table. The area itself always counts as part of
      the region.
    default: null
    default_from: { all: population.area }
    required: false
    pattern: '^[A-Z]\d{8}$'
    pattern_hint: a region is a list of LA codes like E08000003
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence]
    when: { source: [victims, suspects] }
  - table: victims
    columns: [crime_id, person_id, home_lad]
    when: { source: victims }
  - table: suspects
    columns: [crime_id, person_id, home_lad]
    when: { source: suspects }
  - table: ae_attendances
    columns: [attendance_id, attendance_date, patient_id, home_lad, assault]
    when: { source: ae }
  - table: population
    columns: [area]
chart:
  type: bar
  x: residence
  y: pct
  xTitle: Where they live
  yTitle: Persons (%)
count_columns: [persons]
row_level: false
disclosure:
  dimensions: [residence]
  derived: [pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 12, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an event dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" clamps to
the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Cohort, by `source`:
- victims: persons (victims.person_id) who were victims of an offence with
  serious_violence = true dated (offence_date) in P;
- suspects: the same with suspects.person_id;
- ae: patients (ae_attendances.patient_id) with an attendance where assault = true dated
  (attendance_date) in P.
Every person in the cohort is counted once, wherever they live. Each person's first event is
their earliest qualifying event in P: earliest date, then earliest offence_hour (blank last),
then smallest crime_id. Where they live is home_lad on that first event.

Rows, always all four in this order, zeros included:
- In area: home_lad is `area`;
- Elsewhere in region: home_lad is one of the `region` codes, and not `area`;
- Outside region: home_lad is known and neither `area` nor in `region`;
- Unknown: home_lad blank on the first event.

persons: persons in the row. pct = 100 × persons / all persons in the cohort (Unknown
included); null when the cohort is empty.

Decisions where the spec is silent:
- `region` defaults to every distinct area in the population table (the spec's default), listed
  in the run's parameters. Codes given need not be in the population table (a neighbouring LA
  with no population rows is still part of the region).
- `area` always belongs to the region, whether or not `region` lists it; a person living in
  `area` is `In area`, never `Elsewhere in region`.
- A person whose home_lad is blank on their first event is `Unknown`, even if a later event
  gives a home. Any non-blank home_lad (whatever its spelling) is a place: it is compared with
  `area` and the region codes exactly as written.
- ae has no hour and no crime_id: attendances on the same date are ordered by smallest
  attendance_id.
- If a person appears more than once on the same crime (duplicate rows), one row is their
  first event for every entry alike: smallest age, then sex, ethnicity, home_lad, home_lsoa
  (blanks last), so results do not depend on row order and a person's attributes never differ
  between entries (queries/macros/first-events.sql).
- Rows with a blank person_id (patient_id) are left out. An offence or attendance whose
  serious_violence (assault) is blank does not qualify.
- No interval is given: the contract's columns for this entry are residence, persons, pct.
*/
WITH
first_event AS (
    -- Each person's first qualifying event in P, one definition for every entry
    -- (queries/macros/first-events.sql).
    SELECT f.person_id, f.home_lad
    FROM sv_first_events($source, $period_end, $period_months) AS f
),

region_areas AS (
    SELECT DISTINCT unnest($region) AS area
),

classified AS (
    SELECT
        f.person_id,
        CASE
            WHEN f.home_lad IS NULL THEN 'Unknown'
            WHEN f.home_lad = $area THEN 'In area'
            WHEN f.home_lad IN (SELECT area FROM region_areas) THEN 'Elsewhere in region'
            ELSE 'Outside region'
        END AS residence
    FROM first_event AS f
),

classes (ord, residence) AS (
    VALUES (1, 'In area'), (2, 'Elsewhere in region'), (3, 'Outside region'), (4, 'Unknown')
),

counts AS (
    SELECT k.ord, k.residence, count(c.person_id) AS persons
    FROM classes AS k
    LEFT JOIN classified AS c ON c.residence = k.residence
    GROUP BY k.ord, k.residence
)

SELECT
    residence,
    persons,
    CASE WHEN sum(persons) OVER () > 0
         THEN 100 * CAST(persons AS DOUBLE) / sum(persons) OVER () END AS pct
FROM counts
ORDER BY ord
