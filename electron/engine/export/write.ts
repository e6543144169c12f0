import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EngineError, ExportTableArgs, SUPPRESSED, type Cell, type DisclosureRule, type HiddenCell, type Row } from '../../contract/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { writeCsv } from './csv.js';
import { PERSONAL_DATA_TEXT, ruleText, type ProtectedTable } from './disclosure.js';
import { protectResult } from './preview.js';
import { provenanceRows } from './provenance.js';
import { resultMeta, type ResultRecord, type ResultStore } from './results.js';
import { describeResult, inBatches, readBatches, type ExportColumn, type ExportTable } from './table.js';
import { EXCEL_MAX_ROWS, writeXlsx } from './xlsx.js';

/**
 * One table export, start to finish: what the result is (the engine's per-result record), the
 * checks that can refuse it (personal data without confirmation, too many rows for Excel, too
 * many to protect), disclosure control when the result has counts, and the file written under
 * a temporary name beside its target and renamed into place, so a failed or refused export
 * never leaves half a file where the analyst asked for one.
 */

/**
 * Disclosure control needs the whole table in memory (secondary suppression looks across rows
 * and columns). Results with counts are aggregates, tens to thousands of rows; past this they
 * are refused rather than exported unchecked.
 */
export const MAX_PROTECTED_ROWS = 200_000;

export interface TableExportDeps {
  /** The engine's per-result records (electron/engine/export/results.ts). */
  results: ResultStore;
  appVersion: string;
  now?: () => Date;
  /** Tests inject smaller limits. */
  maxXlsxRows?: number;
  maxProtectedRows?: number;
  /** Tests: a stand-in that hides known cells. Default: protectResult, as the preview applies it. */
  protect?: (record: ResultRecord, columns: string[], rows: Row[], rule: DisclosureRule) => Protection;
}

/** What the writers need of protectResult's answer. */
export type Protection = Pick<ProtectedTable, 'rows' | 'hidden' | 'ruleText'> & Partial<Pick<ProtectedTable, 'atRisk' | 'unchecked'>>;

export interface TableExportSummary {
  savedTo: string;
  format: 'csv' | 'xlsx';
  rows: number;
  rule: DisclosureRule;
  ruleText: string;
  hidden: HiddenCell[];
}

const fmt = (n: number) => n.toLocaleString('en-GB');

/** A file name that says what the table is: `<query>-<period end or run date>.<ext>`. */
export function suggestedFileName(subject: ResultRecord, format: 'csv' | 'xlsx'): string {
  const p = subject.params;
  const asOf = [p.period_end, p.snapshot_date, p.closed_to].find((v): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v));
  const stem = `${subject.queryId}-${asOf ?? subject.provenance.ranAt.slice(0, 10)}`.replace(/[^\w.-]+/g, '_');
  return `${stem}.${format}`;
}

/**
 * Everything that can refuse an export without reading its rows, so main can refuse before a
 * save dialog opens. Returns the file name to suggest.
 */
export async function planTableExport(ws: Workspace, raw: unknown, deps: TableExportDeps): Promise<{ fileName: string }> {
  const args = ExportTableArgs.parse(raw);
  const subject = resultMeta(deps.results, args.resultId);
  if (subject.personalData && !args.confirmPersonalData) {
    throw new EngineError(
      'invalid_args',
      `${subject.title} is a row-level list (one row per person): personal data. Confirm that you may export it before saving.`,
    );
  }
  const conn = await ws.connect();
  try {
    const { rowCount } = await describeResult(conn, args.resultId);
    const maxXlsx = (deps.maxXlsxRows ?? EXCEL_MAX_ROWS) - 1;
    if (args.format === 'xlsx' && rowCount > maxXlsx) {
      throw new EngineError(
        'invalid_args',
        `This result has ${fmt(rowCount)} rows; an Excel sheet holds ${fmt(maxXlsx)} below its header. Export it as CSV (no row limit), or narrow the query.`,
      );
    }
    assertProtectable(subject, args.rule, rowCount, deps.maxProtectedRows);
  } finally {
    conn.closeSync();
  }
  return { fileName: suggestedFileName(subject, args.format) };
}

