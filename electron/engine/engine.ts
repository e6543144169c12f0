import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, parseArgs, type Args, type EngineChannel, type Result } from '../contract/index.js';
import { buildDemoWorkspace } from '../../fixtures/build-demo.js';
import { pageRows } from './grid/page.js';
import { commitImport, discardImport, previewImport } from './import/index.js';
import { loadLibrary, toSummary } from './queries/library.js';
import { cancel, createRunRegistry, progress, runQuery } from './queries/run.js';
import { listTables } from './workspace/tables.js';
import { openWorkspace } from './workspace/workspace.js';
import type { Engine, EngineOptions } from './types.js';

export type { Engine, EngineOptions } from './types.js';

type Handlers = { [C in EngineChannel]: (args: Args<C>) => Promise<Result<C>> };

/**
 * The engine behind every host: one workspace, the query library, and a handler per
 * contract channel. Plain TypeScript, no Electron: the utilityProcess host, the loopback
 * bridge and the tests all run this same object.
 */
export async function createEngine(opts: EngineOptions): Promise<Engine> {
  const isNew = !existsSync(join(opts.workspaceDir, 'workspace.duckdb'));
  const ws = await openWorkspace(opts.workspaceDir);
  try {
    if (opts.demo && isNew) await buildDemoWorkspace(ws);
  } catch (err) {
    ws.close();
    throw err;
  }
  const library = await loadLibrary(opts.queriesDir);
  const runs = createRunRegistry();

  const handlers: Handlers = {
    'workspace.info': async () => ({ name: ws.name, tables: await listTables(ws) }),
    'import.preview': (a) => previewImport(ws, ws.resolveFile(a.file), a.options),
    'import.commit': (a) => commitImport(ws, a),
    'import.discard': async (a) => {
      await discardImport(ws, a.previewId);
      return {};
    },
    'grid.rows': (a) => pageRows(ws, a),
    'library.list': async () => library.map(toSummary),
    'query.run': (a) => runQuery(ws, library, a, runs),
    'query.progress': async (a) => progress(runs, a.runId),
    'query.cancel': async (a) => ({ cancelled: cancel(runs, a.runId) }),
  };

  // Closing DuckDB under a running statement can crash the process: close() cancels the runs,
  // waits for every call in flight, and only then closes the workspace.
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;

  return {
    workspaceName: ws.name,
    async handle(channel, raw) {
      if (closing) throw new EngineError('cancelled', 'the workspace is closing');
      const args = parseArgs(channel, raw);
      const handler = handlers[channel] as (a: typeof args) => Promise<unknown>;
      const call = handler(args);
      inFlight.add(call);
      try {
        return await call;
      } finally {
        inFlight.delete(call);
      }
    },
    registerFile: (path) => ws.registerFile(path),
    close() {
      closing ??= (async () => {
        for (const runId of runs.runs.keys()) cancel(runs, runId);
        await Promise.allSettled([...inFlight]);
        ws.close();
      })();
      return closing;
    },
  };
}
