import type { DuckDBConnection, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import {
  EngineError,
  RunArgs,
  type ParamValue,
  type QueryResult,
  type RunProgress,
} from '../../contract/index.js';
import { canonicalTables } from '../canonical/tables.js';
import { readerColumns, readerRows } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { holds, type LibraryEntry, type TableNeed } from './entry.js';
import { assertSelect, inspectSelect, type TableMacros } from './guard.js';
import { defaultRules } from './library.js';
import { bindingFor } from './params.js';
import { givenParams, resolveParams, type ParamValues } from './resolve.js';
import { checkTables, neededTables, stubUnneeded, tableProvenance } from './tables.js';

/**
 * Runs a saved query: parameters checked and resolved, tables checked, the SELECT guarded,
 * then materialised into `results.r_<n>` on a connection of its own so that cancelling
 * interrupts this run and nothing else.
 */

/** Rows returned with the result; the grid pages the rest from `results.r_<n>`. */
export const MAX_RESULT_ROWS = 5000;

type RunState = RunProgress['state'];

interface Run {
  state: RunState;
  conn: DuckDBConnection | null;
  cancelled: boolean;
}

export interface RunRegistry {
  runs: Map<string, Run>;
  nextResult: number;
}

/** Finished runs kept for progress look-ups. */
const KEEP_FINISHED = 200;

export function createRunRegistry(): RunRegistry {
  return { runs: new Map(), nextResult: 1 };
}

export function progress(runs: RunRegistry, runId: string): RunProgress {
  const run = runs.runs.get(runId);
  if (!run) return { runId, state: 'unknown', percent: null };
  let percent: number | null = null;
  if (run.state === 'running' && run.conn) {
    const p = run.conn.progress.percentage;
    percent = Number.isFinite(p) && p >= 0 ? Math.min(100, p) : null;
  } else if (run.state === 'done') {
    percent = 100;
  }
  return { runId, state: run.state, percent };
}

/** Interrupts a running query; false when the run is unknown or already over. */
export function cancel(runs: RunRegistry, runId: string): boolean {
  const run = runs.runs.get(runId);
  if (!run || run.state !== 'running') return false;
  run.cancelled = true;
  run.conn?.interrupt();
  return true;
}

function forget(runs: RunRegistry): void {
  for (const [id, run] of runs.runs) {
    if (runs.runs.size <= KEEP_FINISHED) break;
    if (run.state !== 'running') runs.runs.delete(id);
  }
}

/** Tables read by the defaults this run will work out from the data. */
function defaultNeeds(entry: LibraryEntry, params: ParamValues): TableNeed[] {
  const out: TableNeed[] = [];
  for (const p of entry.params) {
    if (params[p.name] !== null) continue;
    const rule = defaultRules(p).find((r) => holds(r.when, params));
    if (!rule || 'param' in rule || 'value' in rule) continue;
    const [table, column] = ('max' in rule ? rule.max : 'all' in rule ? rule.all : rule.only).split('.') as [string, string];
    out.push({ table, columns: [column] });
  }
  return out;
}

/** The tables each of the entry's table macros reads (its SELECT parsed by the guard). */
async function tableMacroReads(conn: DuckDBConnection, entry: LibraryEntry): Promise<TableMacros> {
  const canonical = new Set(canonicalTables.map((t) => t.name));
  const reads = new Map<string, string[]>();
  for (const m of entry.macros) {
    if (m.table) reads.set(m.table.name, await inspectSelect(conn, `macros/${m.file}`, m.table.select, canonical).then((r) => r.tables));
  }
  return reads;
}

/** Scalar macros always; a table macro only when the SELECT calls it (its tables exist by then). */
async function installMacros(conn: DuckDBConnection, entry: LibraryEntry, called: readonly string[]): Promise<void> {
  for (const m of entry.macros) {
    if (m.table && !called.includes(m.table.name)) continue;
    try {
      await conn.run(m.sql);
    } catch (err) {
      throw new EngineError('internal', `macros/${m.file}: ${(err as Error).message}`);
    }
  }
}

/** Progress reporting is a per-connection switch; PRAGMA sets it even on a locked database. */
async function prepareConnection(conn: DuckDBConnection): Promise<void> {
  await conn.run('PRAGMA enable_progress_bar');
  await conn.run('PRAGMA disable_print_progress_bar');
}

function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /interrupt/i.test(err.message);
}

