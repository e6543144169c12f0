-- Validation rules an import checks before commit (issue 3, "Validation before commit").
-- The mapping code applies them to the mapped, typed values; each row a rule is true for is
-- counted, shown with examples, and then kept flagged or left out as the analyst decides.

-- Ages outside 0–110 are recording errors (a date of birth typed as the age, 999 for unknown).
CREATE OR REPLACE TEMP MACRO sv_age_out_of_range(age) AS age NOT BETWEEN 0 AND 110;

-- No event in an extract can be after the day it is imported.
CREATE OR REPLACE TEMP MACRO sv_date_in_future(d) AS d > current_date;

-- Before 1990 is almost always a placeholder (01/01/1900) or a date of birth in the wrong column.
CREATE OR REPLACE TEMP MACRO sv_date_before_1990(d) AS d < DATE '1990-01-01';
