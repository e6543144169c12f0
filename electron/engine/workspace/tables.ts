import type { TableInfo, TableKind } from '../../contract/index.js';
import { columnKind } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import type { Workspace } from './workspace.js';

/**
 * The analyst-visible tables: everything in the workspace's main schema except our own
 * `_sv_` metadata. Kind comes from the import record; rejects tables are recognisable by
 * name too, so a table imported by an older build still shows correctly.
 */
export async function listTables(ws: Workspace): Promise<TableInfo[]> {
  const reader = await ws.conn.runAndReadAll(`
    SELECT c.table_name, c.column_name, c.data_type, m.kind
    FROM duckdb_columns() c
    JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
    LEFT JOIN _sv_tables m ON m.name = c.table_name
    WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT t.temporary
      AND NOT starts_with(c.table_name, '_sv_')
    ORDER BY c.table_name, c.column_index`);
  const byName = new Map<string, TableInfo>();
  for (const [name, column, type, kind] of reader.getRows() as [string, string, string, string | null][]) {
    let info = byName.get(name);
    if (!info) {
      const k: TableKind = kind === 'reference' || kind === 'rejects' ? kind : name.endsWith('__rejects') ? 'rejects' : 'data';
      info = { name, kind: k, rowCount: 0, columns: [] };
      byName.set(name, info);
    }
    info.columns.push({ name: column, type, kind: columnKind(type) });
  }
  const tables = [...byName.values()];
  for (const t of tables) {
    const count = await ws.conn.runAndReadAll(`SELECT count(*) FROM ${quoteIdent(t.name)}`);
    t.rowCount = Number(count.getRows()[0]?.[0] ?? 0);
  }
  return tables;
}
