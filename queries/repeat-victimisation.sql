/*
id: repeat-victimisation
title: Repeat victimisation
description: >-
  Victims of serious violence in the period, and how many of them had already been a victim
  of violence (serious or not) in the months before, for all victims and split by whether
  their first serious-violence offence in the period was flagged domestic.
theme: Victims
version: 1.0.0
parameters:
  - use: period_end_offences
  - use: period_months
  - name: lookback_months
    type: int
    label: Look-back (months)
    description: >-
      How far before each victim's first serious-violence victimisation in the period to look
      for an earlier victimisation of violence.
    default: 12
    required: false
    min: 1
    max: 120
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, offence_group, serious_violence, domestic]
  - table: victims
    columns: [crime_id, person_id]
chart:
  type: bar
  x: group
  y: pct
  errorLow: ci_low
  errorHigh: ci_high
  xTitle: Victims
  yTitle: Repeat victims (%)
count_columns: [victims, repeat_victims]
row_level: false
disclosure:
  dimensions: [group]
  totals: { group: All }
  derived: [pct, ci_low, ci_high]

DEFINITION
Spec: shared/spec/query-library.md, entry 1, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]: an offence dated exactly period_months
before period_end is outside P, one dated on period_end is inside. "N months before" a date
clamps to the month's end as DuckDB's `date - INTERVAL n MONTH` does (2025-03-31 − 1 month =
2025-02-28).

Cohort: every person (distinct victims.person_id) who is a victim of an offence with
serious_violence = true dated in P.

First event: each victim's earliest such victimisation in P — earliest offence_date, then
earliest offence_hour (blank hour last), then smallest crime_id.

Repeat victim: a victim with at least one victimisation of violence dated in the look-back
[F − lookback_months, F), where F is the date of their first event. Violence means
offence_group = 'Violence against the person' OR serious_violence = true (canonical data model).
The look-back starts on the day exactly lookback_months before F (that day counts) and ends the
day before F: another victimisation on F itself is never prior, whatever its hour.

Groups: All (every victim in the cohort); Domestic (first event's domestic flag true);
Non-domestic (flag false). A blank flag counts in All only. All three rows are always listed,
with zeros.

Columns: group; victims (persons in the group); repeat_victims; pct = 100 × repeat_victims /
victims (null when victims is 0); ci_low, ci_high = Wilson score 95% interval of that
percentage (z = 1.959964), on the same 0–100 scale, null when victims is 0.

Decisions where the spec is silent:
- Victim rows with a blank person_id cannot be counted as persons and are left out, both from
  the cohort and from the look-back.
- The look-back counts victimisations of violence only (offence_group 'Violence against the
  person' or serious violence), including serious-violence offences before P; any other group
  (e.g. robbery not flagged serious) does not make a repeat victim.
- A look-back that reaches back before the earliest data simply finds fewer earlier
  victimisations: no victim is left out for it.
- An offence whose serious_violence is blank is not serious violence (it can still be violence
  by its offence_group).
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

victimisations AS (
    SELECT
        v.person_id,
        o.crime_id,
        o.offence_date,
        o.offence_hour,
        o.domestic,
        coalesce(o.serious_violence, false) AS serious,
        coalesce(o.serious_violence, false)
            OR coalesce(o.offence_group = 'Violence against the person', false) AS violence
    FROM victims AS v
    JOIN offences AS o ON o.crime_id = v.crime_id
    WHERE v.person_id IS NOT NULL
),

first_in_period AS (
    SELECT x.person_id, x.offence_date AS first_date, x.domestic
    FROM victimisations AS x, period AS p
    WHERE x.serious
      AND x.offence_date > p.starts_after
      AND x.offence_date <= p.ends_on
    QUALIFY row_number() OVER (
        PARTITION BY x.person_id
        ORDER BY x.offence_date, x.offence_hour NULLS LAST, x.crime_id
    ) = 1
),

cohort AS (
    SELECT
        f.person_id,
        f.domestic,
        EXISTS (
            SELECT 1
            FROM victimisations AS earlier
            WHERE earlier.person_id = f.person_id
              AND earlier.violence
              AND earlier.offence_date >= CAST(f.first_date - INTERVAL ($lookback_months) MONTH AS DATE)
              AND earlier.offence_date < f.first_date
        ) AS is_repeat
    FROM first_in_period AS f
),

groups (ord, name) AS (
    VALUES (1, 'All'), (2, 'Domestic'), (3, 'Non-domestic')
),

counts AS (
    SELECT
        g.ord,
        g.name,
        count(c.person_id) AS victims,
        count(c.person_id) FILTER (WHERE c.is_repeat) AS repeat_victims
    FROM groups AS g
    LEFT JOIN cohort AS c
        ON g.name = 'All'
        OR (g.name = 'Domestic' AND c.domestic)
        OR (g.name = 'Non-domestic' AND NOT c.domestic)
    GROUP BY g.ord, g.name
)

SELECT
    name AS "group",
    victims,
    repeat_victims,
    CASE WHEN victims > 0 THEN 100 * CAST(repeat_victims AS DOUBLE) / victims END AS pct,
    100 * sv_wilson_low(repeat_victims, victims) AS ci_low,
    100 * sv_wilson_high(repeat_victims, victims) AS ci_high
FROM counts
ORDER BY ord
