import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { quoteLiteral } from './sql.js';

export interface LockedDbOptions {
  /** Database file, or ':memory:'. */
  dbPath: string;
  /** Directories DuckDB may read and write (trailing separator added). */
  directories?: string[];
  /** Single files DuckDB may read (the extract the analyst chose). */
  files?: string[];
  /** Where DuckDB may spill large sorts and joins. */
  tempDir?: string;
  threads?: number;
}

export interface LockedDb {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

const listLiteral = (items: string[]) => `[${items.map(quoteLiteral).join(', ')}]`;
const withSlash = (dir: string) => (dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`);

/**
 * Opens DuckDB so that it can touch only the files named here: no other file, no network,
 * no extension installs, and no SQL can undo it (the configuration is locked).
 * The allow-lists must be set before external access goes off: DuckDB refuses later changes.
 */
export async function openLockedDb(opts: LockedDbOptions): Promise<LockedDb> {
  const instance = await DuckDBInstance.create(opts.dbPath, {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
  });
  const conn = await instance.connect();
  const dirs = (opts.directories ?? []).map(withSlash);
  if (opts.tempDir) {
    await conn.run(`SET temp_directory = ${quoteLiteral(opts.tempDir)}`);
  }
  if (dirs.length) await conn.run(`SET allowed_directories = ${listLiteral(dirs)}`);
  if (opts.files?.length) await conn.run(`SET allowed_paths = ${listLiteral(opts.files)}`);
  await conn.run('SET enable_external_access = false');
  await conn.run('SET lock_configuration = true');
  return {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
