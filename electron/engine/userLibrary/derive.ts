import { EngineError } from '../../contract/index.js';
import { canonicalTable, canonicalTables } from '../canonical/tables.js';
import type { TableNeed } from '../queries/entry.js';
import { inspectTree, isObject, walk, type Json } from '../queries/guard.js';

/**
 * The `tables:` of an analyst's entry, worked out from the SELECT's parse tree (the guard's
 * own, from DuckDB) instead of asked for. Rules, written down because the loader insists on
 * declared columns:
 * - Only canonical tables may be read: a saved entry must run on any workspace and headless.
 * - A table's columns are its canonical columns that the SQL names, either qualified by the
 *   table or its alias, or unqualified (or qualified by a CTE/subquery alias, which could come
 *   from any table). A name shared by two tables is declared on both.
 * - A table whose columns are never named (`SELECT count(*) FROM offences`) declares its first
 *   required column, so the run still checks the table has its key.
 */

interface ColumnRef {
  column: string;
  qualifier: string | null;
}

function columnRefs(tree: Json): ColumnRef[] {
  const refs: ColumnRef[] = [];
  for (const node of walk(tree)) {
    if (node['class'] === 'COLUMN_REF' && Array.isArray(node['column_names'])) {
      const names = node['column_names'].filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase());
      const column = names.at(-1);
      if (column) refs.push({ column, qualifier: names.length >= 2 ? names.at(-2)! : null });
    }
    // JOIN … USING (col): the column is named without a qualifier.
    if (Array.isArray(node['using_columns'])) {
      for (const c of node['using_columns']) if (typeof c === 'string') refs.push({ column: c.toLowerCase(), qualifier: null });
    }
  }
  return refs;
}

/** alias (or bare name) → table, for references to the tables read (CTE references left out). */
function aliases(tree: Json, read: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const node of walk(tree)) {
    if (node['type'] !== 'BASE_TABLE' || typeof node['table_name'] !== 'string') continue;
    const table = node['table_name'].toLowerCase();
    if (!read.includes(table)) continue;
    const alias = typeof node['alias'] === 'string' && node['alias'] ? node['alias'].toLowerCase() : table;
    map.set(alias, table);
  }
  return map;
}

/** Every base-table name the tree mentions (CTE names included; inspectTree tells them apart). */
function baseTableNames(tree: Json): Set<string> {
  const names = new Set<string>();
  for (const node of walk(tree)) {
    if (node['type'] === 'BASE_TABLE' && typeof node['table_name'] === 'string') names.add(node['table_name'].toLowerCase());
  }
  return names;
}

/** The canonical tables (and columns) a saved entry's SELECT reads; refuses any other table. */
export function deriveTables(id: string, tree: Json): TableNeed[] {
  if (!isObject(tree) && !Array.isArray(tree)) return [];
  // The guard's own walk decides which names are tables (not CTEs) and refuses what it refuses.
  const read = inspectTree(id, tree, baseTableNames(tree));
  const other = read.filter((t) => !canonicalTable(t));
  if (other.length) {
    throw new EngineError(
      'query_refused',
      `${id}: a saved entry reads canonical tables only, so it runs on any workspace; ${other.join(', ')} ${other.length === 1 ? 'is' : 'are'} not one (canonical: ${canonicalTables.map((t) => t.name).join(', ')})`,
    );
  }
  const refs = columnRefs(tree);
  const byAlias = aliases(tree, read);
  return read.map((table) => {
    const canonical = canonicalTable(table)!;
    const named = canonical.columns
      .map((c) => c.name)
      .filter((c) =>
        refs.some((r) => r.column === c && (r.qualifier === null || !byAlias.has(r.qualifier) || byAlias.get(r.qualifier) === table)),
      );
    const fallback = canonical.columns.find((c) => c.required)?.name ?? canonical.columns[0]!.name;
    return { table, columns: named.length ? named : [fallback] };
  });
}
