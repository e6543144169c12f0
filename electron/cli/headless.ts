import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { EngineError, type DisclosureRule, type HiddenCell, type ParamValue, type Provenance, type Row } from '../contract/index.js';
import { canonicalTable } from '../engine/canonical/tables.js';
import { quoteIdent } from '../engine/db/sql.js';
import { readerRows } from '../engine/db/cells.js';
import { APP_VERSION } from '../engine/export/appVersion.js';
import { PERSONAL_DATA_TEXT, ruleText } from '../engine/export/disclosure.js';
import { protectResult } from '../engine/export/preview.js';
import { createResultStore, rememberResult, type ResultRecord } from '../engine/export/results.js';
import { assertProtectable, writeTableExport, type TableExportSummary } from '../engine/export/write.js';
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
 * runs, over a throw-away in-memory workspace. Disclosure control applies as in the app's
 * exports when a rule is given (the CLI gives the default rule unless `--no-suppress`): in the
 * JSON a hidden cell is null and `provenance.disclosure` says which cells and why; a file
 * (`--out`) is written by the app's own table export.
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
  /** Disclosure control on the output. Default none: the CLI passes the default rule itself unless --no-suppress. */
  rule?: DisclosureRule;
  /** Write the result to a file instead (csv/xlsx: the app's table export; json: the output below). */
  out?: { path: string; format: 'json' | 'csv' | 'xlsx'; confirmPersonalData: boolean };
}

/** What disclosure control did to the output: hidden cells are null in `rows`. */
export interface HeadlessDisclosure {
  rule: DisclosureRule;
  text: string;
  hidden: HiddenCell[];
}

/** The spec's JSON shape. `columns` is the list of column names, in order. */
export interface HeadlessOutput {
  query: string;
  version: string;
  params: Record<string, ParamValue>;
  columns: string[];
  rows: Row[];
  provenance: Provenance & { disclosure: HeadlessDisclosure };
}

export interface HeadlessResult {
  output: HeadlessOutput;
  /** One line each, e.g. rows an import rejected (the run still went ahead). */
  warnings: string[];
  /** The file written, when `out` was given. */
  saved?: TableExportSummary;
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

function baseOutput(result: Awaited<ReturnType<typeof runQuery>>, rows: Row[]): Omit<HeadlessOutput, 'provenance'> & { provenance: Provenance } {
  return {
    query: result.queryId,
    version: result.version,
    params: result.params,
    columns: result.columns.map((c) => c.name),
    rows,
    provenance: result.provenance,
  };
}

/**
 * The JSON under a rule, with the spec's types kept: a hidden cell is null (never `[c]` in a
 * number column), a rounded count a number; provenance.disclosure says which cells are hidden.
 */
export function protectOutput(record: ResultRecord, output: ReturnType<typeof baseOutput>, rule: DisclosureRule): HeadlessOutput {
  if (rule === 'none' || record.personalData) {
    const text = record.personalData ? PERSONAL_DATA_TEXT : ruleText(rule);
    return { ...output, provenance: { ...output.provenance, disclosure: { rule, text, hidden: [] } } };
  }
  const table = protectResult(record, output.columns, output.rows, rule);
  const hidden = new Set(table.hidden.map((h) => `${h.row}\u0000${h.column}`));
  const rows = table.rows.map((cells, r) =>
    Object.fromEntries(output.columns.map((c, i) => [c, hidden.has(`${r}\u0000${c}`) ? null : (cells[i] ?? null)])),
  );
  return { ...output, rows, provenance: { ...output.provenance, disclosure: { rule, text: table.ruleText, hidden: table.hidden } } };
}

export async function runHeadless(run: HeadlessRun): Promise<HeadlessResult> {
  const queriesDir = run.queriesDir ?? defaultQueriesDir();
  const app = await loadLibrary(queriesDir);
  const own = run.userLibraryDir === undefined ? null : await loadOwnEntries(run.userLibraryDir, app, queriesDir);
  const library = [...app, ...(own?.entries ?? [])];
  const entry = findEntry(library, run.queryId);
  givenParams(entry, run.params); // unknown or malformed parameters fail before any import
  if (entry.rowLevel && run.out && !run.out.confirmPersonalData) {
    throw new EngineError(
      'invalid_args',
      `${entry.id} is a row-level list (one row per person): personal data. Add --confirm-personal-data to write it to a file.`,
    );
  }
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
    const results = createResultStore();
    const record = rememberResult(results, result, entry);
    const rule = run.rule ?? 'none';
    if (run.out && run.out.format !== 'json') {
      const saved = await writeTableExport(
        ws,
        { resultId: result.resultId, format: run.out.format, rule, confirmPersonalData: run.out.confirmPersonalData },
        resolve(run.out.path),
        { results, appVersion: APP_VERSION },
      );
      const output = { ...baseOutput(result, []), provenance: { ...result.provenance, disclosure: { rule, text: saved.ruleText, hidden: saved.hidden } } };
      return { output, warnings, saved };
    }
    assertProtectable(record, rule, result.rowCount);
    const all = result.truncated
      ? readerRows(await ws.conn.runAndReadAll(`SELECT * FROM results.${quoteIdent(result.resultId)} ORDER BY rowid`))
      : result.rows;
    const output = protectOutput(record, baseOutput(result, all), rule);
    if (run.out) await writeFile(resolve(run.out.path), `${JSON.stringify(output, null, 2)}\n`, 'utf8');
    return { output, warnings };
  } finally {
    ws?.close();
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
  }
}
