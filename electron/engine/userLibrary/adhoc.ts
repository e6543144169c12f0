import { createHash } from 'node:crypto';
import {
  EngineError,
  RunAdhocArgs,
  type AdhocParam,
  type ParamValue,
  type QueryResult,
} from '../../contract/index.js';
import { canonicalTables } from '../canonical/tables.js';
import type { EntryParam, LibraryEntry, Macro } from '../queries/entry.js';
import { inspectSelect } from '../queries/guard.js';
import { sqlParameters } from '../queries/library.js';
import { runEntry, type RunRegistry } from '../queries/run.js';
import type { Workspace } from '../workspace/workspace.js';
import { normaliseSql } from './format.js';

/**
 * The SQL editor's SELECT, run as if it were a library entry with id `ad-hoc`: the guard, the
 * run path (own connection, bound `$params`, progress and cancel), the results catalogue and
 * the provenance are the library's. It may read any workspace table, and a canonical table the
 * workspace lacks reads as empty (as for a library entry).
 */

export const ADHOC_ID = 'ad-hoc';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Provenance of SQL that no app release pins (ad-hoc, or the analyst's own entry). */
export function withSql(result: QueryResult, sql: string, includeText: boolean): QueryResult {
  return {
    ...result,
    provenance: { ...result.provenance, sqlSha256: sha256(sql), ...(includeText ? { sql } : {}) },
  };
}

/** The analyst-visible tables of the workspace (its `_sv_` bookkeeping is not). */
async function workspaceTables(ws: Workspace): Promise<string[]> {
  const reader = await ws.conn.runAndReadAll(
    `SELECT table_name FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
       AND NOT starts_with(table_name, '_sv_')`,
  );
  return reader.getRows().map((r) => String(r[0]).toLowerCase());
}

function adhocParams(sql: string, list: AdhocParam[]): { params: EntryParam[]; values: Record<string, ParamValue> } {
  const used = sqlParameters(sql);
  const seen = new Set<string>();
  for (const p of list) {
    if (seen.has(p.name)) throw new EngineError('invalid_args', `${ADHOC_ID}: $${p.name} is given twice`);
    seen.add(p.name);
    if (!used.has(p.name)) throw new EngineError('invalid_args', `${ADHOC_ID}: the SQL does not use $${p.name}`);
  }
  for (const name of used) {
    if (!seen.has(name)) throw new EngineError('invalid_args', `${ADHOC_ID}: the SQL uses $${name}: give it a type and a value`);
  }
  return {
    params: list.map((p) => ({ name: p.name, type: p.type, label: p.name, description: p.name, default: null, required: true })),
    values: Object.fromEntries(list.map((p) => [p.name, p.value])),
  };
}

export async function runAdhoc(ws: Workspace, macros: Macro[], args: RunAdhocArgs, runs: RunRegistry): Promise<QueryResult> {
  const parsed = RunAdhocArgs.parse(args);
  const sql = normaliseSql(parsed.sql);
  if (!sql) throw new EngineError('invalid_args', 'Write a SELECT to run.');
  const { params, values } = adhocParams(sql, parsed.params);

  const present = new Set(await workspaceTables(ws));
  const known = new Set([...present, ...canonicalTables.map((t) => t.name)]);
  // The guard first, on its own: the tables read decide what the run checks and records.
  const { tables: read } = await inspectSelect(ws.conn, ADHOC_ID, sql, known);
  const entry: LibraryEntry = {
    id: ADHOC_ID,
    file: 'SQL editor',
    title: 'Ad-hoc SQL',
    description: '',
    theme: '',
    version: 'draft',
    definition: '',
    params,
    tables: read.filter((t) => present.has(t)).map((table) => ({ table, columns: [] })),
    chart: parsed.chart ?? { type: 'none', x: '', y: '' },
    countColumns: [],
    rowLevel: false,
    sql,
    macros,
  };
  const result = await runEntry(ws, entry, values, parsed.runId, runs, { known });
  return withSql(result, sql, true);
}