export async function runQuery(
  ws: Workspace,
  library: LibraryEntry[],
  args: RunArgs,
  runs: RunRegistry,
): Promise<QueryResult> {
  const { queryId, params: given, runId } = RunArgs.parse(args);
  const entry = library.find((e) => e.id === queryId);
  if (!entry) throw new EngineError('not_found', `no saved query ${queryId}`);
  return runEntry(ws, entry, given, runId, runs);
}

export interface RunEntryOptions {
  /**
   * Tables the SELECT may name. Default: the entry's declared tables. The SQL editor allows
   * every workspace table plus the canonical ones (stubbed empty when the workspace lacks them).
   */
  known?: ReadonlySet<string>;
}

/** Runs one entry (a library entry, or the SQL editor's draft dressed as one). */
export async function runEntry(
  ws: Workspace,
  entry: LibraryEntry,
  given: Record<string, ParamValue>,
  runId: string,
  runs: RunRegistry,
  options: RunEntryOptions = {},
): Promise<QueryResult> {
  if (runs.runs.get(runId)?.state === 'running') {
    throw new EngineError('invalid_args', `run ${runId} is already running`);
  }
  const run: Run = { state: 'running', conn: null, cancelled: false };
  runs.runs.set(runId, run);
  forget(runs);
  const started = Date.now();
  const ranAt = new Date(started).toISOString();
  const stopIfCancelled = () => {
    if (run.cancelled) throw new EngineError('cancelled', `${entry.id}: cancelled`);
  };

  let conn: DuckDBConnection | null = null;
  let target: string | null = null;
  try {
    conn = await ws.connect();
    run.conn = conn;
    await prepareConnection(conn);

    let params = givenParams(entry, given);
    const needs = neededTables(entry, params);
    await checkTables(conn, entry.id, [...needs, ...defaultNeeds(entry, params)]);
    params = await resolveParams(conn, entry, params);
    stopIfCancelled();

    const known = options.known ?? new Set(entry.tables.map((t) => t.table));
    const { tables: referenced, macros: called } = await inspectSelect(conn, entry.id, entry.sql, known, await tableMacroReads(conn, entry));
    await stubUnneeded(conn, referenced, needs);
    await installMacros(conn, entry, called);
    await assertSelect(conn, entry.id, entry.sql);
    stopIfCancelled();

    const resultId = `r_${runs.nextResult++}`;
    target = `results.${quoteIdent(resultId)}`;
    const prepared = await conn.prepare(`CREATE TABLE ${target} AS\n${entry.sql}`);
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType> = {};
    for (let i = 1; i <= prepared.parameterCount; i++) {
      const name = prepared.parameterName(i);
      const p = entry.params.find((q) => q.name === name);
      if (!p) throw new EngineError('internal', `${entry.id}: the SQL uses $${name}, which is not declared`);
      const b = bindingFor(p, params[name] ?? null);
      values[name] = b.value;
      types[name] = b.type;
    }
    prepared.bind(values, types);
    stopIfCancelled();
    try {
      await prepared.run();
    } finally {
      prepared.destroySync();
    }
    stopIfCancelled();

    const reader = await conn.runAndReadAll(`SELECT * FROM ${target} LIMIT ${MAX_RESULT_ROWS}`);
    const count = await conn.runAndReadAll(`SELECT count(*) FROM ${target}`);
    const rowCount = Number(count.getRows()[0]?.[0] ?? 0);
    const tables = await tableProvenance(conn, needs);
    run.state = 'done';
    return {
      runId,
      resultId,
      queryId: entry.id,
      version: entry.version,
      params,
      columns: readerColumns(reader),
      rowCount,
      rows: readerRows(reader),
      truncated: rowCount > MAX_RESULT_ROWS,
      chart: entry.chart,
      provenance: {
        queryId: entry.id,
        version: entry.version,
        params,
        tables,
        ranAt,
        durationMs: Date.now() - started,
      },
    };
  } catch (err) {
    // A run that did not finish leaves no half-read result behind.
    if (target && conn) await conn.run(`DROP TABLE IF EXISTS ${target}`).catch(() => undefined);
    if (run.cancelled && (isInterrupt(err) || (err instanceof EngineError && err.code === 'cancelled'))) {
      run.state = 'cancelled';
      throw new EngineError('cancelled', `${entry.id}: cancelled`);
    }
    run.state = 'failed';
    if (err instanceof EngineError) throw err;
    throw new EngineError('query_failed', `${entry.id}: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    run.conn = null;
    conn?.closeSync();
  }
}
