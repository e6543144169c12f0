/*
id: prolific-offenders
title: Prolific violent offenders
description: >-
  A cohort list of the persons linked as a suspect to at least a given number of violence,
  weapon-possession or public-order offences in the period (36 months by default), most
  offences first.
theme: Offenders
version: 1.0.0
parameters:
  - use: period_end_offences
  - name: period_months
    type: int
    label: Period length (months)
    description: The period is the months ending on period_end, i.e. (period_end − months, period_end].
    default: 36
    required: false
    min: 1
    max: 120
  - name: min_offences
    type: int
    label: Minimum offences
    description: >-
      A person is listed when linked as a suspect to at least this many offences of the three
      groups in the period.
    default: 10
    required: false
    min: 1
    max: 1000
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_group, domestic]
  - table: suspects
    columns: [crime_id, person_id]
chart:
  type: ranked_bar
  x: person_id
  y: offences
  xTitle: Person
  yTitle: Offences as a suspect
count_columns: [offences, domestic_offences]
row_level: true
disclosure:
  # A row-level list (one row per person): personal data, never suppressed; exported only after
  # the analyst confirms it. The block is here for completeness.
  dimensions: [person_id]
  derived: [first_offence, last_offence]

DEFINITION
Spec: shared/spec/query-library.md, entry 3, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end], 36 months by default: an offence dated
exactly period_months before period_end is outside P, one dated on period_end is inside.
"N months before" a date clamps to the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Offences counted: offences dated in P whose offence_group is one of 'Violence against the
person', 'Possession of weapons offences', 'Public order offences' (canonical spellings).

Cohort: every person (suspects.person_id) linked as a suspect to at least min_offences such
offences. One row per person (a cohort list: personal data).

Columns: person_id; offences (the number of such offences they are a suspect of);
domestic_offences (how many of those have domestic = true); first_offence, last_offence (the
earliest and latest offence_date among them). Rows: most offences first.

Decisions where the spec is silent:
- Offences are counted by distinct crime_id: a person recorded twice as a suspect of the same
  crime counts it once.
- The serious_violence flag plays no part: the three offence groups decide (a serious-violence
  robbery is not counted; a violence offence not flagged serious is).
- domestic_offences counts domestic = true only; a blank flag counts as not domestic here (the
  offence still counts in offences).
- Suspect rows with a blank person_id are left out; a suspect row whose crime_id has no row in
  offences is ignored.
- Order: offences descending, then person_id ascending, so equal counts list in a fixed order.
- No area filter: every suspect is listed wherever they live.
- When nobody reaches min_offences the list is empty (no rows).
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

linked AS (
    SELECT DISTINCT
        s.person_id,
        o.crime_id,
        o.offence_date,
        coalesce(o.domestic, false) AS domestic
    FROM suspects AS s
    JOIN offences AS o ON o.crime_id = s.crime_id
    CROSS JOIN period AS p
    WHERE s.person_id IS NOT NULL
      AND o.offence_group IN (
          'Violence against the person',
          'Possession of weapons offences',
          'Public order offences'
      )
      AND o.offence_date > p.starts_after
      AND o.offence_date <= p.ends_on
),

persons AS (
    SELECT
        person_id,
        count(DISTINCT crime_id) AS offences,
        count(DISTINCT crime_id) FILTER (WHERE domestic) AS domestic_offences,
        min(offence_date) AS first_offence,
        max(offence_date) AS last_offence
    FROM linked
    GROUP BY person_id
)

SELECT person_id, offences, domestic_offences, first_offence, last_offence
FROM persons
WHERE offences >= $min_offences
ORDER BY offences DESC, person_id
