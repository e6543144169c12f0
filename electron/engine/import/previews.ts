import type { Workspace } from '../workspace/workspace.js';
import type { StagedImport } from './stage.js';

const registries = new WeakMap<Workspace, Map<string, StagedImport>>();

/** Staged previews of one workspace, by previewId; gone with the workspace object. */
export function previewsOf(ws: Workspace): Map<string, StagedImport> {
  let map = registries.get(ws);
  if (!map) {
    map = new Map();
    registries.set(ws, map);
  }
  return map;
}
