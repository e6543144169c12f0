import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../../contract/index.js';

/**
 * The first fence around a saved query: it must be ONE read-only SELECT that reads only known
 * workspace tables. DuckDB itself parses it (no home-made SQL parsing): the statement count,
 * the parse tree from json_serialize_sql, and the prepared statement's type. The workspace
 * DuckDB is also locked to its own folder (openLockedDb), so this is not the only fence.
 */

/** Table functions a SELECT may call: they generate rows, they read nothing. */
const TABLE_FUNCTIONS_ALLOWED = new Set(['range', 'generate_series', 'unnest']);

/** Scalar (and any) functions that read files, settings, the environment, or change state. */
const FUNCTIONS_REFUSED = new Set([
  'getenv',
  'current_setting',
  'current_query',
  'write_log',
  'nextval',
  'currval',
  'setseed',
  'glob',
  'sniff_csv',
  'query',
  'query_table',
  'checkpoint',
  'force_checkpoint',
  'json_execute_serialized_sql',
  'json_deserialize_sql',
  'sql_auto_complete',
  'which_secret',
]);
const PREFIXES_REFUSED = ['read_', 'parquet_', 'pragma_', 'duckdb_', 'enable_', 'disable_', 'truncate_', 'iceberg_', 'delta_', 'sqlite_', 'postgres_', 'mysql_'];

/** Parse-tree table references that are plain data: anything else (SHOW/DESCRIBE/…) is refused. */
const TABLE_REF_TYPES = new Set(['BASE_TABLE', 'TABLE_FUNCTION', 'SUBQUERY', 'JOIN', 'EMPTY', 'EXPRESSION_LIST', 'PIVOT']);

const STATEMENT_NAMES: Partial<Record<number, string>> = {
  [StatementType.INSERT]: 'INSERT',
  [StatementType.UPDATE]: 'UPDATE',
  [StatementType.DELETE]: 'DELETE',
  [StatementType.CREATE]: 'CREATE',
  [StatementType.DROP]: 'DROP',
  [StatementType.COPY]: 'COPY',
  [StatementType.ATTACH]: 'ATTACH',
  [StatementType.DETACH]: 'DETACH',
  [StatementType.LOAD]: 'INSTALL/LOAD',
  [StatementType.PRAGMA]: 'PRAGMA',
  [StatementType.SET]: 'SET',
  [StatementType.EXPLAIN]: 'EXPLAIN',
  [StatementType.CALL]: 'CALL',
  [StatementType.EXPORT]: 'EXPORT',
  [StatementType.ALTER]: 'ALTER',
  [StatementType.TRANSACTION]: 'a transaction statement',
};

export interface GuardResult {
  /** Workspace tables the query reads (CTE names excluded; through table macros too), sorted. */
  tables: string[];
  /** The library's table macros it calls, sorted. */
  macros: string[];
}

/** The library's table macros a SELECT may call, each with the tables it reads. */
export type TableMacros = ReadonlyMap<string, readonly string[]>;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every object node of a parse tree, depth first. */
export function* walk(node: Json): Generator<JsonObject> {
  if (Array.isArray(node)) {
    for (const n of node) yield* walk(n);
  } else if (isObject(node)) {
    yield node;
    for (const v of Object.values(node)) yield* walk(v);
  }
}

function functionRefused(name: string): boolean {
  const n = name.toLowerCase();
  return FUNCTIONS_REFUSED.has(n) || PREFIXES_REFUSED.some((p) => n.startsWith(p));
}

/** CTE names defined anywhere in the tree (`cte_map.map[].key`). */
function cteNames(tree: Json): Set<string> {
  const names = new Set<string>();
  for (const node of walk(tree)) {
    const cte = node['cte_map'] ?? null;
    if (!isObject(cte) || !Array.isArray(cte['map'])) continue;
    for (const entry of cte['map']) {
      if (isObject(entry) && typeof entry['key'] === 'string') names.add(entry['key'].toLowerCase());
    }
  }
  return names;
}

/** Inspects the parse tree; returns the workspace tables read. */
export function inspectTree(id: string, tree: Json, known: ReadonlySet<string>, tableMacros: TableMacros = new Map()): string[] {
  return inspectCalls(id, tree, known, tableMacros).tables;
}

