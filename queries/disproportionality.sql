/*
id: disproportionality
title: Ethnic disproportionality
description: >-
  Each ethnic group's share of a cohort (suspects or victims of serious violence living in the
  area, children with a youth-justice disposal, or the serious-violence probation caseload)
  against its share of the population, with rates per 1,000 and the relative rate index against
  a reference group, with 95% confidence intervals.
theme: Offenders
version: 1.1.0
parameters:
  - name: period_end
    type: date
    label: Period end
    description: >-
      Last day of the period (included). Default - the latest date in the cohort's own table
      (offences.offence_date for sv_suspects and sv_victims, yj_disposals.start_date for
      yj_disposals, probation_caseload.snapshot_date for probation_sv).
    default: null
    default_from:
      - max: offences.offence_date
        when: { cohort: [sv_suspects, sv_victims] }
      - max: yj_disposals.start_date
        when: { cohort: yj_disposals }
      - max: probation_caseload.snapshot_date
        when: { cohort: probation_sv }
    required: false
  - use: period_months
  - name: cohort
    type: enum
    label: Cohort
    description: >-
      sv_suspects / sv_victims - residents of the area who were suspects / victims of
      serious-violence offences in the period; yj_disposals - every child with a youth-justice
      disposal starting in the period; probation_sv - persons on a serious-violence order or
      licence at the latest caseload snapshot in the period.
    default: sv_suspects
    required: false
    options: [sv_suspects, sv_victims, yj_disposals, probation_sv]
  - name: area
    type: text
    label: Area (LA code)
    description: >-
      Local authority code of the population compared against (and, for sv_suspects and
      sv_victims, whose residents form the cohort), e.g. E08000003. Default - the only area in
      the population table when it holds one; otherwise required.
    default: null
    default_from: { only: population.area }
    values_from: population.area
    required: false
  - name: age_min
    type: int
    label: Youngest age
    description: >-
      Youngest age included (population, and the cohort except yj_disposals). Default - 10 for
      yj_disposals, otherwise 0 (no lower limit).
    default: null
    default_from:
      - { value: 10, when: { cohort: yj_disposals } }
      - { value: 0 }
    required: false
    min: 0
    max: 120
  - name: age_max
    type: int
    label: Oldest age
    description: >-
      Oldest age included (population, and the cohort except yj_disposals); 90 or more means no
      upper limit, since population age 90 means 90 and over. Default - 17 for yj_disposals,
      otherwise 90 (no upper limit).
    default: null
    default_from:
      - { value: 17, when: { cohort: yj_disposals } }
      - { value: 90 }
    required: false
    min: 0
    max: 120
  - name: reference
    type: enum
    label: Reference group
    description: The ethnic group the relative rate index compares every group with.
    default: White
    required: false
    options: [White, Asian, Black, Mixed, Other]
tables:
  - table: offences
    columns: [crime_id, offence_date, offence_hour, serious_violence]
    when: { cohort: [sv_suspects, sv_victims] }
  - table: suspects
    columns: [crime_id, person_id, age, ethnicity, home_lad]
    when: { cohort: sv_suspects }
  - table: victims
    columns: [crime_id, person_id, age, ethnicity, home_lad]
    when: { cohort: sv_victims }
  - table: yj_disposals
    columns: [disposal_id, child_id, start_date, age, ethnicity]
    when: { cohort: yj_disposals }
  - table: probation_caseload
    columns: [person_id, snapshot_date, age, ethnicity, serious_violence]
    when: { cohort: probation_sv }
  - table: population
    columns: [area, year, sex, age, ethnicity, population]
  - table: population_ethnicity
    columns: [area, year, ethnicity, population]
chart:
  type: bar
  x: ethnicity
  y: rri
  errorLow: rri_ci_low
  errorHigh: rri_ci_high
  xTitle: Ethnic group
  yTitle: Relative rate index (reference group = 1)
count_columns: [cohort_n]
row_level: false
disclosure:
  dimensions: [ethnicity]
  # cohort_pct shares the five known groups only: Unknown is not part of their knowable total.
  # Residual risk: if the whole cohort's size is known elsewhere, a hidden Unknown is that size
  # less the five groups (protected among themselves, not against Unknown).
  outside: { ethnicity: [Unknown] }
  derived: [cohort_pct, disproportionality_ratio, rate_per_1000, rri, rri_ci_low, rri_ci_high, significant]
  # rri and its interval divide by the reference group's rate: with that group's count hidden,
  # any shown rri would give it back, so they are then hidden in every row.
  reference: { row: { ethnicity: $reference }, columns: [rri, rri_ci_low, rri_ci_high, significant] }
  public: [population, population_pct]

DEFINITION
Spec: shared/spec/query-library.md, entry 5, and "Definitions that hold for every entry".

Period P = (period_end − period_months, period_end]; "N months before" clamps to the month's
end as DuckDB's `date - INTERVAL n MONTH` does.

Ages: the default range is 10 to 17 for yj_disposals and all ages (0-90) for every other
cohort. An age_max of 90 or more means no upper limit.
The range is "all ages" when the youngest age is 0 and there is no upper limit.

Cohort, by `cohort`:
- sv_suspects: persons (suspects.person_id) linked as suspect to an offence with
  serious_violence = true dated (offence_date) in P. Each person's first event is their
  earliest such offence in P: earliest date, then earliest offence_hour (blank last), then
  smallest crime_id; age, ethnicity and home_lad come from that event. Only residents of `area`
  (home_lad on the first event = area) are counted, and only those whose age on the first event
  is in the age range.
- sv_victims: the same with victims.person_id.
- yj_disposals: every child (yj_disposals.child_id) with a disposal of any tier whose
  start_date is in P - the service's own cohort, not filtered by residence nor by age. Age and
  ethnicity come from the child's first disposal in P: earliest start_date, then smallest
  disposal_id.
- probation_sv: the snapshot is the latest probation_caseload.snapshot_date in P (over every
  row of the caseload); the cohort is every person with a row at that snapshot whose
  serious_violence is true, not filtered by residence, and only those whose age there is in the
  age range.

Rows: White, Asian, Black, Mixed, Other (always all five, zeros included), then Unknown for
cohort members whose ethnicity is blank (or any value other than those five).

cohort_n: cohort members in the group. cohort_pct = 100 × cohort_n / the cohort members of the
five known groups (shares exclude unknown ethnicity). population: the area's population of the
group in the age range. population_pct = 100 × population / the population of the five groups.
disproportionality_ratio = cohort_pct / population_pct. rate_per_1000 = 1000 × cohort_n /
population. rri = the group's rate / the reference group's rate, with the 95% interval
exp(ln RR ± z·sqrt(1/a + 1/b)) (a, b the two counts) and significant = the interval excludes 1
(macros sv_rate_ratio*). The reference group's own row has rri = 1, a null interval and a null
significant. No rri (nor interval, nor significant) where either count is 0. The Unknown row
carries cohort_n only; its other columns are null.

Population: from `population` rows whose ethnicity is one of the five groups (ethnicity is the
breakdown here), for `area`, the latest year with such rows not after the year of period_end,
sex M + F, single ages in the age range (age 90 means 90 and over, so it is in any range whose
upper end is 90 or more or has none). When the workspace's `population` has no such rows for the
area up to that year, the shipped `population_ethnicity` (Census 2021, all ages and both sexes)
is used instead - the latest year there not after the year of period_end - BUT only when the
age range is all ages: it has no age breakdown, so an age-restricted run (such as the
yj_disposals default 10-17) without age-specific ethnicity population stops with an error
naming what is missing, rather than compare a cohort of one age range with the shares of all
ages.

Decisions where the spec is silent:
- The default age range depends on the cohort (10-17 for yj_disposals, 0-90 = all ages
  otherwise); the values as run show the range used.
- The age range applies to the population always, and to the sv_suspects, sv_victims and
  probation_sv cohorts (age on the first event / at the snapshot), so the two sides compare the
  same ages. yj_disposals is every child with a disposal (the spec's "service's own cohort"), so
  its members are not filtered by age; the range (default 10-17) only sets the population.
- With an all-ages range, cohort members with a blank age are counted; with a restricted range
  they are not (their age cannot be placed in it).
- An age_min above a (limited) age_max stops the run with an error.
- Age-restricted runs refuse the all-ages census fallback (see above) rather than flag it: the
  output columns have no place for a flag, and youth and adult ethnic mixes differ too much for
  an all-ages share to stand in for a 10-17 one.
- When neither source has population for the area up to period_end's year, population,
  population_pct, the ratio, the rate and rri are null in every row (cohort counts remain).
- A zero denominator gives null: population_pct when the five groups' population is 0; the
  rate, disproportionality_ratio and rri of a group whose population is 0. A group with
  cohort_n 0 and population > 0 has rate 0 and disproportionality_ratio 0, but no rri.
- The reference row's rri is 1 whenever the reference group has a rate (population > 0), even
  a rate of 0; otherwise null. When the reference count is 0 no other group has an rri.
- Population rows whose ethnicity is not one of the five groups are ignored; the population
  year is the latest one that has rows for the five groups.
- The probation snapshot is the latest snapshot_date in P over the whole caseload, not only
  its serious-violence rows.
- cohort_pct is null when no cohort member has a known ethnicity.
- Rows with a blank person_id (child_id) are left out. A person whose home_lad is blank on
  their first event is not a resident of any area.
- If a police cohort member appears more than once on the same crime (duplicate rows), one
  row is their first event for every entry alike: smallest age, then sex, ethnicity,
  home_lad, home_lsoa (blanks last; queries/macros/first-events.sql). For the same disposal
  date and id, or the same snapshot, the row with the first ethnicity, then age (blanks last)
  is used. Either way results do not depend on row order.
- No probation snapshot in P: the cohort is empty (zeros in every row).
*/
WITH
period AS (
    SELECT
        CAST($period_end - INTERVAL ($period_months) MONTH AS DATE) AS starts_after,  -- excluded
        $period_end AS ends_on                                                        -- included
),

