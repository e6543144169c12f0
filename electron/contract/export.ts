import { z } from 'zod';
import { Cell } from './schemas.js';

/**
 * Exports and disclosure control (issue 5): the shapes main, the engine, the bridge and the
 * renderer share. The rules are the spec's "Disclosure control on export".
 */

/**
 * threshold5: counts 1–4 hidden (the spec's default); threshold10: counts 1–9 hidden; both with
 * secondary suppression and derived values hidden. round5: every count rounded to base 5.
 * none: nothing hidden (headless --no-suppress; the app always asks for a rule).
 */
export const DisclosureRule = z.enum(['threshold5', 'threshold10', 'round5', 'none']);
export type DisclosureRule = z.infer<typeof DisclosureRule>;
export const DEFAULT_RULE: DisclosureRule = 'threshold5';

/** What a hidden cell shows in every export. */
export const SUPPRESSED = '[c]';

export const HiddenCell = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  /** primary: a small count; secondary: hidden so a primary one cannot be worked out; derived: computed from a hidden count. */
  why: z.enum(['primary', 'secondary', 'derived']),
});
export type HiddenCell = z.infer<typeof HiddenCell>;

/** A result as it would be exported under a rule: hidden cells read SUPPRESSED. */
export const ExportPreview = z.object({
  resultId: z.string(),
  rule: DisclosureRule,
  /** The rule in words, as written into the export's provenance. */
  ruleText: z.string(),
  columns: z.array(z.string()),
  rows: z.array(z.array(Cell)),
  /** Every row of the result is in `rows` (false when a large result is previewed in part). */
  complete: z.boolean(),
  rowCount: z.number().int().nonnegative(),
  hidden: z.array(HiddenCell),
  /** Row-level result (a cohort list): personal data, exported only after an explicit confirmation. */
  personalData: z.boolean(),
  /**
   * Hidden counts that their line totals would still give away, should those totals be known
   * elsewhere: only a table whose lines leave nothing else to hide (a line's one non-zero cell
   * among lines of zeros). Usually empty.
   */
  atRisk: z.array(z.object({ row: z.number().int().nonnegative(), column: z.string() })).optional(),
});
export type ExportPreview = z.infer<typeof ExportPreview>;

export const ExportPreviewArgs = z.object({ resultId: z.string(), rule: DisclosureRule.default(DEFAULT_RULE) });

export const TableFormat = z.enum(['csv', 'xlsx']);
export type TableFormat = z.infer<typeof TableFormat>;

export const ExportTableArgs = z.object({
  resultId: z.string(),
  format: TableFormat,
  rule: DisclosureRule.default(DEFAULT_RULE),
  /** Must be true to export a row-level (personal data) result. */
  confirmPersonalData: z.boolean().default(false),
});
export type ExportTableArgs = z.input<typeof ExportTableArgs>;

export const ChartFormat = z.enum(['png', 'svg']);
export type ChartFormat = z.infer<typeof ChartFormat>;

export const ExportChartArgs = z.object({
  format: ChartFormat,
  /** File name suggested in the save dialog, without folder. */
  fileName: z.string().min(1).max(200),
  /** PNG as base64, SVG as text; made by the renderer from the chart on screen. */
  data: z.string().min(1).max(64 * 1024 * 1024),
});
export type ExportChartArgs = z.input<typeof ExportChartArgs>;

export const SavedFile = z.object({ saved: z.boolean(), savedTo: z.string().optional() });
export type SavedFile = z.infer<typeof SavedFile>;

/** Board-pack bounds: a pack is a paper's worth of results, not a data dump. */
export const BOARD_PACK_MAX_ITEMS = 20;
/** A 300 dpi chart at A4 text width is a few hundred KB of PNG; 4 MB of base64 leaves room. */
export const BOARD_PACK_MAX_CHART_BASE64 = 4 * 1024 * 1024;

/** Rules a board pack may use: "none" is headless only, never for a paper. */
export const BoardPackRule = DisclosureRule.exclude(['none']);

export const BoardPackItem = z
  .object({
    resultId: z.string().min(1).max(40),
    rule: BoardPackRule.default(DEFAULT_RULE),
    /** The item's Heading 1 (the chart title on the Export panel). */
    heading: z.string().trim().min(1).max(300),
    subtitle: z.string().max(500).default(''),
    /** The analyst's note, plain text; blank lines separate paragraphs. */
    note: z.string().max(20_000).default(''),
    /** The print chart as a PNG in base64 (300 dpi), or null for a result without a chart. */
    chartPng: z.string().min(1).max(BOARD_PACK_MAX_CHART_BASE64).nullable().default(null),
    /** Must be true for a row-level (personal data) result. */
    confirmPersonalData: z.boolean().default(false),
  })
  .strict();
export type BoardPackItem = z.input<typeof BoardPackItem>;

export const ExportBoardPackArgs = z.object({
  title: z.string().trim().min(1).max(200),
  items: z.array(BoardPackItem).min(1).max(BOARD_PACK_MAX_ITEMS),
});
export type ExportBoardPackArgs = z.input<typeof ExportBoardPackArgs>;
