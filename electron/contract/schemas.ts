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
  /**
   * Several value columns side by side, one series each (e.g. previous and current period);
   * replaces `y` and `series` for drawing (`y` still names the main value column).
   */
  valueColumns: z.array(z.object({ column: z.string(), label: z.string() }).strict()).min(2).optional(),
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
  /** `app`: shipped, read-only; `user`: the analyst's own entry, from their user library folder. */
  origin: z.enum(['app', 'user']).default('app'),
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
  /** Ad-hoc runs and the analyst's own entries: SHA-256 (hex) of the SQL as run, since no app release pins it. */
  sqlSha256: z.string().optional(),
  /** Ad-hoc runs only: the SQL itself, which is saved nowhere else. */
  sql: z.string().optional(),
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

// ---------------------------------------------------------------- SQL editor and the analyst's own entries

/** The six library themes (the loader's header schema holds the same list). */
export const QueryTheme = z.enum(['Victims', 'Offenders', 'Places', 'Youth justice', 'Probation', 'Health']);
export type QueryTheme = z.infer<typeof QueryTheme>;

/** Parameter types a draft can declare: an enum needs options, which the editor does not ask for. */
export const DraftParamType = ParamType.exclude(['enum']);
export type DraftParamType = z.infer<typeof DraftParamType>;

/** Longest SQL accepted from the editor (a library entry is a few KB). */
export const MAX_SQL_CHARS = 100_000;
/** Largest query file read or imported (the same cap as a mapping profile). */
export const QUERY_FILE_MAX_CHARS = 1024 * 1024;

/** A `$name` in an ad-hoc SELECT, with the type the analyst gave it and the value to bind. */
export const AdhocParam = z
  .object({
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name is letters, digits and _'),
    type: DraftParamType,
    value: ParamValue,
  })
  .strict();
export type AdhocParam = z.infer<typeof AdhocParam>;

export const RunAdhocArgs = z.object({
  sql: z.string().max(MAX_SQL_CHARS),
  params: z.array(AdhocParam).max(50).default([]),
  runId: z.string().min(1).max(64),
  /** How to chart the result; default none (table only). */
  chart: ChartSpec.optional(),
});
export type RunAdhocArgs = z.input<typeof RunAdhocArgs>;

export const DraftParam = z
  .object({
    name: z.string(),
    type: DraftParamType,
    label: z.string().trim().min(1).max(200),
    /** Blank = the label. */
    description: z.string().max(2000).default(''),
    /** null = no default: the analyst must give a value on every run. */
    default: ParamValue,
  })
  .strict();
export type DraftParam = z.infer<typeof DraftParam>;

/** What the save form sends: the engine writes it as `<id>.sql` in the library file format. */
export const EntryDraft = z
  .object({
    id: z
      .string()
      .max(80)
      .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and - (start with a letter)'),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(2000),
    /** The DEFINITION text; blank = the description. */
    definition: z.string().max(20_000).default(''),
    theme: QueryTheme,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use semver, e.g. 1.0.0').default('1.0.0'),
    params: z.array(DraftParam).max(50).default([]),
    chart: ChartSpec.strict().default({ type: 'none', x: '', y: '' }),
    countColumns: z.array(z.string()).max(200).default([]),
    rowLevel: z.boolean().default(false),
    sql: z.string().min(1).max(MAX_SQL_CHARS),
  })
  .strict();
export type EntryDraft = z.input<typeof EntryDraft>;

/** A saved query as a shareable file; the name is for messages only (no path crosses the contract). */
export const QueryFile = z.object({
  fileName: z.string().min(1).max(255),
  text: z.string().max(QUERY_FILE_MAX_CHARS),
});
export type QueryFile = z.infer<typeof QueryFile>;

export const SaveOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), entry: QuerySummary }),
  /** An own entry already has this id: nothing was written; ask, then call again to replace it. */
  z.object({ status: z.literal('exists'), id: z.string(), title: z.string() }),
]);
export type SaveOutcome = z.infer<typeof SaveOutcome>;

export const UserLibraryInfo = z.object({
  /** False when this host has no user library folder (saving is then impossible). */
  available: z.boolean(),
  /** Own files left out of the library, each with the reason (file name and field). */
  problems: z.array(z.object({ file: z.string(), message: z.string() })),
});
export type UserLibraryInfo = z.infer<typeof UserLibraryInfo>;