ages AS (
    SELECT
        $age_min AS lo,
        CASE WHEN $age_max >= 90 THEN NULL ELSE $age_max END AS hi
),

age_range AS (
    SELECT
        lo,
        hi,
        lo = 0 AND hi IS NULL AS all_ages
    FROM ages
    WHERE CASE WHEN hi < lo
               THEN error('age_min ' || lo || ' is above age_max ' || hi)
               ELSE true END
),

police_first AS (
    -- Each police cohort member's first SV offence in P, one definition for every entry
    -- (queries/macros/first-events.sql); empty for the youth-justice and probation cohorts.
    SELECT f.person_id, f.age, f.ethnicity, f.home_lad
    FROM sv_first_events(
        CASE $cohort WHEN 'sv_suspects' THEN 'suspects' WHEN 'sv_victims' THEN 'victims' ELSE 'none' END,
        $period_end,
        $period_months
    ) AS f
),

yj_first AS (
    SELECT d.child_id AS person_id, d.age, d.ethnicity
    FROM yj_disposals AS d, period AS p
    WHERE $cohort = 'yj_disposals'
      AND d.child_id IS NOT NULL
      AND d.start_date > p.starts_after
      AND d.start_date <= p.ends_on
    QUALIFY row_number() OVER (
        PARTITION BY d.child_id
        ORDER BY d.start_date, d.disposal_id, d.ethnicity NULLS LAST, d.age NULLS LAST
    ) = 1
),

