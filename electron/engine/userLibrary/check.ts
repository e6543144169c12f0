import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import { EngineError, type ErrorCode } from '../../contract/index.js';
import type { LibraryEntry, Macro } from '../queries/entry.js';
import { inspectSelect } from '../queries/guard.js';
import { parseEntry, splitEntryFile } from '../queries/library.js';

/**
 * One check for every own entry, whether saved from the editor, loaded from the user library
 * folder or imported from a colleague: the library's own loader (header, tables, columns,
 * parameters, defaults) and then the guard on the SQL (one read-only SELECT over the declared
 * tables; parsed only, nothing is read).
 */
export async function checkEntryText(
  conn: DuckDBConnection,
  file: string,
  text: string,
  macros: Macro[],
): Promise<LibraryEntry> {
  const entry = parseEntry(file, text, macros);
  await inspectSelect(conn, entry.id, entry.sql, new Set(entry.tables.map((t) => t.table)));
  return entry;
}

/** The header's id, when the header parses far enough to have one. */
export function headerId(text: string): string | null {
  try {
    const data: unknown = parse(splitEntryFile('file', text).yaml);
    const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
    return typeof id === 'string' && /^[a-z][a-z0-9-]*$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Checks a file that arrives under any name (a colleague's "repeat-knife (1).sql"): it is
 * checked as the `<id>.sql` it will become, and every message names the file as it arrived.
 */
export async function checkArrivingFile(
  conn: DuckDBConnection,
  fileName: string,
  text: string,
  macros: Macro[],
  code: ErrorCode,
): Promise<LibraryEntry> {
  const name = basename(fileName);
  const asNamed = `${headerId(text) ?? name.replace(/\.sql$/i, '')}.sql`;
  try {
    return await checkEntryText(conn, asNamed, text, macros);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Loader messages start with the file, guard messages with the id: either way, one prefix.
    const prefix = [`${asNamed}: `, `${asNamed.slice(0, -4)}: `].find((p) => message.startsWith(p));
    const why = prefix ? message.slice(prefix.length) : message;
    throw new EngineError(code, `${name}: ${why}`);
  }
}
