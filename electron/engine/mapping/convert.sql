-- What "converts" means when an extract's value becomes a canonical value (after the
-- profile's codes and blankAs). Every function takes trimmed text (NULL = blank) and returns
-- NULL when the value cannot be read: the mapping counts those as failed, never guesses.
--
-- sv_text: a source value as trimmed text; '' is blank. Whole numbers stored as DOUBLE
-- (from a spreadsheet) read as 12, not 12.0, so a code table keyed "1" still matches.
CREATE OR REPLACE TEMP MACRO sv_text(v) AS nullif(trim(CAST(v AS VARCHAR)), '');
CREATE OR REPLACE TEMP MACRO sv_text_num(x) AS
  CASE WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END;

-- Whole numbers only: '12' and '12.0' read, '12.5' does not (TRY_CAST would round it to 13).
CREATE OR REPLACE TEMP MACRO sv_int(t) AS
  CASE WHEN regexp_full_match(t, '[-+]?[0-9]{1,9}(\.0*)?') THEN CAST(CAST(t AS DOUBLE) AS INTEGER) END;

-- Canonical booleans are true/false; local spellings (Y/N, 1/0) come in through codes.
CREATE OR REPLACE TEMP MACRO sv_bool(t) AS
  CASE lower(t) WHEN 'true' THEN true WHEN 'false' THEN false END;

-- An hour of the day 0–23, written as a number or as a time (14:30, 14:30:00).
CREATE OR REPLACE TEMP MACRO sv_hour_of(h) AS CASE WHEN h BETWEEN 0 AND 23 THEN h END;
CREATE OR REPLACE TEMP MACRO sv_hour(t) AS sv_hour_of(
  CASE WHEN regexp_full_match(t, '[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?') THEN CAST(split_part(t, ':', 1) AS INTEGER) ELSE sv_int(t) END
);

-- Dates without a format: ISO (2024-03-01), with or without a time.
CREATE OR REPLACE TEMP MACRO sv_date(t) AS TRY_CAST(t AS DATE);
-- Dates with the profile's format(s), e.g. ['%d/%m/%Y', '%d/%m/%Y %H:%M'].
CREATE OR REPLACE TEMP MACRO sv_date_fmt(t, formats) AS CAST(try_strptime(t, formats) AS DATE);
CREATE OR REPLACE TEMP MACRO sv_hour_fmt(t, formats) AS sv_hour_of(hour(try_strptime(t, formats)));

-- One field of a left-out row's text, quoted like CSV when it has to be.
CREATE OR REPLACE TEMP MACRO sv_csv_field(t, delim) AS
  CASE WHEN t IS NULL THEN ''
       WHEN contains(t, delim) OR contains(t, '"') OR contains(t, chr(10)) OR contains(t, chr(13))
         THEN '"' || replace(t, '"', '""') || '"'
       ELSE t END;