/** Counts are protected unless the rule is none or the result is a row-level list (gated by confirmation instead). */
export function needsProtection(subject: ResultRecord, rule: DisclosureRule): boolean {
  return rule !== 'none' && !subject.personalData && subject.disclosure.countColumns.length > 0;
}

/** Refuses a result too large to protect under `rule` (no check at all is never the fallback). */
export function assertProtectable(subject: ResultRecord, rule: DisclosureRule, rowCount: number, max = MAX_PROTECTED_ROWS): void {
  if (needsProtection(subject, rule) && rowCount > max) {
    throw new EngineError(
      'invalid_args',
      `This result has ${fmt(rowCount)} rows with counts; disclosure control checks at most ${fmt(max)}. Narrow the query (fewer groups or a shorter period).`,
    );
  }
}

async function readAll(batches: AsyncIterable<Cell[][]>): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
}

const toRow = (columns: readonly ExportColumn[], cells: Cell[]): Row =>
  Object.fromEntries(columns.map((c, i) => [c.name, cells[i] ?? null]));

/** Hidden cells read SUPPRESSED whatever the protected rows carry there. */
function markHidden(columns: readonly ExportColumn[], rows: Cell[][], hidden: readonly HiddenCell[]): Cell[][] {
  const index = new Map(columns.map((c, i) => [c.name, i]));
  for (const h of hidden) {
    const row = rows[h.row];
    const col = index.get(h.column);
    if (row && col !== undefined) row[col] = SUPPRESSED;
  }
  return rows;
}

/** Writes the export to `path` (chosen by the analyst in main's dialog, the bridge, or the CLI). */
export async function writeTableExport(ws: Workspace, raw: unknown, path: string, deps: TableExportDeps): Promise<TableExportSummary> {
  const args = ExportTableArgs.parse(raw);
  await planTableExport(ws, args, deps);
  const subject = resultMeta(deps.results, args.resultId);
  const conn = await ws.connect();
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
  try {
    const { columns, rowCount } = await describeResult(conn, args.resultId);
    let table: ExportTable;
    let protection: Protection = {
      rows: [],
      hidden: [],
      // A row-level list is never suppressed: it is gated by the analyst's confirmation instead.
      ruleText: subject.personalData ? PERSONAL_DATA_TEXT : ruleText(args.rule),
    };
    if (needsProtection(subject, args.rule)) {
      const cells = await readAll(readBatches(conn, args.resultId));
      const names = columns.map((c) => c.name);
      protection = (deps.protect ?? protectResult)(subject, names, cells.map((r) => toRow(columns, r)), args.rule);
      table = { columns, rowCount, batches: inBatches(markHidden(columns, protection.rows, protection.hidden)) };
    } else {
      table = { columns, rowCount, batches: readBatches(conn, args.resultId) };
    }
    const { hidden } = protection;
    const exportedAt = (deps.now ?? (() => new Date()))();
    if (args.format === 'csv') {
      await writeCsv(partial, table);
    } else {
      await writeXlsx(partial, table, {
        countColumns: subject.disclosure.countColumns,
        creator: `SV Workbench ${deps.appVersion}`,
        created: exportedAt,
        provenance: provenanceRows({
          title: subject.title,
          provenance: subject.provenance,
          rule: args.rule,
          ruleText: protection.ruleText,
          hidden,
          atRisk: protection.atRisk?.length ?? 0,
          unchecked: protection.unchecked ?? 0,
          personalData: subject.personalData,
          columns: columns.map((c) => c.name),
          rowCount,
          appVersion: deps.appVersion,
          exportedAt,
        }),
      });
    }
    await rename(partial, path);
    return { savedTo: path, format: args.format, rows: rowCount, rule: args.rule, ruleText: protection.ruleText, hidden };
  } catch (err) {
    await rm(partial, { force: true }).catch(() => undefined);
    if (err instanceof EngineError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
      throw new EngineError('internal', `${basename(path)} could not be written: it may be open in Excel, or the folder is read-only. Close it or choose another name.`);
    }
    throw err;
  } finally {
    conn.closeSync();
  }
}
