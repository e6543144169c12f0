/**
 * Loads the reference tables shipped with the app (data/*.csv) into a workspace. The
 * workspace's DuckDB may read only staging/, so the shipped CSVs are copied there first; the
 * tables and their `_sv_tables` rows go in one transaction, so a workspace never holds half of them.
 *
 * How "shipped" is recorded: the table's `_sv_tables` row carries the shipped file's name and
 * SHA-256. An analyst replaces a reference table by importing their own file into it (mode
 * 'replace'), and the import commit records that file's name and hash in the same row. So a
 * table is the shipped one exactly while its recorded hash is the shipped file's
 * (`isShippedRecord`), whatever the file was called; listReferenceSources relies on this.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { canonicalTable, type CanonicalTable } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { rejectsTableFor } from '../import/commit.js';
import type { Workspace } from '../workspace/workspace.js';
import { referenceDataDir } from './paths.js';

export { referenceDataDir } from './paths.js';

export interface ShippedTable {
  table: CanonicalTable;
  file: string;
  sha256: string;
  bytes: number;
}

/** The canonical reference tables that have a `<name>.csv` in the folder. */
export function shippedTables(dir: string = referenceDataDir()): ShippedTable[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((file) => {
      const table = canonicalTable(basename(file, '.csv'));
      if (table?.kind !== 'reference') return [];
      const content = readFileSync(join(dir, file));
      const header = content.subarray(0, content.indexOf(0x0a)).toString('utf8').trim().split(',');
      const expected = table.columns.map((c) => c.name);
      if (header.join(',') !== expected.join(',')) {
        throw new Error(`${file}: header ${header.join(',')} is not ${expected.join(',')}`);
      }
      return [{ table, file, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length }];
    });
}

/** True when a table's recorded source is the shipped file (see the note at the top). */
export function isShippedRecord(recordedSha256: string | null | undefined, shipped: ShippedTable | undefined): boolean {
  return shipped !== undefined && recordedSha256 === shipped.sha256;
}

export interface LoadReferenceOptions {
  /**
   * Reload every shipped table, discarding whatever the workspace holds under those names
   * (an analyst's replacement included). Default: load only the tables the workspace lacks.
   */
  overwrite?: boolean;
}

const columnDefs = (t: CanonicalTable) =>
  t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.required ? ' NOT NULL' : ''}`).join(', ');

const csvColumns = (t: CanonicalTable) =>
  `{${t.columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`;

/**
 * Loads the shipped reference tables the workspace does not have yet (all of them with
 * `overwrite`), in one transaction; returns the names loaded, in file order. Safe to call on
 * every open: a table already there, shipped or the analyst's own, is left as it is.
 */
export async function loadReferenceTables(
  ws: Workspace,
  dir: string = referenceDataDir(),
  opts: LoadReferenceOptions = {},
): Promise<string[]> {
  const tables = shippedTables(dir);
  if (tables.length === 0) throw new Error(`no reference tables in ${dir}`);
  // Its own connection: nothing else using ws.conn meanwhile lands inside this transaction.
  const conn = await ws.connect();
  const staged: (ShippedTable & { path: string })[] = [];
  try {
    await conn.run('BEGIN TRANSACTION');
    try {
      const present = await conn.runAndReadAll(
        `SELECT table_name FROM information_schema.tables
         WHERE table_catalog = current_database() AND table_schema = 'main'`,
      );
      const existing = new Set(present.getRowObjectsJson().map((r) => String(r.table_name)));
      const wanted = opts.overwrite ? tables : tables.filter((t) => !existing.has(t.table.name));
      for (const t of wanted) {
        const path = join(ws.stagingDir, `reference-${t.table.name}-${randomUUID()}.csv`);
        copyFileSync(join(dir, t.file), path);
        staged.push({ ...t, path });
        const name = quoteIdent(t.table.name);
        if (opts.overwrite) {
          // A replacement's rejects belong to the file being discarded.
          const rejects = rejectsTableFor(t.table.name);
          await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(rejects)}`);
          await conn.run('DELETE FROM _sv_tables WHERE name = $1', [rejects]);
        }
        await conn.run(`CREATE OR REPLACE TABLE ${name} (${columnDefs(t.table)})`);
        await conn.run(
          `INSERT INTO ${name} SELECT * FROM read_csv(${quoteLiteral(path)}, header = true, delim = ',', quote = '"', columns = ${csvColumns(t.table)})`,
        );
        const counted = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${name}`);
        const rows = Number(counted.getRowObjects()[0]?.n ?? 0);
        await conn.run(
          `INSERT OR REPLACE INTO _sv_tables
             (name, kind, source_name, source_sha256, source_bytes, imported_at, rows_loaded, rows_rejected)
           VALUES ($1, 'reference', $2, $3, $4, CAST(now() AS TIMESTAMP), $5, 0)`,
          [t.table.name, t.file, t.sha256, t.bytes, rows],
        );
      }
      await conn.run('COMMIT');
      return staged.map((t) => t.table.name);
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    conn.closeSync();
    for (const t of staged) if (existsSync(t.path)) rmSync(t.path);
  }
}
