import {
  EngineError,
  type Column,
  type GridPage,
  type GridRequest,
  type GridSource,
} from '../../contract/index.js';
import type { z } from 'zod';
import type { GridRequest as GridRequestSchema } from '../../contract/schemas.js';
import { readerColumns, readerRows } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { filterSql } from './filters.js';

/** Largest page the grid may ask for: keeps the renderer from pulling a whole table. */
export const MAX_PAGE_ROWS = 5_000;

type ParsedGridRequest = z.output<typeof GridRequestSchema>;

/** Resolves a grid source to a fully-qualified relation that is known to exist. */
async function relationFor(ws: Workspace, source: GridSource): Promise<string> {
  const [catalog, name] = source.kind === 'table' ? ['workspace', source.table] : ['results', source.resultId];
  const reader = await ws.conn.runAndReadAll(
    `SELECT database_name FROM duckdb_tables()
     WHERE schema_name = 'main' AND table_name = $name AND NOT starts_with(table_name, '_sv_')
       AND (($catalog = 'results' AND database_name = 'results') OR ($catalog = 'workspace' AND database_name <> 'results' AND NOT temporary))`,
    { name, catalog },
  );
  const db = reader.getRows()[0]?.[0];
  if (typeof db !== 'string') {
    const what = source.kind === 'table' ? `table "${name}"` : 'that result (run the query again)';
    throw new EngineError('not_found', `${what} is not in the workspace`);
  }
  return `${quoteIdent(db)}.main.${quoteIdent(name)}`;
}

async function columnsOf(ws: Workspace, relation: string): Promise<Column[]> {
  const reader = await ws.conn.runAndReadAll(`SELECT * FROM ${relation} LIMIT 0`);
  return readerColumns(reader);
}

/**
 * One page of a table or query result, sorted and filtered in SQL. Sort and filter column
 * names are checked against the relation's own columns; filter values are bound parameters.
 * rowid breaks ties so that pages never overlap or skip rows.
 */
export async function pageRows(ws: Workspace, req: ParsedGridRequest | GridRequest): Promise<GridPage> {
  const sortModel = req.sortModel ?? [];
  const filterModel = req.filterModel ?? {};
  if (req.endRow <= req.startRow) throw new EngineError('invalid_args', 'endRow must be after startRow');
  if (req.endRow - req.startRow > MAX_PAGE_ROWS) {
    throw new EngineError('invalid_args', `at most ${MAX_PAGE_ROWS} rows per page`);
  }
  const relation = await relationFor(ws, req.source);
  const columns = await columnsOf(ws, relation);
  const allowed = new Set(columns.map((c) => c.name));

  const where = filterSql(filterModel, allowed);
  const order = sortModel.map((s) => {
    if (!allowed.has(s.colId)) throw new EngineError('invalid_args', `unknown column "${s.colId}"`);
    return `${quoteIdent(s.colId)} ${s.sort === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  order.push('rowid');

  const count = await ws.conn.runAndReadAll(`SELECT count(*) FROM ${relation} ${where.sql}`, where.values);
  const rowCount = Number(count.getRows()[0]?.[0] ?? 0);

  const page = await ws.conn.runAndReadAll(
    `SELECT * FROM ${relation} ${where.sql} ORDER BY ${order.join(', ')} LIMIT $limit OFFSET $offset`,
    { ...where.values, limit: req.endRow - req.startRow, offset: req.startRow },
  );
  return { rows: readerRows(page), rowCount, columns };
}
