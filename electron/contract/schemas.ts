import { z } from 'zod';

/**
 * Plain-data shapes that cross the contract. Values are JSON-safe: dates travel as ISO
 * strings, DuckDB integers as numbers (counts never exceed 2^53), NULL as null.
 */
export const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof Cell>;

export const Row = z.record(z.string(), Cell);
export type Row = z.infer<typeof Row>;

/** How the grid should treat a column (filter kind, alignment). */
export const ColumnKind = z.enum(['text', 'number', 'date', 'bool', 'other']);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const Column = z.object({
  name: z.string(),
  /** DuckDB's type name, e.g. VARCHAR, BIGINT, DATE. */
  type: z.string(),
  kind: ColumnKind,
});
export type Column = z.infer<typeof Column>;

export const TableKind = z.enum(['data', 'rejects', 'reference']);
export type TableKind = z.infer<typeof TableKind>;

export const TableInfo = z.object({
  name: z.string(),
  kind: TableKind,
  rowCount: z.number().int().nonnegative(),
  columns: z.array(Column),
});
export type TableInfo = z.infer<typeof TableInfo>;

export const WorkspaceInfo = z.object({
  name: z.string(),
  tables: z.array(TableInfo),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

/** A file the analyst chose in a native dialog or dropped; the path stays in the engine. */
export const FileRef = z.object({
  token: z.string().min(1),
  name: z.string(),
  sizeBytes: z.number().int().nonnegative(),
});
export type FileRef = z.infer<typeof FileRef>;

// ---------------------------------------------------------------- import

/** strftime-style formats DuckDB understands; UK extracts are usually %d/%m/%Y. */
export const DateFormat = z.string().min(2).max(40);

/** Text encodings real extracts arrive in; 'auto' = BOM, then strict UTF-8, else Windows-1252. */
export const Encoding = z.enum(['auto', 'utf-8', 'windows-1252']);
export type Encoding = z.infer<typeof Encoding>;

export const ImportOptions = z.object({
  delimiter: z.string().min(1).max(2).optional(),
  /** Force a date format for every date-like column; absent = let DuckDB sniff, UK first. */
  dateFormat: DateFormat.optional(),
  header: z.boolean().optional(),
  /** XLSX: the worksheet to read (default: the first with data). */
  sheet: z.string().max(200).optional(),
  /** 1-based row (line) holding the column names; rows above it (titles) are skipped. Default: detected. */
  headerRow: z.number().int().positive().max(1000).optional(),
  encoding: Encoding.optional(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export const RejectedRow = z.object({
  /** 1-based line number in the file (the header is line 1), or the row number in the sheet. */
  line: z.number().int().positive(),
  /** Column the problem was found in, when DuckDB could tell. */
  column: z.string().nullable(),
  reason: z.string(),
  /** The raw line as read, for the analyst to see. */
  raw: z.string().nullable(),
});
export type RejectedRow = z.infer<typeof RejectedRow>;

export const ImportPreview = z.object({
  previewId: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  format: z.enum(['csv', 'xlsx']),
  /** The encoding the text was read in (XLSX: always utf-8). */
  encoding: z.enum(['utf-8', 'utf-8-bom', 'windows-1252']),
  /** XLSX: every worksheet, to choose from; CSV: empty. */
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  /** 1-based row of the header in the file or sheet (rows above were skipped as titles). */
  headerRow: z.number().int().positive(),
  delimiter: z.string(),
  header: z.boolean(),
  /** The date format applied to date columns, or null when no column is a date. */
  dateFormat: z.string().nullable(),
  /** Formats the analyst may switch to (the chosen one first). */
  dateFormatChoices: z.array(z.string()),
  columns: z.array(Column),
  sampleRows: z.array(Row),
  rowsAccepted: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  /** The first rejected rows (all are kept in the workspace on commit). */
  rejects: z.array(RejectedRow),
  suggestedTable: z.string(),
  /** The canonical table this file most likely holds (by its column names), if any. */
  suggestedCanonical: z.string().nullable(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** Table names the workspace accepts: a plain SQL identifier, never quoted or qualified. */
export const TableName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'use lower-case letters, digits and _ (start with a letter)');

/** A long-running import step the renderer can watch and cancel. */
export const JobId = z.string().min(1).max(64);

export const ImportResult = z.object({
  table: z.string(),
  rowsLoaded: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  /** Where the rejected rows were kept, or null when there were none. */
  rejectsTable: z.string().nullable(),
  /** Append: rows of the table replaced by a newer row with the same key. */
  rowsReplaced: z.number().int().nonnegative().default(0),
  /** Rows kept but flagged by validation (their `_flags` column says why). */
  rowsFlagged: z.number().int().nonnegative().default(0),
  /** Rows the analyst chose to leave out (kept in the rejects table with the reason). */
  rowsLeftOut: z.number().int().nonnegative().default(0),
  /** The `_sv_sources` id every loaded row carries in its `_source_id` column. */
  sourceId: z.number().int().nonnegative().nullable().default(null),
});
export type ImportResult = z.infer<typeof ImportResult>;

// ---------------------------------------------------------------- grid

export const GridSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('table'), table: z.string() }),
  z.object({ kind: z.literal('result'), resultId: z.string() }),
]);
export type GridSource = z.infer<typeof GridSource>;

export const SortItem = z.object({ colId: z.string(), sort: z.enum(['asc', 'desc']) });
export type SortItem = z.infer<typeof SortItem>;

/** One condition of an AG Grid simple filter (text, number or date). */
export const FilterCondition = z.object({
  filterType: z.enum(['text', 'number', 'date']),
  type: z.string(),
  filter: z.union([z.string(), z.number()]).nullish(),
  filterTo: z.number().nullish(),
  dateFrom: z.string().nullish(),
  dateTo: z.string().nullish(),
});
export type FilterCondition = z.infer<typeof FilterCondition>;

export const CombinedFilter = z.object({
  filterType: z.enum(['text', 'number', 'date']),
  operator: z.enum(['AND', 'OR']),
  conditions: z.array(FilterCondition).min(1).max(10),
});
export type CombinedFilter = z.infer<typeof CombinedFilter>;

export const ColumnFilter = z.union([CombinedFilter, FilterCondition]);
export type ColumnFilter = z.infer<typeof ColumnFilter>;

export const GridRequest = z.object({
  source: GridSource,
  startRow: z.number().int().nonnegative(),
  endRow: z.number().int().positive(),
  sortModel: z.array(SortItem).max(10).default([]),
  filterModel: z.record(z.string(), ColumnFilter).default({}),
});
export type GridRequest = z.input<typeof GridRequest>;

export const GridPage = z.object({
  rows: z.array(Row),
  /** Rows matching the filter (the grid's last row). */
  rowCount: z.number().int().nonnegative(),
  columns: z.array(Column),
});
export type GridPage = z.infer<typeof GridPage>;

// ---------------------------------------------------------------- query library

export const ParamType = z.enum(['date', 'int', 'number', 'text', 'enum', 'list']);
export type ParamType = z.infer<typeof ParamType>;

export const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ParamValue = z.infer<typeof ParamValue>;

export const ParamSpec = z.object({
  name: z.string(),
  type: ParamType,
  label: z.string(),
  description: z.string(),
  /** A literal default, or null when the engine works it out from the data (say how in description). */
  default: ParamValue,
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type ParamSpec = z.infer<typeof ParamSpec>;

export const ChartSpec = z.object({
  type: z.enum(['bar', 'line', 'heatmap', 'ranked_bar', 'none']),
  x: z.string(),
  y: z.string(),
  /** Column splitting the data into series (one colour each), if any. */
  series: z.string().optional(),
  errorLow: z.string().optional(),
  errorHigh: z.string().optional(),
  yTitle: z.string().optional(),
  xTitle: z.string().optional(),
});
export type ChartSpec = z.infer<typeof ChartSpec>;

export const QuerySummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  theme: z.string(),
  version: z.string(),
  /** The definition the SQL implements, as written in its header. */
  definition: z.string(),
  params: z.array(ParamSpec),
  chart: ChartSpec,
  /** Output columns holding counts of persons or events (disclosure control). */
  countColumns: z.array(z.string()),
  /** True for cohort lists (one row per person): personal data. */
  rowLevel: z.boolean(),
  sql: z.string(),
});
export type QuerySummary = z.infer<typeof QuerySummary>;

export const RunArgs = z.object({
  queryId: z.string(),
  params: z.record(z.string(), ParamValue).default({}),
  /** Chosen by the caller so it can ask for progress or cancel before the run returns. */
  runId: z.string().min(1).max(64),
});
export type RunArgs = z.input<typeof RunArgs>;

export const SourceFile = z.object({ name: z.string(), sha256: z.string() });

export const Provenance = z.object({
  queryId: z.string(),
  version: z.string(),
  params: z.record(z.string(), ParamValue),
  tables: z.array(
    z.object({ name: z.string(), rowCount: z.number().int(), sourceFile: SourceFile.nullable() }),
  ),
  ranAt: z.string(),
  durationMs: z.number(),
});
export type Provenance = z.infer<typeof Provenance>;

export const QueryResult = z.object({
  runId: z.string(),
  resultId: z.string(),
  queryId: z.string(),
  version: z.string(),
  /** Parameter values as run, defaults resolved. */
  params: z.record(z.string(), ParamValue),
  columns: z.array(Column),
  rowCount: z.number().int().nonnegative(),
  /** The first rows (all of them for aggregate results), for the chart and summary. */
  rows: z.array(Row),
  truncated: z.boolean(),
  chart: ChartSpec,
  provenance: Provenance,
});
export type QueryResult = z.infer<typeof QueryResult>;

export const RunState = z.enum(['running', 'done', 'cancelled', 'failed', 'unknown']);
export const RunProgress = z.object({
  runId: z.string(),
  state: RunState,
  /** 0–100 from DuckDB's progress bar, or null when DuckDB cannot estimate yet. */
  percent: z.number().nullable(),
});
export type RunProgress = z.infer<typeof RunProgress>;
