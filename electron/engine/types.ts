import type { EngineChannel, FileRef } from '../contract/index.js';
import type { BoardPackSummary } from './export/boardPack.js';
import type { TableExportSummary } from './export/write.js';

export interface EngineOptions {
  /** Folder holding workspace.duckdb and staging/. */
  workspaceDir: string;
  /** The saved-query library shipped with the app. */
  queriesDir: string;
  /** Build the demo partnership into an empty workspace. */
  demo: boolean;
  /**
   * The analyst's own saved queries (`<id>.sql`, made on the first save). Not the workspace and
   * not queriesDir. Absent: no own entries, and saving is refused.
   */
  userLibraryDir?: string;
  /** Written into export provenance; default package.json's version, bundled at build time. */
  appVersion?: string;
}

/**
 * The engine as every host sees it (utilityProcess, loopback bridge, tests). `handle`
 * validates its arguments against the contract and throws EngineError.
 */
export interface Engine {
  readonly workspaceName: string;
  handle(channel: EngineChannel, args: unknown): Promise<unknown>;
  /** Trusted callers only (main after a native dialog, the bridge after an upload, the CLI). */
  registerFile(path: string): FileRef;
  /**
   * Trusted callers only, before their save dialog: refuses a table export that cannot be made
   * (ExportTableArgs: unknown result, personal data unconfirmed, too many rows) and names its file.
   */
  planTableExport(args: unknown): Promise<{ fileName: string }>;
  /** Trusted callers only (main after its dialog, the bridge, the CLI): writes the table export at `path`. */
  exportTable(args: unknown, path: string): Promise<TableExportSummary>;
  /**
   * Trusted callers only, before their save dialog: refuses a board pack that cannot be made
   * (ExportBoardPackArgs: unknown result, personal data unconfirmed, a chart not a PNG) and names its file.
   */
  planBoardPack(args: unknown): Promise<{ fileName: string }>;
  /** Trusted callers only (main after its dialog, the bridge): writes the board pack (.docx) at `path`. */
  exportBoardPack(args: unknown, path: string): Promise<BoardPackSummary>;
  /** Cancels runs, waits for calls in flight, then closes the workspace. */
  close(): Promise<void>;
}
