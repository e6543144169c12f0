import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type ParamValue } from '../../contract/index.js';
import { canonicalTable, type CanonicalType } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { applies, type LibraryEntry, type TableNeed } from './entry.js';

/**
 * Which tables a run needs (they may depend on a parameter, e.g. age-rates `source`), whether
 * the workspace has them with usable columns, and empty stand-ins for the tables the SQL names
 * but these parameters do not use.
 */

/** The tables (and columns) this run needs, merged per table, in declaration order. */
export function neededTables(entry: LibraryEntry, params: Record<string, ParamValue>): TableNeed[] {
  const byTable = new Map<string, Set<string>>();
  for (const t of entry.tables) {
    if (!applies(t, params)) continue;
    const cols = byTable.get(t.table) ?? new Set<string>();
    for (const c of t.columns) cols.add(c);
    byTable.set(t.table, cols);
  }
  return [...byTable].map(([table, cols]) => ({ table, columns: [...cols] }));
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

/** Whether a workspace column type can stand for the canonical type. */
function typeFits(canonical: CanonicalType, actual: string): boolean {
  const t = actual.toUpperCase();
  switch (canonical) {
    case 'VARCHAR':
      return t === 'VARCHAR';
    case 'DATE':
      return t === 'DATE';
    case 'BOOLEAN':
      return t === 'BOOLEAN';
    case 'INTEGER':
      return INTEGER_TYPES.test(t);
    case 'DOUBLE':
      return INTEGER_TYPES.test(t) || t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL');
  }
}

/** Columns (name → type) of the workspace's own tables, read on `conn`. */
async function workspaceColumns(conn: DuckDBConnection, tables: string[]): Promise<Map<string, Map<string, string>>> {
  const found = new Map<string, Map<string, string>>();
  if (!tables.length) return found;
  const reader = await conn.runAndReadAll(
    `SELECT table_name, column_name, data_type FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
       AND table_name IN (${tables.map(quoteLiteral).join(', ')})`,
  );
  for (const [table, column, type] of reader.getRows() as [string, string, string][]) {
    const cols = found.get(table) ?? new Map<string, string>();
    cols.set(column, type);
    found.set(table, cols);
  }
  return found;
}

/** Throws missing_data naming the first table or columns the run lacks. */
export async function checkTables(conn: DuckDBConnection, id: string, needs: TableNeed[]): Promise<void> {
  const found = await workspaceColumns(
    conn,
    needs.map((n) => n.table),
  );
  for (const need of needs) {
    const cols = found.get(need.table);
    if (!cols) {
      throw new EngineError('missing_data', `${id} needs table ${need.table} (columns: ${need.columns.join(', ')})`);
    }
    const missing = need.columns.filter((c) => !cols.has(c));
    if (missing.length) {
      throw new EngineError(
        'missing_data',
        `${id} needs table ${need.table} with columns ${missing.join(', ')} (it has ${[...cols.keys()].join(', ')})`,
      );
    }
    const canonical = canonicalTable(need.table);
    for (const c of need.columns) {
      const want = canonical?.columns.find((cc) => cc.name === c)?.type;
      const have = cols.get(c)!;
      if (want && !typeFits(want, have)) {
        throw new EngineError('missing_data', `${id} needs ${need.table}.${c} as ${want}, but it is ${have}; re-import it`);
      }
    }
  }
}

/**
 * Shadows each table the SQL names but this run does not need with an empty TEMP table of the
 * canonical shape, on the run connection only: the SELECT binds whether or not the workspace
 * has that table, and reads nothing from it.
 */
export async function stubUnneeded(conn: DuckDBConnection, referenced: string[], needs: TableNeed[]): Promise<void> {
  const needed = new Set(needs.map((n) => n.table));
  for (const name of referenced) {
    if (needed.has(name)) continue;
    const t = canonicalTable(name);
    if (!t) throw new EngineError('internal', `no canonical shape for ${name}`);
    const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} (${cols})`);
  }
}

export interface TableProvenance {
  name: string;
  rowCount: number;
  sourceFile: { name: string; sha256: string } | null;
}

/** Row counts and source files of the tables a run read. */
export async function tableProvenance(conn: DuckDBConnection, needs: TableNeed[]): Promise<TableProvenance[]> {
  const out: TableProvenance[] = [];
  for (const { table } of needs) {
    const count = await conn.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(table)}`);
    const meta = await conn.runAndReadAll('SELECT source_name, source_sha256 FROM _sv_tables WHERE name = $name', {
      name: table,
    });
    const [name, sha256] = (meta.getRows()[0] ?? [null, null]) as [string | null, string | null];
    out.push({
      name: table,
      rowCount: Number(count.getRows()[0]?.[0] ?? 0),
      sourceFile: name && sha256 ? { name, sha256 } : null,
    });
  }
  return out;
}
