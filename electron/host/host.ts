import { createEngine } from '../engine/engine.js';
import { startHost, type ParentPortLike } from './start.js';

/**
 * Entry of the engine host, an Electron utilityProcess (bundled to dist/electron/host.cjs).
 * Plain Node plus `process.parentPort`; no Electron module, no windows. DuckDB lives here,
 * so a crash in it takes this process down, never the window.
 */
const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('sv-host: must be started by SV Workbench as an Electron utilityProcess');
  process.exit(1);
}
startHost(parentPort, { createEngine, exit: (code) => process.exit(code) });
