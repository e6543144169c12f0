import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type FileRef } from '../../contract/index.js';
import { openLockedDb, type LockedDb } from '../db/open.js';

export interface RegisteredFile {
  path: string;
  name: string;
  sizeBytes: number;
}

/**
 * A workspace is one folder: `workspace.duckdb` (every table the analyst imported, the rejects
 * and the reference tables) and `staging/`, the only other place its DuckDB may read, where
 * imports leave Parquet files for the workspace to take in one transaction.
 */
export interface Workspace {
  dir: string;
  name: string;
  stagingDir: string;
  db: LockedDb;
  /** The metadata / browsing connection. Long runs get their own (see connect). */
  conn: DuckDBConnection;
  connect(): Promise<DuckDBConnection>;
  /** Remembers a path the analyst chose (dialog, drop, CLI argument) behind an opaque token. */
  registerFile(path: string): FileRef;
  resolveFile(token: string): RegisteredFile;
  close(): void;
}

export interface OpenOptions {
  /** Keep tables in memory only (CLI runs over a folder of CSVs). */
  inMemory?: boolean;
  name?: string;
}

const META_DDL = `
CREATE TABLE IF NOT EXISTS _sv_tables (
  name VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,            -- data | rejects | reference
  source_name VARCHAR,
  source_sha256 VARCHAR,
  source_bytes BIGINT,
  imported_at TIMESTAMP,
  rows_loaded BIGINT,
  rows_rejected BIGINT
)`;

export async function openWorkspace(dir: string, opts: OpenOptions = {}): Promise<Workspace> {
  const root = resolve(dir);
  const stagingDir = join(root, 'staging');
  const tempDir = join(root, 'tmp');
  mkdirSync(stagingDir, { recursive: true });
  mkdirSync(tempDir, { recursive: true });
  const db = await openLockedDb({
    dbPath: opts.inMemory ? ':memory:' : join(root, 'workspace.duckdb'),
    directories: [stagingDir],
    tempDir,
  });
  // Staged files belong to previews of an earlier session that never committed; nothing refers
  // to them once that process is gone. Cleared only now that DuckDB's lock says we own the folder.
  for (const entry of readdirSync(stagingDir)) rmSync(join(stagingDir, entry), { recursive: true, force: true });
  await db.conn.run(META_DDL);
  // Query results live in an attached in-memory catalogue: visible to every connection
  // (grid paging runs on another one), gone when the workspace closes.
  await db.conn.run("ATTACH ':memory:' AS results");

  const files = new Map<string, RegisteredFile>();
  return {
    dir: root,
    name: opts.name ?? basename(root),
    stagingDir,
    db,
    conn: db.conn,
    connect: () => db.instance.connect(),
    registerFile(path) {
      const abs = resolve(path);
      let st;
      try {
        st = statSync(abs);
      } catch {
        throw new EngineError('not_found', `${basename(abs)}: file not found`);
      }
      if (!st.isFile()) throw new EngineError('invalid_args', `${basename(abs)} is not a file`);
      const token = randomUUID();
      const entry = { path: abs, name: basename(abs), sizeBytes: st.size };
      files.set(token, entry);
      return { token, name: entry.name, sizeBytes: entry.sizeBytes };
    },
    resolveFile(token) {
      const f = files.get(token);
      if (!f) throw new EngineError('not_found', 'that file is no longer open; choose it again');
      return f;
    },
    close() {
      db.close();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
