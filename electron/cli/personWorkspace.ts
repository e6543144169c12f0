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
 * in-memory workspace loaded from a demo folder where `narrow(personId)` leaves only that
 * person's rows in `table` (the full table is kept as `<table>_all`), so a saved query's
 * answer depends on that person alone.
 */
export function usePersonWorkspace(dataDir: () => string, table: 'victims' | 'suspects') {
  let ws: Workspace;
  let wsDir: string;
  let lib: LibraryEntry[];
  const runs = createRunRegistry();
  let seq = 0;

  beforeAll(async () => {
    wsDir = mkdtempSync(join(tmpdir(), `sv-person-${table}-`));
    ws = await openWorkspace(wsDir, { inMemory: true });
    await loadDataFolder(ws, dataDir());
    await ws.conn.run(`CREATE TABLE ${quoteIdent(`${table}_all`)} AS FROM ${quoteIdent(table)}`);
    lib = await loadLibrary(defaultQueriesDir());
  });
  afterAll(() => {
    ws.close();
    rmSync(wsDir, { recursive: true, force: true });
  });

  return {
    narrow: async (personId: string): Promise<void> => {
      await ws.conn.run(
        `CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM ${quoteIdent(`${table}_all`)} WHERE person_id = $p`,
        { p: personId },
      );
    },
    run: async (queryId: string, params: Record<string, string>): Promise<Row[]> =>
      (await runQuery(ws, lib, { queryId, params, runId: `person${++seq}` }, runs)).rows,
  };
}
