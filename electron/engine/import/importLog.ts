import type { DuckDBConnection } from '@duckdb/node-api';
import type { MappingProfile, ProblemKind, Resolution, SourceRecord } from '../../contract/index.js';
import { readerRows } from '../db/cells.js';
import type { Workspace } from '../workspace/workspace.js';

/**
 * `_sv_sources`: one row per import, written in the import's own transaction. Every row an
 * import loads carries its `source_id` in `_source_id`, so any row can be traced to the file
 * (name, size, SHA-256), when it came in, how (mode, profile) and what the analyst decided
 * about the problems found. Kept after a replace: it is the workspace's import history.
 */
export const SOURCES_TABLE = '_sv_sources';
export const SOURCE_ID = '_source_id';
export const FLAGS = '_flags';

const SOURCES_DDL = `
CREATE TABLE IF NOT EXISTS ${SOURCES_TABLE} (
  source_id INTEGER PRIMARY KEY,
  "table" VARCHAR NOT NULL,
  file_name VARCHAR NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 VARCHAR NOT NULL,
  imported_at TIMESTAMP NOT NULL,
  mode VARCHAR NOT NULL,            -- create | replace | append
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,    -- could not be read (kept in <table>__rejects)
  rows_flagged BIGINT NOT NULL,     -- loaded with _flags naming their problems
  rows_left_out BIGINT NOT NULL,    -- left out by the analyst's choice (kept in <table>__rejects)
  rows_replaced BIGINT NOT NULL,    -- append: older rows with the same key replaced
  profile_name VARCHAR,
  profile_json VARCHAR,
  decisions_json VARCHAR NOT NULL   -- [{kind, count, resolution}]
)`;

export interface Decision {
  kind: ProblemKind;
  count: number;
  resolution: Resolution;
}

export interface SourceEntry {
  table: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  importedAt: string;
  mode: string;
  rowsLoaded: number;
  rowsRejected: number;
  rowsFlagged: number;
  rowsLeftOut: number;
  rowsReplaced: number;
  profile: MappingProfile | null;
  decisions: Decision[];
}

/** Creates the table if needed (inside the caller's transaction) and returns the next id. */
export async function nextSourceId(conn: DuckDBConnection): Promise<number> {
  await conn.run(SOURCES_DDL);
  const reader = await conn.runAndReadAll(`SELECT coalesce(max(source_id), 0) + 1 AS id FROM ${SOURCES_TABLE}`);
  return Number(reader.getRowObjects()[0]?.id ?? 1);
}

export async function recordSource(conn: DuckDBConnection, sourceId: number, e: SourceEntry): Promise<void> {
  await conn.run(
    `INSERT INTO ${SOURCES_TABLE} VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      sourceId,
      e.table,
      e.fileName,
      e.sizeBytes,
      e.sha256,
      e.importedAt,
      e.mode,
      e.rowsLoaded,
      e.rowsRejected,
      e.rowsFlagged,
      e.rowsLeftOut,
      e.rowsReplaced,
      e.profile?.name ?? null,
      e.profile ? JSON.stringify(e.profile) : null,
      JSON.stringify(e.decisions),
    ],
  );
}

/** Every import recorded in the workspace, newest first. */
export async function listSources(ws: Workspace): Promise<SourceRecord[]> {
  const exists = await ws.conn.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables()
     WHERE database_name = current_database() AND schema_name = 'main' AND table_name = '${SOURCES_TABLE}'`,
  );
  if (Number(exists.getRowObjects()[0]?.n ?? 0) === 0) return [];
  const reader = await ws.conn.runAndReadAll(
    `SELECT source_id, "table", file_name, size_bytes, sha256, strftime(imported_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS imported_at, mode,
            rows_loaded, rows_rejected, rows_flagged, rows_left_out, profile_name, decisions_json
     FROM ${SOURCES_TABLE} ORDER BY source_id DESC`,
  );
  return readerRows(reader).map((r) => ({
    sourceId: Number(r.source_id),
    table: String(r.table),
    fileName: String(r.file_name),
    sizeBytes: Number(r.size_bytes),
    sha256: String(r.sha256),
    importedAt: String(r.imported_at),
    mode: String(r.mode),
    rowsLoaded: Number(r.rows_loaded),
    rowsRejected: Number(r.rows_rejected),
    rowsFlagged: Number(r.rows_flagged),
    rowsLeftOut: Number(r.rows_left_out),
    profileName: typeof r.profile_name === 'string' ? r.profile_name : null,
    decisions: JSON.parse(String(r.decisions_json)) as Decision[],
  }));
}