function inspectCalls(id: string, tree: Json, known: ReadonlySet<string>, tableMacros: TableMacros): GuardResult {
  const refuse: (why: string) => never = refuser(id);
  const ctes = cteNames(tree);
  const tables = new Set<string>();
  const macros = new Set<string>();
  for (const node of walk(tree)) {
    const type = node['type'];
    const klass = node['class'];
    if (klass === 'FUNCTION' && typeof node['function_name'] === 'string') {
      if (functionRefused(node['function_name'])) refuse(`the function ${node['function_name']}() is not allowed in a saved query`);
      continue;
    }
    if (typeof type !== 'string' || !('query_location' in node) || !('sample' in node)) continue;
    // A table reference (it carries alias, sample and query_location).
    if (!TABLE_REF_TYPES.has(type)) refuse(`${type} is not allowed in a saved query`);
    if (type === 'TABLE_FUNCTION') {
      const fn = node['function'] ?? null;
      const name = isObject(fn) && typeof fn['function_name'] === 'string' ? fn['function_name'] : '?';
      const reads = tableMacros.get(name.toLowerCase());
      if (reads) {
        macros.add(name.toLowerCase());
        for (const t of reads) tables.add(t);
      } else if (!TABLE_FUNCTIONS_ALLOWED.has(name.toLowerCase())) {
        refuse(`the table function ${name}() is not allowed in a saved query (it can read files)`);
      }
    }
    if (type === 'BASE_TABLE') {
      const name = String(node['table_name'] ?? '');
      if (/[./\\]/.test(name)) refuse(`'${name}' looks like a file; saved queries read workspace tables only`);
      if (node['schema_name'] || node['catalog_name']) {
        refuse(`${[node['catalog_name'], node['schema_name'], name].filter(Boolean).join('.')}: qualified table names are not allowed`);
      }
      if (node['at_clause'] !== null && node['at_clause'] !== undefined) refuse(`${name}: AT (time travel) is not allowed`);
      const lower = name.toLowerCase();
      if (ctes.has(lower)) continue;
      if (!known.has(lower)) refuse(`unknown table ${name}`);
      tables.add(lower);
    }
  }
  return { tables: [...tables].sort(), macros: [...macros].sort() };
}

/** First word(s) of a statement, for the refusal message only. */
function leadingKeyword(sql: string): string {
  const code = sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').trim();
  return (/^[A-Za-z]+/.exec(code)?.[0] ?? 'that statement').toUpperCase();
}

function refuser(id: string): (why: string) => never {
  return (why) => {
    throw new EngineError('query_refused', `${id}: ${why}`);
  };
}

/**
 * Parses without binding (nothing is read): exactly one statement, a SELECT by its parse tree,
 * no refused function or table reference, only `known` tables (and the library's table macros
 * given). Returns the tables it reads and the table macros it calls.
 */
export async function inspectSelect(
  conn: DuckDBConnection,
  id: string,
  sql: string,
  known: ReadonlySet<string>,
  tableMacros: TableMacros = new Map(),
): Promise<GuardResult> {
  return inspectCalls(id, await parseSelect(conn, id, sql), known, tableMacros);
}

/** DuckDB's parse tree of exactly one SELECT (refused otherwise); nothing is bound or read. */
export async function parseSelect(conn: DuckDBConnection, id: string, sql: string): Promise<Json> {
  const refuse: (why: string) => never = refuser(id);
  let count: number;
  try {
    count = (await conn.extractStatements(sql)).count;
  } catch (err) {
    return refuse(`the SQL does not parse: ${(err as Error).message}`);
  }
  if (count !== 1) refuse(`a saved query must be exactly one statement (found ${count})`);

  const reader = await conn.runAndReadAll('SELECT json_serialize_sql($sql::VARCHAR)', { sql });
  const serialized = JSON.parse(String(reader.getRows()[0]?.[0])) as JsonObject;
  if (serialized['error'] === true) {
    const message = String(serialized['error_message'] ?? '');
    if (/only select/i.test(message)) refuse(`only a read-only SELECT may run (this is ${leadingKeyword(sql)})`);
    refuse(`the SQL does not parse: ${message}`);
  }
  return serialized['statements'] ?? null;
}

/**
 * Prepares (binds, reads no data) and checks DuckDB's own statement type. Run it only after
 * inspectSelect: binding a file-reading function would already open the file.
 */
export async function assertSelect(conn: DuckDBConnection, id: string, sql: string): Promise<void> {
  const extracted = await conn.extractStatements(sql);
  let prepared;
  try {
    prepared = await extracted.prepare(0);
  } catch (err) {
    throw new EngineError('query_failed', `${id}: ${(err as Error).message}`);
  }
  try {
    const type = prepared.statementType;
    if (type !== StatementType.SELECT) {
      refuser(id)(`only a read-only SELECT may run (this is ${STATEMENT_NAMES[type] ?? leadingKeyword(sql)})`);
    }
  } finally {
    prepared.destroySync();
  }
}

/** Refuses (EngineError 'query_refused') anything but one read-only SELECT over `known` tables. */
export async function guardSelect(
  conn: DuckDBConnection,
  id: string,
  sql: string,
  known: ReadonlySet<string>,
): Promise<GuardResult> {
  const result = await inspectSelect(conn, id, sql, known);
  await assertSelect(conn, id, sql);
  return result;
}
