import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseResult, type DisclosureRule, type ExportPreview, type QueryResult } from '../../contract/index.js';
import { createEngine, type Engine } from '../engine.js';
import { craft } from '../queries/testTables.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';

/**
 * Test support for the export tests: a real engine over a crafted workspace, plus a folder to
 * write into. Two victims of serious violence: p1 domestic and a repeat victim, p2 not; two
 * suspects, the first named by the caller (a formula-like name tests neutralising).
 */

export const queriesDir = resolve(import.meta.dirname, '../../../queries');

export interface CraftedEngine {
  engine: Engine;
  /** A temporary folder for the exported files, removed by close(). */
  out: string;
  run(queryId: string, params?: Record<string, unknown>): Promise<QueryResult>;
  adhoc(sql: string): Promise<QueryResult>;
  preview(resultId: string, rule: DisclosureRule): Promise<ExportPreview>;
  close(): Promise<void>;
}

export interface CraftOptions {
  firstSuspect: string;
  /** Runs on the workspace after the tables are crafted, before the engine opens it. */
  prepare?: (ws: Workspace) => Promise<unknown>;
}

export async function craftedEngine(opts: CraftOptions): Promise<CraftedEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-export-engine-'));
  const out = mkdtempSync(join(tmpdir(), 'sv-export-out-'));
  const ws = await openWorkspace(dir);
  await craft(ws, 'offences', [
    { crime_id: 'c1', offence_date: '2024-01-10', offence_group: 'Violence against the person', offence_type: 'GBH', serious_violence: true, domestic: true },
    { crime_id: 'c2', offence_date: '2023-06-01', offence_group: 'Violence against the person', offence_type: 'Assault', serious_violence: false },
    { crime_id: 'c3', offence_date: '2024-03-01', offence_group: 'Robbery', offence_type: 'Robbery', serious_violence: true, domestic: false },
  ]);
  await craft(ws, 'victims', [
    { crime_id: 'c1', person_id: 'p1' },
    { crime_id: 'c2', person_id: 'p1' },
    { crime_id: 'c3', person_id: 'p2' },
  ]);
  await craft(ws, 'suspects', [
    { crime_id: 'c1', person_id: opts.firstSuspect },
    { crime_id: 'c2', person_id: 's2' },
  ]);
  await opts.prepare?.(ws);
  ws.close();
  const engine = await createEngine({ workspaceDir: dir, queriesDir, demo: false });
  // Run ids only need to be distinct: the same query may run more than once in a file.
  let runs = 0;
  return {
    engine,
    out,
    run: async (queryId, params = {}) =>
      parseResult('query.run', await engine.handle('query.run', { queryId, params, runId: `run-${queryId}-${++runs}` })),
    adhoc: async (sql) =>
      parseResult('query.runAdhoc', await engine.handle('query.runAdhoc', { runId: `adhoc-${++runs}`, sql, params: [] })),
    preview: async (resultId, rule) => parseResult('export.preview', await engine.handle('export.preview', { resultId, rule })),
    close: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    },
  };
}
