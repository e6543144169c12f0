/*
id: ooc-reoffending
title: Reoffending after out-of-court disposals
description: >-
  Children whose out-of-court disposal closed in the window, and how many of them offended
  again within the follow-up after that closure (and how soon), for all children and split by
  whether that disposal was successfully completed.
theme: Youth justice
version: 1.0.0
parameters:
  - name: closed_from
    type: date
    label: Closed from
    description: >-
      First closure date counted (included). Default - 12 months before closed_to.
    default: null
    default_from: { param: closed_to, minus_months: 12 }
    required: false
  - name: closed_to
    type: date
    label: Closed to
    description: >-
      Last closure date counted (included). Default - the latest yj_offences.offence_date minus
      follow_up_months, so that every child's follow-up is complete in the data.
    default: null
    default_from: { max: yj_offences.offence_date, minus_months: follow_up_months }
    required: false
  - name: follow_up_months
    type: int
    label: Follow-up (months)
    description: >-
      How long after each child's closure date to look for a further proven offence, i.e.
      (closure, closure + months].
    default: 12
    required: false
    min: 1
    max: 120
tables:
  - table: yj_disposals
    columns: [disposal_id, child_id, tier, end_date, completed]
  - table: yj_offences
    columns: [child_id, offence_date]
chart:
  type: bar
  x: group
  y: pct
  errorLow: ci_low
  errorHigh: ci_high
  xTitle: Children with a closed out-of-court disposal
  yTitle: Reoffended within follow-up (%)
count_columns: [children, reoffended, within_3m, within_3_6m]
row_level: false
disclosure:
  dimensions: [group]
  totals: { group: All }
  derived: [pct, ci_low, ci_high]

DEFINITION
Spec: shared/spec/query-library.md, entry 13, and "Definitions that hold for every entry".

Window: closures dated in [closed_from, closed_to], both days included. By default closed_to
is the latest yj_offences.offence_date minus follow_up_months and closed_from is 12 months
before closed_to, so the follow-up of every child in the window lies inside the data. "N months
before/after" a date clamps to the month's end as DuckDB's date ± INTERVAL n MONTH does
(2023-11-30 + 3 months = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28).

Cohort: every child (distinct yj_disposals.child_id) with a disposal whose tier is
`out_of_court` and whose end_date (closure) is in the window.

First closure C: each child's earliest such closure in the window - earliest end_date, then
smallest disposal_id. Follow-up starts there, and the child's group comes from that disposal.

Reoffended: the child has at least one yj_offences row dated in (C, C + follow_up_months]: an
offence on the closure date itself does not count, one on C + follow_up_months does. Any
proven offence counts, whatever its offence_group or serious_violence flag.

within_3m / within_3_6m: children whose first reoffence (their earliest offence in the
follow-up) is dated in (C, C + 3 months] / (C + 3 months, C + 6 months].

Groups: All (every child in the cohort); Successfully completed (completed = true on that
first disposal); Not completed (completed = false). A blank completed flag counts in All only.
All three rows are always listed, with zeros.

Columns: group; children; reoffended; pct = 100 × reoffended / children (null when children
is 0); ci_low, ci_high = Wilson score 95% interval of that percentage (z = 1.959964), on the
same 0–100 scale, null when children is 0; within_3m; within_3_6m.

Decisions where the spec is silent:
- closed_from is exactly 12 months before closed_to and both ends are included, so the default
  window holds 12 months and one day (the spec's wording taken literally).
- If yj_offences is empty there is no default closed_to: the run stops saying closed_to is
  required. A window with closed_from after closed_to counts nobody.
- Only the closure date decides: a disposal with a blank end_date (still open) is not closed
  and is left out; its start_date plays no part. Tier must be exactly `out_of_court`.
- Disposal and offence rows with a blank child_id are left out.
- Offences after C but before a later closure of the same child still count: the follow-up
  runs from the first closure in the window whatever happens after it. Closures before the
  window are ignored: a child whose first out-of-court closure ever is before closed_from is
  counted from their first closure inside the window.
- within_3m and within_3_6m only count reoffences inside the follow-up, so with
  follow_up_months below 6 the 3-6 month column only sees (C + 3m, C + follow_up_months].
  Children who first reoffended more than 6 months after C are in reoffended but in neither.
- Two rows with the same disposal_id and end_date for one child (duplicates) - the row with a
  known completed flag is used, false before true, so results do not depend on row order.
*/
WITH
closure_window AS (
    SELECT
        $closed_from AS closed_from,                                   -- included
        $closed_to AS closed_to                                        -- included
),

first_closure AS (
    SELECT d.child_id, d.end_date AS closed_on, d.completed
    FROM yj_disposals AS d, closure_window AS w
    WHERE d.child_id IS NOT NULL
      AND d.tier = 'out_of_court'
      AND d.end_date >= w.closed_from
      AND d.end_date <= w.closed_to
    QUALIFY row_number() OVER (
        PARTITION BY d.child_id
        ORDER BY d.end_date, d.disposal_id NULLS LAST, d.completed NULLS LAST
    ) = 1
),

followed AS (
    SELECT
        f.child_id,
        f.completed,
        f.closed_on,
        (SELECT min(o.offence_date)
         FROM yj_offences AS o
         WHERE o.child_id = f.child_id
           AND o.offence_date > f.closed_on
           AND o.offence_date <= CAST(f.closed_on + INTERVAL ($follow_up_months) MONTH AS DATE)
        ) AS first_reoffence
    FROM first_closure AS f
),

cohort AS (
    SELECT
        child_id,
        completed,
        first_reoffence IS NOT NULL AS reoffended,
        coalesce(first_reoffence <= CAST(closed_on + INTERVAL 3 MONTH AS DATE), false) AS in_3m,
        coalesce(first_reoffence > CAST(closed_on + INTERVAL 3 MONTH AS DATE)
                 AND first_reoffence <= CAST(closed_on + INTERVAL 6 MONTH AS DATE), false) AS in_3_6m
    FROM followed
),

groups (ord, name) AS (
    VALUES (1, 'All'), (2, 'Successfully completed'), (3, 'Not completed')
),

counts AS (
    SELECT
        g.ord,
        g.name,
        count(c.child_id) AS children,
        count(c.child_id) FILTER (WHERE c.reoffended) AS reoffended,
        count(c.child_id) FILTER (WHERE c.in_3m) AS within_3m,
        count(c.child_id) FILTER (WHERE c.in_3_6m) AS within_3_6m
    FROM groups AS g
    LEFT JOIN cohort AS c
        ON g.name = 'All'
        OR (g.name = 'Successfully completed' AND c.completed)
        OR (g.name = 'Not completed' AND NOT c.completed)
    GROUP BY g.ord, g.name
)

SELECT
    name AS "group",
    children,
    reoffended,
    CASE WHEN children > 0 THEN 100 * CAST(reoffended AS DOUBLE) / children END AS pct,
    100 * sv_wilson_low(reoffended, children) AS ci_low,
    100 * sv_wilson_high(reoffended, children) AS ci_high,
    within_3m,
    within_3_6m
FROM counts
ORDER BY ord
