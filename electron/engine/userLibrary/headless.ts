import { existsSync, statSync } from 'node:fs';
import { EngineError, type QuerySummary } from '../../contract/index.js';
import { openLockedDb } from '../db/open.js';
import type { LibraryEntry } from '../queries/entry.js';
import { loadMacros } from '../queries/library.js';
import { openUserLibrary } from './store.js';

/**
 * The analyst's own entries for the command line (`--library <dir>`), so a saved report runs
 * headless. Checked exactly as the app checks them; the guard's parsing gets a scratch
 * in-memory DuckDB (locked like a workspace) because `list` has no workspace.
 */
export interface OwnEntries {
  entries: LibraryEntry[];
  summaries: QuerySummary[];
  /** One line per file left out, e.g. `warning: broken.sql: theme: …`. */
  warnings: string[];
}

export async function loadOwnEntries(dir: string, app: readonly LibraryEntry[], queriesDir: string): Promise<OwnEntries> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EngineError('not_found', `library folder not found: ${dir}`);
  const db = await openLockedDb({ dbPath: ':memory:' });
  try {
    const own = await openUserLibrary({
      dir,
      app,
      macros: await loadMacros(queriesDir),
      withConnection: (work) => work(db.conn),
    });
    return {
      entries: own.entries(),
      summaries: own.summaries(),
      warnings: own.info().problems.map((p) => `warning: ${p.file}: ${p.message} (left out of the library)`),
    };
  } finally {
    db.close();
  }
}
