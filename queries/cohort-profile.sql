/*
id: cohort-profile
title: Cohort profile
description: >-
  Victims or suspects of serious violence (or A&E assault patients) in the period, broken
  down by sex, age band or ethnicity, with each group's share of the cohort.
theme: Victims
version: 1.1.0
parameters:
  - use: period_end_by_source
  - use: period_months
  - use: source
  - name: by
    type: enum
    label: Break down by
    description: >-
      sex (M, F, X), age band (0-9, 10-13, 14-17, 18-24, 25-34, 35-49, 50-64, 65+) or ethnicity
      (White, Asian, Black, Mixed, Other), each with an Unknown row.
    default: sex
    required: false
    options: [sex, age_band, ethnicity]
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence]
    when: { source: [victims, suspects] }
  - table: victims
    columns: [crime_id, person_id, age, sex, ethnicity]
    when: { source: victims }
  - table: suspects
    columns: [crime_id, person_id, age, sex, ethnicity]
    when: { source: suspects }
  - table: ae_attendances
    columns: [attendance_id, attendance_date, patient_id, age, sex, ethnicity, assault]
    when: { source: ae }
chart:
  type: bar
  x: value
  y: pct
  xTitle: Group
  yTitle: Persons (%)
count_columns: [persons]
row_level: false
disclosure:
  dimensions: [value]
  # pct shares the cohort total, so that total is knowable: the rows are one line.
  derived: [pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 15, and "Definitions that hold for every entry".

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
then smallest crime_id. Sex, age and ethnicity are the values on that first event.

Rows, by `by`, always all listed in this order, zeros included:
- sex: M, F, X, Unknown;
- age_band: 0-9, 10-13, 14-17, 18-24, 25-34, 35-49, 50-64, 65+ (both ages included; 65+ is
  65 and over), Unknown;
- ethnicity: White, Asian, Black, Mixed, Other, Unknown.
value is the row's label; persons the persons in it; pct = 100 × persons / all persons in the
cohort (Unknown included), null when the cohort is empty. The rows add up to the cohort.

Decisions where the spec is silent:
- The cohort is not restricted to residents of any area (the entry has no `area`): everyone
  in the source's cohort is profiled.
- The age bands are fixed, the defaults of age-rates (the contract gives this entry no bands
  parameter).
- Unknown holds the blank values, and also any value that is not a canonical spelling (a sex
  other than M/F/X, an ethnicity other than the five ONS groups, a negative age), so that
  every person is in exactly one row.
- ae has no hour and no crime_id: attendances on the same date are ordered by smallest
  attendance_id.
- If a person appears more than once on the same crime (duplicate rows), one row is their
  first event for every entry alike: smallest age, then sex, ethnicity, home_lad, home_lsoa
  (blanks last), so results do not depend on row order and a person's attributes never differ
  between entries (queries/macros/first-events.sql).
- Rows with a blank person_id (patient_id) are left out. An offence or attendance whose
  serious_violence (assault) is blank does not qualify.
- No interval is given: the contract's columns for this entry are value, persons, pct.
*/
WITH
first_event AS (
    -- Each person's first qualifying event in P, one definition for every entry
    -- (queries/macros/first-events.sql).
    SELECT f.person_id, f.age, f.sex, f.ethnicity
    FROM sv_first_events($source, $period_end, $period_months) AS f
),

labels (dimension, ord, label, lo, hi) AS (
    VALUES
        ('sex', 1, 'M', NULL, NULL),
        ('sex', 2, 'F', NULL, NULL),
        ('sex', 3, 'X', NULL, NULL),
        ('age_band', 1, '0-9', 0, 9),
        ('age_band', 2, '10-13', 10, 13),
        ('age_band', 3, '14-17', 14, 17),
        ('age_band', 4, '18-24', 18, 24),
        ('age_band', 5, '25-34', 25, 34),
        ('age_band', 6, '35-49', 35, 49),
        ('age_band', 7, '50-64', 50, 64),
        ('age_band', 8, '65+', 65, NULL),
        ('ethnicity', 1, 'White', NULL, NULL),
        ('ethnicity', 2, 'Asian', NULL, NULL),
        ('ethnicity', 3, 'Black', NULL, NULL),
        ('ethnicity', 4, 'Mixed', NULL, NULL),
        ('ethnicity', 5, 'Other', NULL, NULL),
        ('sex', 99, 'Unknown', NULL, NULL),
        ('age_band', 99, 'Unknown', NULL, NULL),
        ('ethnicity', 99, 'Unknown', NULL, NULL)
),

rows_wanted AS (
    SELECT ord, label, lo, hi
    FROM labels
    WHERE dimension = $by
),

classified AS (
    SELECT
        f.person_id,
        coalesce(
            (SELECT w.label
             FROM rows_wanted AS w
             WHERE w.label <> 'Unknown'
               AND CASE $by
                       WHEN 'sex' THEN f.sex = w.label
                       WHEN 'ethnicity' THEN f.ethnicity = w.label
                       ELSE f.age >= w.lo AND (w.hi IS NULL OR f.age <= w.hi)
                   END
             ORDER BY w.ord
             LIMIT 1),
            'Unknown'
        ) AS label
    FROM first_event AS f
),

counts AS (
    SELECT w.ord, w.label, count(c.person_id) AS persons
    FROM rows_wanted AS w
    LEFT JOIN classified AS c ON c.label = w.label
    GROUP BY w.ord, w.label
)

SELECT
    label AS value,
    persons,
    CASE WHEN sum(persons) OVER () > 0
         THEN 100 * CAST(persons AS DOUBLE) / sum(persons) OVER () END AS pct
FROM counts
ORDER BY ord
