import { z } from 'zod';
import { DateFormat, Encoding, Row, TableName } from './schemas.js';

/**
 * Mapping a raw extract onto a canonical table (shared/spec/canonical-data.md), the profile
 * that saves that mapping as a shareable JSON file, and validation before commit.
 */

/** How one canonical column is filled from the extract. */
export const ColumnMapping = z.object({
  /** The extract's column, or null when the extract does not have it (the column stays blank). */
  source: z.string().nullable(),
  /**
   * Local code → canonical value (null = blank), matched after trimming and ignoring case:
   * e.g. sex {"Male": "M", "1": "M"}, flags {"Y": "true", "Yes": "true"}, ethnicity
   * {"Black or Black British - Caribbean": "Black"}, weapon {"Knife/Sharp instrument": "knife"}.
   * Values not listed pass through unchanged (and fail conversion if they are not canonical).
   */
  codes: z.record(z.string(), z.string().nullable()).optional(),
  /** strftime format for a date column held as text, e.g. %d/%m/%Y. */
  dateFormat: DateFormat.optional(),
  /** What a blank means, when locally it means something (e.g. a blank flag means "no": "false"). */
  blankAs: z.string().optional(),
});
export type ColumnMapping = z.infer<typeof ColumnMapping>;

export const PROFILE_KIND = 'sv-workbench/mapping-profile';

/** A saved mapping: plain JSON, shareable with colleagues, reused on next month's extract. */
export const MappingProfile = z.object({
  kind: z.literal(PROFILE_KIND),
  version: z.literal(1),
  name: z.string().min(1).max(120),
  /** The canonical table it maps onto. */
  table: TableName,
  /** The extract layout it was made for: its column names in order. */
  sourceColumns: z.array(z.string()),
  /** How to read the file (XLSX sheet, title rows, encoding, delimiter). */
  read: z
    .object({
      sheet: z.string().optional(),
      headerRow: z.number().int().positive().optional(),
      encoding: Encoding.optional(),
      delimiter: z.string().min(1).max(2).optional(),
    })
    .default({}),
  /** Keyed by canonical column name. Canonical columns not listed are left blank. */
  columns: z.record(z.string(), ColumnMapping),
  createdAt: z.string().optional(),
  note: z.string().max(2000).optional(),
});
export type MappingProfile = z.infer<typeof MappingProfile>;

/** How a saved profile fits a new extract, column by column — reported, never guessed. */
export const LayoutCheck = z.object({
  matches: z.boolean(),
  /** Columns the profile maps from that the extract no longer has. */
  missing: z.array(z.string()),
  /** Columns the extract has that the profile did not know. */
  added: z.array(z.string()),
  /** Same columns, different order. */
  reordered: z.boolean(),
});
export type LayoutCheck = z.infer<typeof LayoutCheck>;

export const ProblemKind = z.enum([
  'missing_required_column', // a required canonical column has no source column
  'required_blank', // a required column is blank on some rows
  'conversion_failed', // a value could not become the column's type or a canonical code
  'duplicate_key', // the table's key (e.g. crime_id) occurs more than once
  'orphan_crime', // victims/suspects whose crime_id is not in offences
  'age_out_of_range', // ages outside 0–110
  'date_in_future', // dates after today
  'date_before_1990', // dates before 1990-01-01
]);
export type ProblemKind = z.infer<typeof ProblemKind>;

/** What the analyst chose to do with the rows a problem affects. Fixing the mapping is going back. */
export const Resolution = z.enum(['keep_flagged', 'leave_out']);
export type Resolution = z.infer<typeof Resolution>;

export const ProblemExample = z.object({
  /** Line (CSV) or row (XLSX) in the extract. */
  line: z.number().int().positive(),
  /** The offending value(s), by column. */
  values: Row,
});

