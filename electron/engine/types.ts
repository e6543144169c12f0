import type { EngineChannel, FileRef } from '../contract/index.js';

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
  /** Cancels runs, waits for calls in flight, then closes the workspace. */
  close(): Promise<void>;
}