snapshot AS (
    SELECT max(c.snapshot_date) AS snapshot_date
    FROM probation_caseload AS c, period AS p
    WHERE $cohort = 'probation_sv'
      AND c.snapshot_date > p.starts_after
      AND c.snapshot_date <= p.ends_on
),

probation_persons AS (
    SELECT c.person_id, c.age, c.ethnicity
    FROM probation_caseload AS c, snapshot AS s
    WHERE $cohort = 'probation_sv'
      AND c.person_id IS NOT NULL
      AND c.snapshot_date = s.snapshot_date
      AND c.serious_violence
    QUALIFY row_number() OVER (
        PARTITION BY c.person_id
        ORDER BY c.ethnicity NULLS LAST, c.age NULLS LAST
    ) = 1
),

-- Cohort members with their ethnicity; age filter applies to all but yj_disposals.
cohort AS (
    SELECT f.person_id, f.ethnicity
    FROM police_first AS f, age_range AS a
    WHERE f.home_lad = $area
      AND (a.all_ages OR (f.age >= a.lo AND (a.hi IS NULL OR f.age <= a.hi)))
    UNION ALL
    SELECT y.person_id, y.ethnicity
    FROM yj_first AS y
    UNION ALL
    SELECT c.person_id, c.ethnicity
    FROM probation_persons AS c, age_range AS a
    WHERE a.all_ages OR (c.age >= a.lo AND (a.hi IS NULL OR c.age <= a.hi))
),

groups (ord, ethnicity) AS (
    VALUES (1, 'White'), (2, 'Asian'), (3, 'Black'), (4, 'Mixed'), (5, 'Other')
),

ethnicity_population_year AS (
    SELECT max(year) AS year
    FROM population
    WHERE area = $area
      AND year <= year($period_end)
      AND ethnicity IN ('White', 'Asian', 'Black', 'Mixed', 'Other')
),

census_year AS (
    SELECT max(year) AS year
    FROM population_ethnicity
    WHERE area = $area
      AND year <= year($period_end)
),