export const ValidationProblem = z.object({
  kind: ProblemKind,
  /** Canonical column concerned, or null for row-level problems spanning columns. */
  column: z.string().nullable(),
  /** Rows affected. */
  count: z.number().int().nonnegative(),
  message: z.string(),
  examples: z.array(ProblemExample).max(10),
  /** false for problems that stop the import until the mapping is fixed (e.g. a missing required column). */
  resolvable: z.boolean(),
});
export type ValidationProblem = z.infer<typeof ValidationProblem>;

export const MappedColumn = z.object({
  column: z.string(),
  type: z.string(),
  required: z.boolean(),
  source: z.string().nullable(),
  /** Rows where a value converted. converted + failed + blank = rowsTotal. */
  converted: z.number().int().nonnegative(),
  /** Rows where a non-blank value failed to convert. */
  failed: z.number().int().nonnegative(),
  /** Rows left blank: no value (after blankAs), a code mapped to blank, or no source column. */
  blank: z.number().int().nonnegative(),
  /** Distinct source values that failed, most frequent first (for adding code mappings). */
  failedValues: z.array(z.object({ value: z.string(), count: z.number().int().positive() })).max(50),
});
export type MappedColumn = z.infer<typeof MappedColumn>;

export const MappingPreview = z.object({
  previewId: z.string(),
  table: z.string(),
  profile: MappingProfile,
  layout: LayoutCheck,
  columns: z.array(MappedColumn),
  /** The first mapped rows, in canonical columns and types. */
  sampleRows: z.array(Row),
  rowsTotal: z.number().int().nonnegative(),
  problems: z.array(ValidationProblem),
});
export type MappingPreview = z.infer<typeof MappingPreview>;

export const ImportCommitArgs = z.object({
  previewId: z.string(),
  table: TableName,
  /**
   * create fails if the table exists; replace swaps it atomically; append adds the rows,
   * a newer row replacing an older one with the same key (canonical tables only).
   */
  mode: z.enum(['create', 'replace', 'append']),
  /** Map onto a canonical table; absent = import the columns as read. */
  mapping: z
    .object({
      profile: MappingProfile,
      /** One choice per resolvable problem kind found; every one must be decided. */
      decisions: z.partialRecord(ProblemKind, Resolution).default({}),
    })
    .optional(),
  jobId: z.string().min(1).max(64).optional(),
});
export type ImportCommitArgs = z.input<typeof ImportCommitArgs>;

export const ProfileSummary = z.object({
  name: z.string(),
  table: z.string(),
  sourceColumns: z.number().int().nonnegative(),
  savedAt: z.string().nullable(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

export const JobProgress = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed', 'unknown']),
  /** 0–100, or null when not yet known. */
  percent: z.number().nullable(),
  /** What is happening, for the progress bar's label (e.g. "Reading rows", "Checking"). */
  stage: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/** A reference table shipped with the app (or replaced by the analyst), with where it comes from. */
export const ReferenceSource = z.object({
  table: z.string(),
  title: z.string(),
  publisher: z.string(),
  year: z.string(),
  licence: z.string(),
  attribution: z.string(),
  caveats: z.array(z.string()),
  rowCount: z.number().int().nonnegative(),
  /** Shipped, or replaced by the analyst's own file (named). */
  origin: z.enum(['shipped', 'replaced']),
  fileName: z.string().nullable(),
  sha256: z.string().nullable(),
});
export type ReferenceSource = z.infer<typeof ReferenceSource>;

/** One imported file, as recorded in the workspace (`_sv_sources`). */
export const SourceRecord = z.object({
  sourceId: z.number().int().nonnegative(),
  table: z.string(),
  fileName: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string(),
  importedAt: z.string(),
  mode: z.string(),
  rowsLoaded: z.number().int().nonnegative(),
  rowsRejected: z.number().int().nonnegative(),
  rowsFlagged: z.number().int().nonnegative(),
  rowsLeftOut: z.number().int().nonnegative(),
  profileName: z.string().nullable(),
  /** Validation problems found and the choice made for each. */
  decisions: z.array(z.object({ kind: ProblemKind, count: z.number().int(), resolution: Resolution })),
});
export type SourceRecord = z.infer<typeof SourceRecord>;

