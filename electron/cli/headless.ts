import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineError, type ParamValue, type Provenance, type Row } from '../contract/index.js';
import { canonicalTable } from '../engine/canonical/tables.js';
import { quoteIdent } from '../engine/db/sql.js';
import { readerRows } from '../engine/db/cells.js';
import { importCanonicalCsv } from '../engine/import/index.js';
import { givenParams } from '../engine/queries/resolve.js';
import { loadLibrary } from '../engine/queries/library.js';
import type { LibraryEntry } from '../engine/queries/entry.js';
import { createRunRegistry, runQuery } from '../engine/queries/run.js';
import { loadReferenceTables } from '../engine/reference/load.js';
import { withSql } from '../engine/userLibrary/adhoc.js';
import { loadOwnEntries } from '../engine/userLibrary/headless.js';
import { openWorkspace, type Workspace } from '../engine/workspace/workspace.js';

/**
 * A saved query over a folder of canonical CSVs, without a window: the same engine the app
 * runs, over a throw-away in-memory workspace. The JSON is unsuppressed (disclosure control
 * applies to exports; `--no-suppress` is accepted for when it applies here too).
 */

/** The library shipped in the source tree (queries/ at the repository root). */
export const defaultQueriesDir = (): string => fileURLToPath(new URL('../../queries', import.meta.url));

export interface HeadlessRun {
  queryId: string;
  /** A folder of canonical CSVs, imported into a throw-away workspace … */
  dataDir?: string;
  /** … or a workspace folder (e.g. filled by `import`), used as it is. */
  workspaceDir?: string;
  /** As typed on the command line; the engine coerces them. */
  params: Record<string, ParamValue>;
  queriesDir?: string;
  /** The analyst's own saved queries (`--library`), run like the app's. */
  userLibraryDir?: string;
  /** Where the throw-away workspace folder goes (default: the OS temp folder). */
  tempParent?: string;
}

/** The spec's JSON shape. `columns` is the list of column names, in order. */
export interface HeadlessOutput {
  query: string;
  version: string;
  params: Record<string, ParamValue>;
  columns: string[];
  rows: Row[];
  provenance: Provenance;
}

export interface HeadlessResult {
  output: HeadlessOutput;
  /** One line each, e.g. rows an import rejected (the run still went ahead). */
  warnings: string[];
}

function findEntry(library: LibraryEntry[], id: string): LibraryEntry {
  const entry = library.find((e) => e.id === id);
  if (!entry) throw new EngineError('not_found', `unknown query ${id} (see: list --format json)`);
  return entry;
}

/**
 * Imports every `<table>.csv` named after a canonical table. The shipped reference tables go
 * in first, so a reference CSV in the folder replaces its shipped version.
 */
export async function loadDataFolder(ws: Workspace, dataDir: string): Promise<string[]> {
  const dir = resolve(dataDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new EngineError('not_found', `data folder not found: ${dataDir}`);
  }
  await loadReferenceTables(ws);
  const warnings: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv')).sort()) {
    const table = canonicalTable(file.slice(0, -4).toLowerCase());
    if (!table) continue;
    const result = await importCanonicalCsv(ws, join(dir, file), table);
    if (result.rowsRejected > 0) {
      warnings.push(
        `warning: ${file}: ${result.rowsRejected} row(s) rejected and left out (kept in ${result.rejectsTable ?? 'a rejects table'})`,
      );
    }
  }
  return warnings;
}

/** Opens an existing workspace folder for the CLI; a folder without one is an error, not a new workspace. */
export async function openExistingWorkspace(workspaceDir: string): Promise<Workspace> {
  const dir = resolve(workspaceDir);
  if (!existsSync(join(dir, 'workspace.duckdb'))) throw new EngineError('not_found', `no workspace in ${workspaceDir}`);
  return openWorkspace(dir);
}

export async function runHeadless(run: HeadlessRun): Promise<HeadlessResult> {
  const queriesDir = run.queriesDir ?? defaultQueriesDir();
  const app = await loadLibrary(queriesDir);
  const own = run.userLibraryDir === undefined ? null : await loadOwnEntries(run.userLibraryDir, app, queriesDir);
  const library = [...app, ...(own?.entries ?? [])];
  const entry = findEntry(library, run.queryId);
  givenParams(entry, run.params); // unknown or malformed parameters fail before any import
  if ((run.dataDir === undefined) === (run.workspaceDir === undefined)) {
    throw new EngineError('invalid_args', 'a run needs a data folder or a workspace, not both');
  }
  const tmp = run.dataDir !== undefined ? mkdtempSync(join(run.tempParent ?? tmpdir(), 'sv-cli-')) : null;
  let ws: Workspace | null = null;
  try {
    const warnings: string[] = [...(own?.warnings ?? [])];
    if (tmp !== null) {
      ws = await openWorkspace(tmp, { inMemory: true, name: 'cli' });
      warnings.push(...(await loadDataFolder(ws, run.dataDir!)));
    } else {
      ws = await openExistingWorkspace(run.workspaceDir!);
      await loadReferenceTables(ws); // only those it lacks
    }
    const ran = await runQuery(ws, library, { queryId: entry.id, params: run.params, runId: 'cli' }, createRunRegistry());
    // An own entry can change without a version bump: its provenance pins the SQL that ran.
    const result = own?.entries.includes(entry) ? withSql(ran, entry.sql, false) : ran;
    const all = result.truncated
      ? readerRows(await ws.conn.runAndReadAll(`SELECT * FROM results.${quoteIdent(result.resultId)}`))
      : result.rows;
    return {
      output: {
        query: result.queryId,
        version: result.version,
        params: result.params,
        columns: result.columns.map((c) => c.name),
        rows: all,
        provenance: result.provenance,
      },
      warnings,
    };
  } finally {
    ws?.close();
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
