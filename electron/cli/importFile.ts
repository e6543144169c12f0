import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { EngineError, type MappingProfile, type ProblemKind, type Resolution, type Row } from '../contract/index.js';
import { canonicalTables, canonicalTable } from '../engine/canonical/tables.js';
import { commitImport } from '../engine/import/commit.js';
import { discardImport, previewImport } from '../engine/import/preview.js';
import { identityProfile } from '../engine/mapping/identity.js';
import { previewMapping } from '../engine/mapping/preview.js';
import { PROFILE_MAX_BYTES, profileFromJson } from '../engine/profiles/json.js';
import { loadReferenceTables } from '../engine/reference/load.js';
import { openWorkspace, type Workspace } from '../engine/workspace/workspace.js';
import type { ImportMode } from './args.js';

/**
 * `import <file> --table <canonical table> --workspace <dir> [--mapping <profile.json>]`:
 * the app's import, mapping and validation without a window. Without a profile the file must
 * already use canonical column names and codes. Problems are decided without asking: rows
 * are kept, flagged, unless their kind is in `leaveOut`; a problem no decision can resolve (a
 * required column missing) fails the import and changes nothing.
 */
export interface HeadlessImport {
  file: string;
  table: string;
  workspaceDir: string;
  mappingPath: string | null;
  mode: ImportMode;
  leaveOut: ProblemKind[];
}

/** The JSON the command prints (issue 3). rows_rejected counts every row not loaded. */
export interface ImportOutput {
  table: string;
  rows_loaded: number;
  rows_rejected: number;
  problems: { kind: ProblemKind; column: string | null; count: number; examples: { line: number; values: Row }[] }[];
}

export interface HeadlessImportResult {
  output: ImportOutput;
  /** One line each (the import still went ahead), e.g. a layout the profile did not expect. */
  warnings: string[];
}

function readProfile(path: string, table: string): MappingProfile {
  const name = basename(path);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new EngineError('not_found', `${name}: mapping profile not found`);
  }
  if (size > PROFILE_MAX_BYTES) throw new EngineError('invalid_args', `${name}: is too large to be a mapping profile`);
  const profile = profileFromJson(readFileSync(path, 'utf8'), name);
  if (profile.table !== table) {
    throw new EngineError('invalid_args', `${name}: the profile maps onto ${profile.table}, not ${table}`);
  }
  return profile;
}

export async function importHeadless(run: HeadlessImport): Promise<HeadlessImportResult> {
  const table = canonicalTable(run.table);
  if (!table) {
    throw new EngineError('invalid_args', `${run.table} is not a canonical table (one of ${canonicalTables.map((t) => t.name).join(', ')})`);
  }
  const saved = run.mappingPath === null ? null : readProfile(run.mappingPath, table.name);
  let ws: Workspace | null = null;
  let previewId: string | null = null;
  try {
    ws = await openWorkspace(resolve(run.workspaceDir));
    await loadReferenceTables(ws); // only those it lacks, so `run --workspace` has its denominators
    const file = ws.resolveFile(ws.registerFile(run.file).token);
    const read = saved?.read ?? {};
    const preview = await previewImport(ws, file, {
      ...(read.sheet !== undefined ? { sheet: read.sheet } : {}),
      ...(read.headerRow !== undefined ? { headerRow: read.headerRow } : {}),
      ...(read.encoding !== undefined ? { encoding: read.encoding } : {}),
      ...(read.delimiter !== undefined ? { delimiter: read.delimiter } : {}),
    });
    previewId = preview.previewId;
    const profile = saved ?? identityProfile(table, preview.columns.map((c) => c.name));
    const mapped = await previewMapping(ws, preview.previewId, profile);
    const blocking = mapped.problems.filter((p) => !p.resolvable);
    if (blocking.length > 0) {
      throw new EngineError('missing_data', `${file.name}: ${blocking.map((p) => p.message).join('; ')}`);
    }
    const warnings: string[] = [];
    if (saved && !mapped.layout.matches) {
      const { missing, added, reordered } = mapped.layout;
      const parts = [
        ...(missing.length > 0 ? [`missing ${missing.map((c) => `"${c}"`).join(', ')}`] : []),
        ...(added.length > 0 ? [`new ${added.map((c) => `"${c}"`).join(', ')}`] : []),
        ...(reordered ? ['columns in another order'] : []),
      ];
      warnings.push(`warning: ${file.name}: the layout differs from the profile "${profile.name}": ${parts.join('; ')}`);
    }
    const decisions: Partial<Record<ProblemKind, Resolution>> = {};
    for (const p of mapped.problems) decisions[p.kind] = run.leaveOut.includes(p.kind) ? 'leave_out' : 'keep_flagged';
    const result = await commitImport(ws, { previewId: preview.previewId, table: table.name, mode: run.mode, mapping: { profile, decisions } });
    previewId = null;
    return {
      output: {
        table: result.table,
        rows_loaded: result.rowsLoaded,
        rows_rejected: result.rowsRejected + result.rowsLeftOut,
        problems: mapped.problems.map(({ kind, column, count, examples }) => ({ kind, column, count, examples })),
      },
      warnings,
    };
  } finally {
    if (ws && previewId) await discardImport(ws, previewId);
    ws?.close();
  }
}
