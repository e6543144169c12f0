import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Row } from '../../contract/index.js';
import { readerRows } from '../db/cells.js';
import { quoteIdent } from '../db/sql.js';
import { openWorkspace, type RegisteredFile, type Workspace } from '../workspace/workspace.js';

/** A temp folder with a real workspace in it, and helpers to write CSVs and read tables back. */
export interface Sandbox {
  dir: string;
  ws: Workspace;
  write(name: string, content: string | Buffer): string;
  file(name: string, content: string | Buffer): RegisteredFile;
  rows(sql: string): Promise<Row[]>;
  /** Every main-schema table with its full, ordered content: to prove nothing changed. */
  snapshot(): Promise<Record<string, Row[]>>;
  stagingEntries(): string[];
  cleanup(): void;
}

export async function makeSandbox(): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'sv-import-'));
  const ws = await openWorkspace(join(dir, 'ws'));
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const rows = async (sql: string) => readerRows(await ws.conn.runAndReadAll(sql));
  return {
    dir,
    ws,
    write,
    file: (name, content) => ws.resolveFile(ws.registerFile(write(name, content)).token),
    rows,
    async snapshot() {
      const tables = await rows(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY 1",
      );
      const out: Record<string, Row[]> = {};
      for (const t of tables) {
        const name = String(t.table_name);
        out[name] = await rows(`SELECT * FROM ${quoteIdent(name)} ORDER BY ALL`);
      }
      return out;
    },
    stagingEntries: () => readdirSync(ws.stagingDir),
    cleanup() {
      ws.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
