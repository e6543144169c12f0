-- sv_first_events(source, period_end, period_months): one row per person in the cohort of
-- `source` in the period P = (period_end − period_months, period_end], with the attributes on
-- their FIRST qualifying event in P (shared/spec/query-library.md, "Definitions that hold for
-- every entry"). One definition for every entry that profiles persons (age-rates,
-- cohort-profile, residence, deprivation, disproportionality), so they cannot drift apart.
--
-- Cohorts, by source:
--   'victims'  victims.person_id of offences with serious_violence = true, dated offence_date;
--   'suspects' the same with suspects.person_id;
--   'ae'       ae_attendances.patient_id of attendances with assault = true, by attendance_date.
-- A blank serious_violence / assault does not qualify; rows with a blank person id are left out.
--
-- First event: earliest date, then earliest offence_hour (blank last), then smallest crime_id
-- (ae has no hour: smallest attendance_id). Several rows for the same person on that same
-- event (duplicate victim/suspect rows) are told apart by age, sex, ethnicity, home_lad,
-- home_lsoa (smallest first, blank last): whichever row is chosen, every entry reads the same
-- one, so a person's age band, ethnicity and home never disagree between entries.
--
-- Columns: person_id, first_date, age, sex, ethnicity, home_lad, home_lsoa.
-- A table macro: the run installs it only for entries that call it, after the tables it reads
-- exist (an unneeded source table is an empty stand-in of the canonical shape).

CREATE TEMP MACRO sv_first_events(source, period_end, period_months) AS TABLE
WITH
events AS (
    SELECT v.person_id, o.offence_date AS event_date, o.offence_hour AS event_hour,
           o.crime_id AS event_ref, v.age, v.sex, v.ethnicity, v.home_lad, v.home_lsoa
    FROM victims AS v
    JOIN offences AS o ON o.crime_id = v.crime_id
    WHERE source = 'victims' AND o.serious_violence
    UNION ALL
    SELECT s.person_id, o.offence_date, o.offence_hour, o.crime_id,
           s.age, s.sex, s.ethnicity, s.home_lad, s.home_lsoa
    FROM suspects AS s
    JOIN offences AS o ON o.crime_id = s.crime_id
    WHERE source = 'suspects' AND o.serious_violence
    UNION ALL
    SELECT a.patient_id, a.attendance_date, CAST(NULL AS INTEGER), a.attendance_id,
           a.age, a.sex, a.ethnicity, a.home_lad, a.home_lsoa
    FROM ae_attendances AS a
    WHERE source = 'ae' AND a.assault
)
SELECT
    e.person_id,
    e.event_date AS first_date,
    e.age,
    e.sex,
    e.ethnicity,
    e.home_lad,
    e.home_lsoa
FROM events AS e
WHERE e.person_id IS NOT NULL
  AND e.event_date > CAST(period_end - INTERVAL (period_months) MONTH AS DATE)   -- excluded
  AND e.event_date <= period_end                                                 -- included
QUALIFY row_number() OVER (
    PARTITION BY e.person_id
    ORDER BY e.event_date, e.event_hour NULLS LAST, e.event_ref,
             e.age NULLS LAST, e.sex NULLS LAST, e.ethnicity NULLS LAST,
             e.home_lad NULLS LAST, e.home_lsoa NULLS LAST
) = 1;
