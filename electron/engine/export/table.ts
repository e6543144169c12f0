import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { EngineError, type Cell, type ColumnKind } from '../../contract/index.js';
import { describeColumn, toCell } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';

/**
 * A result in the workspace's `results` catalogue as the table writers see it: its columns,
 * its row count, and its rows in batches read from DuckDB as they are written, so a million-row
 * result never sits whole in memory.
 */

export interface ExportColumn {
  name: string;
  /** DuckDB's type name, e.g. BIGINT, DOUBLE, DATE. */
  type: string;
  kind: ColumnKind;
}

export interface ExportTable {
  columns: ExportColumn[];
  rowCount: number;
  /** Rows in order, in batches; a hidden cell already reads SUPPRESSED. Iterated once. */
  batches: AsyncIterable<Cell[][]>;
}

/** Rows per batch handed to a writer: big enough to amortise, small enough to stay a few MB. */
export const BATCH_ROWS = 10_000;

/** Text a spreadsheet would read as a formula (or DDE payload) if it began a cell. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell as written into CSV and XLSX: one that a spreadsheet could run as a formula gets a
 * leading apostrophe, the OWASP advice, so it reads as text in Excel, LibreOffice and Sheets and
 * stays text if it is copied on. Numbers never come here, so a negative change stays a number.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Results are addressed only by the id the engine gave them (`r_<n>`), never by a table name. */
export function resultTable(resultId: string): string {
  if (!/^r_\d+$/.test(resultId)) throw new EngineError('invalid_args', `not a result id: ${resultId}`);
  return `results.${quoteIdent(resultId)}`;
}

/** As the contract's cells, except that a BIGINT beyond 2^53 stays exact as text (an id, not an amount). */
function exportCell(value: DuckDBValue): Cell {
  if (typeof value === 'bigint' && (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))) {
    return value.toString();
  }
  return toCell(value);
}

/** The result's columns and row count; a result the engine no longer holds is `not_found`. */
export async function describeResult(conn: DuckDBConnection, resultId: string): Promise<{ columns: ExportColumn[]; rowCount: number }> {
  const table = resultTable(resultId);
  try {
    const head = await conn.runAndReadAll(`SELECT * FROM ${table} LIMIT 0`);
    const names = head.columnNames();
    const types = head.columnTypes();
    const count = await conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
    return {
      columns: names.map((n, i) => describeColumn(n, types[i]!)),
      rowCount: Number(count.getRows()[0]?.[0] ?? 0),
    };
  } catch (err) {
    if (err instanceof Error && /does not exist|not found/i.test(err.message)) {
      throw new EngineError('not_found', `The result ${resultId} is no longer held (results last until the app closes): run the query again.`);
    }
    throw err;
  }
}

/**
 * Streams the result's rows in the order the run left them (rowid, as the preview reads them, so
 * a hidden cell's row is the row the analyst saw hidden), BATCH_ROWS at a time.
 */
export async function* readBatches(conn: DuckDBConnection, resultId: string, batchRows = BATCH_ROWS): AsyncGenerator<Cell[][]> {
  const result = await conn.stream(`SELECT * FROM ${resultTable(resultId)} ORDER BY rowid`);
  let batch: Cell[][] = [];
  for await (const rows of result.yieldRows()) {
    for (const row of rows) batch.push(row.map(exportCell));
    if (batch.length >= batchRows) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Rows already in memory (a protected table), handed out in the same batches. */
export async function* inBatches(rows: Cell[][], batchRows = BATCH_ROWS): AsyncGenerator<Cell[][]> {
  for (let i = 0; i < rows.length; i += batchRows) yield rows.slice(i, i + batchRows);
}
