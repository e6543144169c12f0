import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Row } from '../contract/index.js';
import type { LibraryEntry } from '../engine/queries/entry.js';
import { loadLibrary } from '../engine/queries/library.js';
import { createRunRegistry, runQuery } from '../engine/queries/run.js';
import { quoteIdent } from '../engine/db/sql.js';
import { openWorkspace, type Workspace } from '../engine/workspace/workspace.js';
import { defaultQueriesDir, loadDataFolder } from './headless.js';

/**
 * Test support for planted people checked one at a time: inside a `describe`, registers an
 * in-memory workspace loaded from a demo folder where `narrow(column, id)` leaves only the rows
 * of `tables` with that id (the full tables are kept as `<table>_all`), plus any rows matching
 * `alsoKeep` (SQL), so a saved query's answer depends on that one child or person alone.
 */
export function useNarrowedWorkspace(dataDir: () => string, tables: readonly string[], alsoKeep = 'false') {
  let ws: Workspace;
  let wsDir: string;
  let lib: LibraryEntry[];
  const runs = createRunRegistry();
  let seq = 0;

  beforeAll(async () => {
    wsDir = mkdtempSync(join(tmpdir(), 'sv-narrowed-'));
    ws = await openWorkspace(wsDir, { inMemory: true });
    await loadDataFolder(ws, dataDir());
    for (const t of tables) await ws.conn.run(`CREATE TABLE ${quoteIdent(`${t}_all`)} AS FROM ${quoteIdent(t)}`);
    lib = await loadLibrary(defaultQueriesDir());
  });
  afterAll(() => {
    ws.close();
    rmSync(wsDir, { recursive: true, force: true });
  });

  return {
    narrow: async (column: string, id: string): Promise<void> => {
      for (const t of tables) {
        await ws.conn.run(
          `CREATE OR REPLACE TABLE ${quoteIdent(t)} AS SELECT * FROM ${quoteIdent(`${t}_all`)} WHERE ${quoteIdent(column)} = $id OR (${alsoKeep})`,
          { id },
        );
      }
    },
    sql: (text: string, params: Record<string, string> = {}) => ws.conn.run(text, params),
    run: async (queryId: string, params: Record<string, string>): Promise<Row[]> =>
      (await runQuery(ws, lib, { queryId, params, runId: `narrowed${++seq}` }, runs)).rows,
  };
}

/** The police form: `narrow(personId)` leaves only that person's rows in `table`. */
export function usePersonWorkspace(dataDir: () => string, table: 'victims' | 'suspects') {
  const { narrow, run } = useNarrowedWorkspace(dataDir, [table]);
  return { narrow: (personId: string) => narrow('person_id', personId), run };
}
