/**
 * Loads the reference tables shipped with the app (population, imd) into a workspace. The
 * workspace's DuckDB may read only staging/, so the shipped CSVs are copied there first; all
 * tables and their `_sv_tables` rows go in one transaction, so a workspace never holds half of them.
 */
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { canonicalTable, type CanonicalTable } from '../canonical/tables.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import type { Workspace } from '../workspace/workspace.js';
import { referenceDataDir } from './paths.js';

export { referenceDataDir } from './paths.js';

interface ShippedTable {
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

const columnDefs = (t: CanonicalTable) =>
  t.columns.map((c) => `${quoteIdent(c.name)} ${c.type}${c.required ? ' NOT NULL' : ''}`).join(', ');

const csvColumns = (t: CanonicalTable) =>
  `{${t.columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`;

export async function loadReferenceTables(ws: Workspace, dir: string = referenceDataDir()): Promise<void> {
  const tables = shippedTables(dir);
  if (tables.length === 0) throw new Error(`no reference tables in ${dir}`);
  const staged = tables.map((t) => {
    const path = join(ws.stagingDir, `reference-${t.table.name}-${randomUUID()}.csv`);
    copyFileSync(join(dir, t.file), path);
    return { ...t, path };
  });
  const { conn } = ws;
  try {
    await conn.run('BEGIN TRANSACTION');
    try {
      for (const t of staged) {
        const name = quoteIdent(t.table.name);
        await conn.run(`CREATE OR REPLACE TABLE ${name} (${columnDefs(t.table)})`);
        await conn.run(
          `INSERT INTO ${name} SELECT * FROM read_csv(${quoteLiteral(t.path)}, header = true, delim = ',', quote = '"', columns = ${csvColumns(t.table)})`,
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
    } catch (err) {
      await conn.run('ROLLBACK');
      throw err;
    }
  } finally {
    for (const t of staged) if (existsSync(t.path)) rmSync(t.path);
  }
}
