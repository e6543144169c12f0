import type { DuckDBConnection } from '@duckdb/node-api';
import {
  ExportPreviewArgs,
  type Column,
  type DisclosureRule,
  type ExportPreview,
  type Row,
} from '../../contract/index.js';
import { readerColumns, readerRows } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { PERSONAL_DATA_TEXT, protectTable, type ProtectedTable } from './disclosure.js';
import { resultMeta, type ResultRecord, type ResultStore } from './results.js';

/**
 * The export preview: a result as it would be exported under a rule, read from `results.r_<n>`
 * and protected with its entry's metadata, so the analyst sees every [c] before saving.
 */

/** Rows read for a preview; a larger result is previewed in part (complete: false). */
export const PREVIEW_MAX_ROWS = 50_000;

/** A result table's rows in their stored order, up to `limit`, and how many it has in all. */
export async function readResult(
  conn: DuckDBConnection,
  resultId: string,
  limit: number,
): Promise<{ columns: Column[]; rows: Row[]; rowCount: number }> {
  const table = `results.main.${quoteIdent(resultId)}`;
  const count = await conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
  const reader = await conn.runAndReadAll(`SELECT * FROM ${table} ORDER BY rowid LIMIT ${Math.max(0, Math.floor(limit))}`);
  return { columns: readerColumns(reader), rows: readerRows(reader), rowCount: Number(count.getRows()[0]?.[0] ?? 0) };
}

/**
 * A result's rows under a rule. A row-level list is personal data: it is never suppressed
 * (the analyst confirms its export instead), and its provenance says so.
 */
export function protectResult(record: ResultRecord, columns: string[], rows: Row[], rule: DisclosureRule): ProtectedTable {
  if (record.personalData) {
    return {
      columns,
      rows: rows.map((r) => columns.map((c) => r[c] ?? null)),
      hidden: [],
      rule,
      ruleText: PERSONAL_DATA_TEXT,
      atRisk: [],
      unchecked: 0,
    };
  }
  return protectTable(columns, rows, record.disclosure, rule);
}

export async function previewExport(ws: Workspace, store: ResultStore, raw: unknown): Promise<ExportPreview> {
  const args = ExportPreviewArgs.parse(raw);
  const record = resultMeta(store, args.resultId);
  const conn = await ws.connect();
  try {
    const { columns, rows, rowCount } = await readResult(conn, record.resultId, PREVIEW_MAX_ROWS);
    const names = columns.map((c) => c.name);
    const table = protectResult(record, names, rows, args.rule);
    return {
      resultId: record.resultId,
      rule: args.rule,
      ruleText: table.ruleText,
      columns: names,
      rows: table.rows,
      complete: rows.length === rowCount,
      rowCount,
      hidden: table.hidden,
      personalData: record.personalData,
      atRisk: table.atRisk,
    };
  } finally {
    conn.closeSync();
  }
}
