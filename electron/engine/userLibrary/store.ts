import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  EngineError,
  QUERY_FILE_MAX_CHARS,
  type QueryFile,
  type QuerySummary,
  type SaveOutcome,
  type UserLibraryInfo,
} from '../../contract/index.js';
import type { LibraryEntry, Macro } from '../queries/entry.js';
import { parseSelect } from '../queries/guard.js';
import { sqlParameters, toSummary } from '../queries/library.js';
import { coerceParam } from '../queries/params.js';
import { checkArrivingFile, checkEntryText } from './check.js';
import { deriveTables } from './derive.js';
import { normaliseSql, renderEntryFile, type Draft, type TypedParam } from './format.js';

/**
 * The analyst's own library: `<id>.sql` files in a folder of theirs (never the app's queries/
 * and never the workspace), in the app's file format and checked by the app's loader and guard.
 * App entries stay read-only: an own entry can never take an app entry's id.
 */

/** Lends a DuckDB connection for parsing (the guard reads nothing). */
export type WithConnection = <T>(work: (conn: DuckDBConnection) => Promise<T>) => Promise<T>;

export interface UserLibraryOptions {
  /** The folder, or null/undefined when this host has none (saving is then refused). */
  dir: string | null | undefined;
  app: readonly LibraryEntry[];
  /** The app's statistics macros: own entries may call them too. */
  macros: Macro[];
  withConnection: WithConnection;
}

export interface UserLibrary {
  entries(): LibraryEntry[];
  summaries(): QuerySummary[];
  isOwn(id: string): boolean;
  info(): UserLibraryInfo;
  save(draft: Draft, overwrite: boolean): Promise<SaveOutcome>;
  importFile(file: QueryFile, replace: boolean): Promise<SaveOutcome>;
  remove(id: string): Promise<boolean>;
  fileOf(id: string): Promise<QueryFile>;
}

interface Own {
  entry: LibraryEntry;
  path: string;
}

const summary = (e: LibraryEntry): QuerySummary => ({ ...toSummary(e), origin: 'user' });

/** A loader message without the loader's error code, for the code this caller means. */
function recode(err: unknown, code: 'invalid_args'): never {
  if (err instanceof EngineError && err.code !== 'internal') throw err;
  throw new EngineError(code, err instanceof Error ? err.message : String(err));
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, path);
}

/** The draft's parameters against its SQL, each default checked and typed as the loader will read it. */
function typedParams(draft: Draft): TypedParam[] {
  const used = sqlParameters(draft.sql);
  const declared = new Set(draft.params.map((p) => p.name));
  for (const name of used) {
    if (!declared.has(name)) throw new EngineError('invalid_args', `${draft.id}: the SQL uses $${name}: give it a type, a label and a default`);
  }
  return draft.params.map((p) => {
    if (!used.has(p.name)) throw new EngineError('invalid_args', `${draft.id}: $${p.name} is not used by the SQL`);
    if (!/^[a-z][a-z0-9_]*$/.test(p.name)) {
      throw new EngineError('invalid_args', `${draft.id}: $${p.name}: a saved parameter's name is lower-case letters, digits and _`);
    }
    const spec = { ...p, description: p.description || p.label, required: false };
    const value = p.default === '' ? null : coerceParam(draft.id, spec, p.default);
    return { name: p.name, type: p.type, label: p.label, description: spec.description, default: value };
  });
}

export async function openUserLibrary(opts: UserLibraryOptions): Promise<UserLibrary> {
  const dir = opts.dir ?? null;
  const appById = new Map(opts.app.map((e) => [e.id, e]));
  const own = new Map<string, Own>();
  const problems: UserLibraryInfo['problems'] = [];

  const appClash = (id: string): string | null => {
    const app = appById.get(id);
    return app ? `${id} is the id of an app entry ("${app.title}"); app entries are read-only, so choose another id` : null;
  };
  const needDir = (): string => {
    if (dir === null) throw new EngineError('not_found', 'this app has no folder for your own queries');
    return dir;
  };
  const put = (entry: LibraryEntry, path: string) => {
    own.set(entry.id, { entry, path });
  };

  if (dir !== null) {
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.sql')).sort();
    } catch (err) {
      // No folder yet is normal: it is made on the first save.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ file: '(folder)', message: 'the folder of your own queries cannot be read' });
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        if ((await stat(path)).size > QUERY_FILE_MAX_CHARS) throw new EngineError('invalid_args', `${name}: is too large to be a query file`);
        // Named by the bare file name: messages reach the renderer, paths must not.
        const entry = await opts.withConnection((conn) => readFile(path, 'utf8').then((text) => checkEntryText(conn, name, text, opts.macros)));
        const clash = appClash(entry.id);
        if (clash) throw new EngineError('invalid_args', `${name}: ${clash}`);
        put(entry, path);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        problems.push({ file: name, message: message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message });
      }
    }
  }

  const sorted = () => [...own.values()].map((o) => o.entry).sort((a, b) => a.id.localeCompare(b.id));
  const store = async (entry: LibraryEntry, text: string): Promise<SaveOutcome> => {
    const folder = needDir();
    await mkdir(folder, { recursive: true });
    const path = join(folder, `${entry.id}.sql`);
    await writeAtomically(path, text);
    put(entry, path);
    return { status: 'saved', entry: summary(entry) };
  };

  return {
    entries: sorted,
    summaries: () => sorted().map(summary),
    isOwn: (id) => own.has(id),
    info: () => ({ available: dir !== null, problems: [...problems] }),

    async save(draft, overwrite) {
      needDir();
      const clash = appClash(draft.id);
      if (clash) throw new EngineError('invalid_args', clash);
      const sql = normaliseSql(draft.sql);
      const params = typedParams({ ...draft, sql });
      const tables = deriveTables(draft.id, await opts.withConnection((conn) => parseSelect(conn, draft.id, sql)));
      const text = renderEntryFile({ ...draft, sql }, params, tables);
      let entry: LibraryEntry;
      try {
        entry = await opts.withConnection((conn) => checkEntryText(conn, `${draft.id}.sql`, text, opts.macros));
      } catch (err) {
        recode(err, 'invalid_args');
      }
      const existing = own.get(entry.id);
      if (existing && !overwrite) return { status: 'exists', id: entry.id, title: existing.entry.title };
      return store(entry, text);
    },

    async importFile(file, replace) {
      needDir();
      const entry = await opts.withConnection((conn) => checkArrivingFile(conn, file.fileName, file.text, opts.macros, 'import_failed'));
      const clash = appClash(entry.id);
      if (clash) throw new EngineError('import_failed', `${file.fileName}: ${clash}`);
      const existing = own.get(entry.id);
      if (existing && !replace) return { status: 'exists', id: entry.id, title: existing.entry.title };
      // Copied as it came: the file is the colleague's, byte for byte.
      return store(entry, file.text);
    },

    async remove(id) {
      const clash = appById.get(id);
      if (clash) throw new EngineError('invalid_args', `${id} is an app entry; app entries are read-only`);
      const found = own.get(id);
      if (!found) throw new EngineError('not_found', `no query of yours has the id ${id}`);
      await unlink(found.path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      own.delete(id);
      return true;
    },

    async fileOf(id) {
      if (appById.has(id)) throw new EngineError('invalid_args', `${id} is an app entry; only your own entries are shared as files`);
      const found = own.get(id);
      if (!found) throw new EngineError('not_found', `no query of yours has the id ${id}`);
      return { fileName: `${id}.sql`, text: await readFile(found.path, 'utf8') };
    },
  };
}
