-- Shared constants for the statistics macros (shared/spec/query-library.md, "Statistics").
-- Every macro file is installed as TEMP macros on each query's own connection, in file-name
-- order, so this file comes first. Nothing is written to the workspace.

-- The normal quantile for a two-sided 95% interval, to the precision the spec fixes.
CREATE TEMP MACRO sv_z() AS CAST(1.959964 AS DOUBLE);
