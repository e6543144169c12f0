import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, TableName, type ImportResult, type TableKind } from '../../contract/index.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import type { StagedImport } from './stage.js';

export type CommitMode = 'create' | 'replace';

export const rejectsTableFor = (table: string) => `${table}__rejects`;

/**
 * Takes a staged import into the workspace in ONE transaction: the table, its rejects table
 * (only when rows were rejected) and their _sv_tables rows. 'replace' drops the old table and
 * its old rejects inside the same transaction, so readers see the old or the new, never
 * neither. Any failure rolls everything back. Runs on its own connection so that nothing
 * else using ws.conn meanwhile lands inside (or aborts) this transaction.
 */
export async function commitStaged(
  ws: Workspace,
  staged: StagedImport,
  table: string,
  mode: CommitMode,
  kind: Exclude<TableKind, 'rejects'>,
): Promise<ImportResult> {
  if (!TableName.safeParse(table).success) {
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: "${table}" cannot be a table name; use lower-case letters, digits and _ (start with a letter)`,
    );
  }
  const rejectsTable = staged.rejectsPath ? rejectsTableFor(table) : null;
  const conn = await ws.connect();
  try {
    if (mode === 'create') await refuseExisting(conn, staged, [table, ...(rejectsTable ? [rejectsTable] : [])]);
    await conn.run('BEGIN TRANSACTION');
    try {
      if (mode === 'replace') {
        const old = rejectsTableFor(table);
        await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
        await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(old)}`);
        await conn.run('DELETE FROM _sv_tables WHERE name IN ($1, $2)', [table, old]);
      }
      await conn.run(
        `CREATE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet(${quoteLiteral(staged.dataPath)})`,
      );
      if (rejectsTable && staged.rejectsPath) {
        await conn.run(
          `CREATE TABLE ${quoteIdent(rejectsTable)} AS
           SELECT line, "column", reason, raw FROM read_parquet(${quoteLiteral(staged.rejectsPath)}) ORDER BY line`,
        );
      }
      const importedAt = new Date().toISOString().replace('T', ' ').replace('Z', '');
      const register = (name: string, k: TableKind, loaded: number, rejected: number) =>
        conn.run('INSERT INTO _sv_tables VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7, $8)', [
          name,
          k,
          staged.fileName,
          staged.sha256,
          staged.sizeBytes,
          importedAt,
          loaded,
          rejected,
        ]);
      await register(table, kind, staged.rowsAccepted, staged.rowsRejected);
      if (rejectsTable) await register(rejectsTable, 'rejects', staged.rowsRejected, 0);
      await conn.run('COMMIT');
    } catch (err) {
      // A failed statement (or COMMIT) may already have ended the transaction.
      await conn.run('ROLLBACK').catch(() => undefined);
      throw commitError(err, staged, table);
    }
  } finally {
    conn.closeSync();
  }
  return { table, rowsLoaded: staged.rowsAccepted, rowsRejected: staged.rowsRejected, rejectsTable };
}

async function refuseExisting(conn: DuckDBConnection, staged: StagedImport, names: string[]): Promise<void> {
  const reader = await conn.runAndReadAll(
    `SELECT table_name FROM information_schema.tables
     WHERE table_catalog = current_database() AND table_schema = 'main'
       AND table_name IN (${names.map(quoteLiteral).join(', ')})
     ORDER BY table_name`,
  );
  const taken = reader.getRowObjectsJson().map((r) => String(r.table_name));
  if (taken.length > 0) {
    throw new EngineError(
      'invalid_args',
      `${staged.fileName}: the workspace already has a table named ${taken.map((t) => `"${t}"`).join(' and ')}; ` +
        'choose another name, or replace it',
    );
  }
}

function commitError(err: unknown, staged: StagedImport, table: string): EngineError {
  if (err instanceof EngineError) return err;
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  return new EngineError(
    'import_failed',
    `${staged.fileName}: could not save it as "${table}"; the workspace is unchanged (${first.replace(/^[A-Za-z ]*Error: /, '')})`,
  );
}
