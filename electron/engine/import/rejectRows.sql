-- One row per rejected CSV record, from DuckDB's reject_errors table (sv_rejects: one row per
-- error, several for a row missing several columns or with several bad values) and
-- sv_column_what (column name → what it should hold, e.g. 'a date (dd/mm/yyyy)').
--
-- start: 0-based offset (in the decoded text) where the record itself begins. DuckDB's
-- line_byte_position is 1-based and, after blank lines or a \r\n ending, points at the line
-- break(s) before the record; csv_line then starts with those breaks, so they are skipped.
-- DuckDB's own `line` counts records, not physical lines (a quoted line break shifts it),
-- so the engine turns `start` into the real line number by counting line breaks in the file.
CREATE TABLE sv_reject_rows AS
WITH errors AS (
  SELECT
    line_byte_position - 1 + length(regexp_extract(csv_line, '^[\r\n]*')) AS start,
    error_type,
    column_idx,
    column_name,
    trim(csv_line, chr(13) || chr(10)) AS raw,
    CASE error_type
      WHEN 'CAST' THEN printf(
        '''%s'' is not %s',
        regexp_extract(error_message, 'Could not convert string "(.*)" to ''', 1),
        coalesce(w.what, 'valid')
      )
      WHEN 'MISSING COLUMNS' THEN regexp_replace(
        error_message, '.*Expected Number of Columns: ([0-9]+) Found: ([0-9]+).*', 'expected \1 columns, found \2'
      )
      WHEN 'TOO MANY COLUMNS' THEN regexp_replace(
        error_message, '.*Expected Number of Columns: ([0-9]+) Found: ([0-9]+).*', 'expected \1 columns, found \2'
      )
      WHEN 'UNQUOTED VALUE' THEN CASE
        WHEN error_message ILIKE '%unterminated%'
          THEN 'a quote mark is not closed, so the line(s) after it were read into this record'
        ELSE 'a value has a quote mark in the wrong place (quoted values must be wrapped in quotes entirely)'
      END
      WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the line is too long to be a CSV record'
      WHEN 'INVALID ENCODING' THEN 'the line contains bytes that are not valid text in the file''s encoding'
      ELSE error_message
    END AS reason
  FROM sv_rejects
  LEFT JOIN sv_column_what AS w ON w.name = sv_rejects.column_name
  -- A short row gets one MISSING COLUMNS error per absent column, each counting "found"
  -- differently; the first absent column's error is the true one.
  QUALIFY error_type <> 'MISSING COLUMNS'
    OR column_idx = min(column_idx) OVER (PARTITION BY start, error_type)
),
reasons AS (
  SELECT start, reason, min(column_idx) AS idx, arg_min(column_name, column_idx) AS column_name, any_value(raw) AS raw
  FROM errors
  GROUP BY start, reason
)
SELECT
  start,
  arg_min(column_name, idx) AS "column",
  string_agg(reason, '; ' ORDER BY idx) AS reason,
  any_value(raw) AS raw
FROM reasons
GROUP BY start;
