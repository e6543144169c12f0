/*
id: weapons-by-age
title: Knife involvement by age
description: >-
  The share of serious-violence offences in the period that involved a knife or sharp
  instrument: for all offences, offences with a victim or suspect under 18, offences with a
  victim or suspect aged 18 to 25, and domestic offences.
theme: Offenders
version: 1.0.0
parameters:
  - use: period_end_offences
  - name: period_months
    type: int
    label: Period length (months)
    description: The period is the months ending on period_end, i.e. (period_end − months, period_end].
    default: 12
    required: false
    min: 1
    max: 120
tables:
  - table: offences
    columns: [crime_id, offence_date, serious_violence, domestic, weapon]
  - table: victims
    columns: [crime_id, age]
  - table: suspects
    columns: [crime_id, age]
chart:
  type: bar
  x: group
  y: pct
  errorLow: ci_low
  errorHigh: ci_high
  xTitle: Serious-violence offences
  yTitle: Involving a knife (%)
count_columns: [offences, knife_offences]
row_level: false
disclosure:
  # The groups overlap (All holds the others, which are not a breakdown of it): All is still
  # taken as their total, which only ever hides more.
  dimensions: [group]
  totals: { group: All }
  derived: [pct, ci_low, ci_high]

DEFINITION
Spec: shared/spec/query-library.md, entry 11, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an offence dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" a date
clamps to the month's end as DuckDB's `date - INTERVAL n MONTH` does.

Offences: every offence with serious_violence = true dated in P, counted once each (by
crime_id). Knife offences: those with weapon = 'knife' (knife or sharp/bladed instrument, the
canonical spelling). Offences with weapon blank (or any other value) stay in the denominator
and are not knife offences.

Groups (always listed, in this order, zeros included):
- All: every such offence;
- Victim or suspect under 18: offences with at least one victim or suspect aged 17 or under
  (age at the offence, on the victims/suspects row);
- Victim or suspect 18-25: offences with at least one victim or suspect aged 18 to 25, both
  ages included;
- Domestic: offences with domestic = true. A blank domestic flag counts in All only.
An offence can be in both age groups (e.g. a 16-year-old victim and a 19-year-old suspect).

Columns: group; offences; knife_offences; pct = 100 × knife_offences / offences (null when
offences is 0); ci_low, ci_high = Wilson score 95% interval of that percentage
(z = 1.959964), on the same 0–100 scale, null when offences is 0.

Decisions where the spec is silent:
- The unit is the offence, not the person, so victim and suspect rows count for age whether or
  not their person_id is blank, and several young people on one offence count it once.
- A victim or suspect with a blank age puts the offence in no age group; an offence whose
  people all have a blank age (or that has none) is in All (and Domestic if flagged) only.
  There is no Unknown row: the four groups are not a breakdown of the offences, so an Unknown
  age row would not complete them.
- Ages below 0 cannot be an age and are ignored; "under 18" is age 0 to 17.
- weapon is matched exactly as 'knife'; the import mapping translates local codes (e.g.
  "Knife/sharp instrument") to it.
- An offence whose serious_violence is blank is not serious violence and is not counted.
- No area filter: every serious-violence offence recorded in the data counts.
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

sv_offences AS (
    SELECT DISTINCT
        o.crime_id,
        coalesce(o.weapon = 'knife', false) AS knife,
        o.domestic
    FROM offences AS o, period AS p
    WHERE o.serious_violence
      AND o.offence_date > p.starts_after
      AND o.offence_date <= p.ends_on
),

people AS (
    SELECT crime_id, age FROM victims WHERE age >= 0
    UNION ALL
    SELECT crime_id, age FROM suspects WHERE age >= 0
),

ages AS (
    SELECT
        crime_id,
        bool_or(age <= 17) AS under_18,
        bool_or(age BETWEEN 18 AND 25) AS aged_18_25
    FROM people
    GROUP BY crime_id
),

flagged AS (
    SELECT
        o.crime_id,
        o.knife,
        coalesce(o.domestic, false) AS domestic,
        coalesce(a.under_18, false) AS under_18,
        coalesce(a.aged_18_25, false) AS aged_18_25
    FROM sv_offences AS o
    LEFT JOIN ages AS a ON a.crime_id = o.crime_id
),

groups (ord, name) AS (
    VALUES
        (1, 'All'),
        (2, 'Victim or suspect under 18'),
        (3, 'Victim or suspect 18-25'),
        (4, 'Domestic')
),

counts AS (
    SELECT
        g.ord,
        g.name,
        count(f.crime_id) AS offences,
        count(f.crime_id) FILTER (WHERE f.knife) AS knife_offences
    FROM groups AS g
    LEFT JOIN flagged AS f
        ON g.ord = 1
        OR (g.ord = 2 AND f.under_18)
        OR (g.ord = 3 AND f.aged_18_25)
        OR (g.ord = 4 AND f.domestic)
    GROUP BY g.ord, g.name
)

SELECT
    name AS "group",
    offences,
    knife_offences,
    CASE WHEN offences > 0 THEN 100 * CAST(knife_offences AS DOUBLE) / offences END AS pct,
    100 * sv_wilson_low(knife_offences, offences) AS ci_low,
    100 * sv_wilson_high(knife_offences, offences) AS ci_high
FROM counts
ORDER BY ord