-- Which population: 'population' (ethnicity rows), 'census' (all ages only), or none (null).
population_source AS (
    SELECT
        CASE WHEN e.year IS NOT NULL THEN 'population'
             WHEN NOT a.all_ages THEN error(
                 'no population by ethnicity for ages ' || a.lo || '-'
                 || coalesce(CAST(a.hi AS VARCHAR), '90+') || ' in ' || $area
                 || ' up to ' || year($period_end)
                 || ': population has no rows with ethnicity for that area, and the shipped'
                 || ' population_ethnicity (Census 2021) covers all ages only. Import'
                 || ' ethnicity x sex x age counts (e.g. Census 2021 RM032) into population,'
                 || ' or run for all ages (age_min=0, age_max=90)')
             WHEN c.year IS NOT NULL THEN 'census'
        END AS source,
        e.year AS population_year,
        c.year AS census_year
    FROM ethnicity_population_year AS e, census_year AS c, age_range AS a
),

group_population AS (
    SELECT
        g.ethnicity,
        CASE s.source
            WHEN 'population' THEN
                (SELECT coalesce(sum(p.population), 0)
                 FROM population AS p, age_range AS a
                 WHERE p.area = $area
                   AND p.year = s.population_year
                   AND p.ethnicity = g.ethnicity
                   AND p.sex IN ('M', 'F')
                   AND p.age >= a.lo AND (a.hi IS NULL OR p.age <= a.hi))
            WHEN 'census' THEN
                (SELECT coalesce(sum(pe.population), 0)
                 FROM population_ethnicity AS pe
                 WHERE pe.area = $area
                   AND pe.year = s.census_year
                   AND pe.ethnicity = g.ethnicity)
        END AS population
    FROM groups AS g, population_source AS s
),

counted AS (
    SELECT
        g.ord,
        g.ethnicity,
        (SELECT count(*) FROM cohort AS c WHERE c.ethnicity = g.ethnicity) AS cohort_n,
        CAST(gp.population AS DOUBLE) AS population
    FROM groups AS g
    JOIN group_population AS gp ON gp.ethnicity = g.ethnicity
),

totals AS (
    SELECT sum(cohort_n) AS cohort_known, sum(population) AS population_total
    FROM counted
),

shares AS (
    SELECT
        c.*,
        CASE WHEN t.cohort_known > 0 THEN 100 * CAST(c.cohort_n AS DOUBLE) / t.cohort_known END AS cohort_pct,
        CASE WHEN t.population_total > 0 THEN 100 * c.population / t.population_total END AS population_pct,
        CASE WHEN c.population > 0 THEN 1000 * CAST(c.cohort_n AS DOUBLE) / c.population END AS rate
    FROM counted AS c, totals AS t
),

reference AS (
    SELECT cohort_n AS ref_n, population AS ref_population
    FROM counted
    WHERE ethnicity = $reference
),

known_rows AS (
    SELECT
        s.ord,
        s.ethnicity,
        s.cohort_n,
        s.cohort_pct,
        s.population,
        s.population_pct,
        CASE WHEN s.population_pct > 0 THEN s.cohort_pct / s.population_pct END AS disproportionality_ratio,
        s.rate AS rate_per_1000,
        CASE WHEN s.ethnicity = $reference THEN (CASE WHEN s.population > 0 THEN 1.0 END)
             ELSE sv_rate_ratio(s.cohort_n, s.population, r.ref_n, r.ref_population) END AS rri,
        CASE WHEN s.ethnicity <> $reference
             THEN sv_rate_ratio_low(s.cohort_n, s.population, r.ref_n, r.ref_population) END AS rri_ci_low,
        CASE WHEN s.ethnicity <> $reference
             THEN sv_rate_ratio_high(s.cohort_n, s.population, r.ref_n, r.ref_population) END AS rri_ci_high,
        CASE WHEN s.ethnicity <> $reference
             THEN sv_rate_ratio_significant(s.cohort_n, s.population, r.ref_n, r.ref_population) END AS significant
    FROM shares AS s, reference AS r
),

unknown_row AS (
    SELECT
        6 AS ord,
        'Unknown' AS ethnicity,
        (SELECT count(*)
         FROM cohort AS c
         WHERE c.ethnicity IS NULL
            OR c.ethnicity NOT IN ('White', 'Asian', 'Black', 'Mixed', 'Other')) AS cohort_n
)

SELECT
    ethnicity,
    cohort_n,
    cohort_pct,
    population,
    population_pct,
    disproportionality_ratio,
    rate_per_1000,
    CAST(rri AS DOUBLE) AS rri,
    rri_ci_low,
    rri_ci_high,
    significant
FROM (
    SELECT * FROM known_rows
    UNION ALL BY NAME
    SELECT ord, ethnicity, cohort_n FROM unknown_row
)
ORDER BY ord
