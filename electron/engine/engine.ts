import { EngineError, parseArgs, type Args, type EngineChannel, type Result } from '../contract/index.js';
import { buildDemoWorkspace } from '../../fixtures/build-demo.js';
import { pageRows } from './grid/page.js';
import { commitImport, discardImport, listSources, previewImport } from './import/index.js';
import { previewMapping, proposeMapping } from './mapping/index.js';
import { getProfile, listProfiles, saveProfile } from './profiles/index.js';
import { cancelJob, jobProgress } from './import/jobs.js';
import { listReferenceSources } from './reference/list.js';
import { loadReferenceTables } from './reference/load.js';
import { loadLibrary, loadMacros, toSummary } from './queries/library.js';
import { cancel, createRunRegistry, progress, runQuery } from './queries/run.js';
import { previewExport } from './export/preview.js';
import { createResultStore, rememberResult } from './export/results.js';
import { APP_VERSION } from './export/appVersion.js';
import { planTableExport, writeTableExport, type TableExportDeps } from './export/write.js';
import { planBoardPack, writeBoardPack } from './export/boardPack.js';
import { runAdhoc, withSql } from './userLibrary/adhoc.js';
import { openUserLibrary, type WithConnection } from './userLibrary/store.js';
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
  const ws = await openWorkspace(opts.workspaceDir);
  try {
    // A demo workspace is (re)built when new or made by an older generator (its fingerprint differs).
    if (opts.demo) await buildDemoWorkspace(ws);
    // Every workspace gets the shipped reference tables it lacks (new ones arrive with app
    // updates); a table the analyst replaced is never overwritten.
    await loadReferenceTables(ws);
  } catch (err) {
    ws.close();
    throw err;
  }
  const appLibrary = await loadLibrary(opts.queriesDir);
  const macros = await loadMacros(opts.queriesDir);
  const withConnection: WithConnection = async (work) => {
    const conn = await ws.connect();
    try {
      return await work(conn);
    } finally {
      conn.closeSync();
    }
  };
  const own = await openUserLibrary({ dir: opts.userLibraryDir, app: appLibrary, macros, withConnection });
  const library = () => [...appLibrary, ...own.entries()];
  const runs = createRunRegistry();
  // Per result: its entry's disclosure metadata, row-level flag, provenance, for exports.
  const results = createResultStore();

  const handlers: Handlers = {
    'workspace.info': async () => ({ name: ws.name, tables: await listTables(ws) }),
    'import.preview': (a) => previewImport(ws, ws.resolveFile(a.file), a.options, a.jobId),
    'import.commit': (a) => commitImport(ws, a),
    'import.discard': async (a) => {
      await discardImport(ws, a.previewId);
      return {};
    },
    'import.progress': async (a) => jobProgress(ws, a.jobId),
    'import.cancel': async (a) => ({ cancelled: cancelJob(ws, a.jobId) }),
    'import.sources': () => listSources(ws),
    'mapping.propose': (a) => proposeMapping(ws, a.previewId, a.table),
    'mapping.preview': (a) => previewMapping(ws, a.previewId, a.profile),
    'profiles.list': () => listProfiles(ws),
    'profiles.get': (a) => getProfile(ws, a.name),
    'profiles.save': (a) => saveProfile(ws, a.profile),
    'reference.list': () => listReferenceSources(ws),
    'grid.rows': (a) => pageRows(ws, a),
    'library.list': async () => [...appLibrary.map(toSummary), ...own.summaries()],
    'query.run': async (a) => {
      const entry = library().find((e) => e.id === a.queryId);
      const result = await runQuery(ws, library(), a, runs);
      // An own entry can change without a version bump: pin the SQL that ran.
      const mine = own.isOwn(a.queryId) ? own.entries().find((e) => e.id === a.queryId) : undefined;
      const pinned = mine ? withSql(result, mine.sql, false) : result;
      rememberResult(results, pinned, entry);
      return pinned;
    },
    'query.runAdhoc': async (a) => {
      const result = await runAdhoc(ws, macros, a, runs);
      rememberResult(results, result, undefined);
      return result;
    },
    'export.preview': (a) => previewExport(ws, results, a),
    'library.userInfo': async () => own.info(),
    'library.save': (a) => own.save(a.entry, a.overwrite),
    'library.delete': async (a) => ({ deleted: await own.remove(a.id) }),
    'library.import': (a) => own.importFile(a, a.replace),
    'library.entryFile': (a) => own.fileOf(a.id),
    'query.progress': async (a) => progress(runs, a.runId),
    'query.cancel': async (a) => ({ cancelled: cancel(runs, a.runId) }),
  };

  // Closing DuckDB under a running statement can crash the process: close() cancels the runs,
  // waits for every call in flight, and only then closes the workspace.
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  async function track<T>(work: () => Promise<T>): Promise<T> {
    if (closing) throw new EngineError('cancelled', 'the workspace is closing');
    const call = work();
    inFlight.add(call);
    try {
      return await call;
    } finally {
      inFlight.delete(call);
    }
  }
  const exportDeps: TableExportDeps = { results, appVersion: opts.appVersion ?? APP_VERSION };

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
    planTableExport: (args) => track(() => planTableExport(ws, args, exportDeps)),
    exportTable: (args, path) => track(() => writeTableExport(ws, args, path, exportDeps)),
    planBoardPack: (args) => track(() => planBoardPack(ws, args, exportDeps)),
    exportBoardPack: (args, path) => track(() => writeBoardPack(ws, args, path, exportDeps)),
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
