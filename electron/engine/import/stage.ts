import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type Column, type ImportOptions, type RejectedRow, type Row } from '../../contract/index.js';
import { readerColumns, readerRows } from '../db/cells.js';
import { openLockedDb, type LockedDb } from '../db/open.js';
import { quoteLiteral } from '../db/sql.js';
import type { RegisteredFile, Workspace } from '../workspace/workspace.js';
import { readCsvSql, type TypedColumn } from './csvSource.js';
import { describeFormat } from './dateFormats.js';
import { sniffDialect, type Dialect } from './dialect.js';
import { scanFile } from './fileScan.js';
import { probeFile } from './probe.js';

export const SAMPLE_LIMIT = 50;
export const REJECTS_LIMIT = 100;

const REJECT_ROWS_SQL = readFileSync(new URL('./rejectRows.sql', import.meta.url), 'utf8');

/** What to read: the file's columns with forced types, and how to shape them for the table. */
export interface StagePlan {
  columns: TypedColumn[];
  dateFormat: string | null;
  timestampFormat: string | null;
  /** SELECT list over the read (reorder, rename, add NULL columns); default `*`. */
  select?: string;
}

export interface PlanContext {
  conn: DuckDBConnection;
  dialect: Dialect;
  file: RegisteredFile;
}

/** A file parsed into staging/<id>/: ready to be taken into the workspace in one transaction. */
export interface StagedImport {
  id: string;
  dir: string;
  dataPath: string;
  /** Null when no row was rejected. */
  rejectsPath: string | null;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  dialect: Dialect;
  plan: StagePlan;
  rowsAccepted: number;
  rowsRejected: number;
  columns: Column[];
  sampleRows: Row[];
  rejects: RejectedRow[];
}

/**
 * Parses the whole file in a short-lived DuckDB of its own (the workspace's may read only
 * staging/), writing accepted rows and rejects to Parquet under staging/<id>/. Nothing in the
 * workspace changes. On any failure the staging folder is removed and the error names the file.
 */
export async function stageCsv(
  ws: Workspace,
  file: RegisteredFile,
  options: Pick<ImportOptions, 'delimiter' | 'header'>,
  makePlan: (ctx: PlanContext) => Promise<StagePlan>,
): Promise<StagedImport> {
  const id = randomUUID();
  const dir = join(ws.stagingDir, id);
  let db: LockedDb | undefined;
  try {
    const probe = await probeFile(file);
    mkdirSync(dir);
    db = await openLockedDb({ dbPath: ':memory:', files: [file.path], directories: [ws.stagingDir] });
    const { conn } = db;
    const dialect = await sniffDialect(conn, file.path, probe, options);
    const plan = await makePlan({ conn, dialect, file });

    const dataPath = join(dir, 'data.parquet');
    const source = readCsvSql(file.path, dialect, plan.columns, {
      dateFormat: plan.dateFormat,
      timestampFormat: plan.timestampFormat,
      rejects: { table: 'sv_rejects', scan: 'sv_scans' },
    });
    await conn.run(`COPY (SELECT ${plan.select ?? '*'} FROM ${source}) TO ${quoteLiteral(dataPath)} (FORMAT parquet)`);

    const rejected = await collectRejects(conn, file, dialect, plan);
    const rejectsPath = rejected.count > 0 ? join(dir, 'rejects.parquet') : null;
    if (rejectsPath) {
      await conn.run(
        `COPY (SELECT l.line, r."column", r.reason, r.raw
               FROM sv_reject_rows AS r JOIN sv_reject_lines AS l USING (start) ORDER BY l.line)
         TO ${quoteLiteral(rejectsPath)} (FORMAT parquet)`,
      );
    }

    const data = `read_parquet(${quoteLiteral(dataPath)})`;
    const count = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${data}`);
    const sample = await conn.runAndReadAll(`SELECT * FROM ${data} LIMIT ${SAMPLE_LIMIT}`);
    return {
      id,
      dir,
      dataPath,
      rejectsPath,
      fileName: file.name,
      sizeBytes: rejected.bytes,
      sha256: rejected.sha256,
      dialect,
      plan,
      rowsAccepted: Number(count.getRowObjects()[0]?.n ?? 0),
      rowsRejected: rejected.count,
      columns: readerColumns(sample),
      sampleRows: readerRows(sample),
      rejects: rejectsPath ? await firstRejects(conn, rejectsPath) : [],
    };
  } catch (err) {
    // Close first: Windows will not delete files a live DuckDB may still hold.
    db?.close();
    db = undefined;
    rmSync(dir, { recursive: true, force: true });
    throw asImportError(err, file);
  } finally {
    db?.close();
  }
}

export function removeStaged(staged: StagedImport): void {
  rmSync(staged.dir, { recursive: true, force: true });
}

/**
 * Shapes DuckDB's reject log into one row per rejected record (sv_reject_rows) with the real
 * physical line of each (sv_reject_lines), and hashes the file in the same pass.
 */
async function collectRejects(conn: DuckDBConnection, file: RegisteredFile, dialect: Dialect, plan: StagePlan) {
  const what = plan.columns.map((c) => `(${quoteLiteral(c.name)}, ${quoteLiteral(describeType(c.type, plan))})`);
  await conn.run(`CREATE TABLE sv_column_what AS SELECT * FROM (VALUES ${what.join(', ')}) AS t(name, what)`);
  await conn.run(REJECT_ROWS_SQL);
  const starts = (await conn.runAndReadAll('SELECT start FROM sv_reject_rows ORDER BY start'))
    .getRowObjects()
    .map((r) => Number(r.start));
  const scan = await scanFile(file.path, starts, {
    encoding: dialect.encoding,
    newline: dialect.newline === '\\r' ? 0x0d : 0x0a,
  });
  await conn.run('CREATE TABLE sv_reject_lines (start BIGINT, line INTEGER)');
  const appender = await conn.createAppender('sv_reject_lines');
  starts.forEach((start, i) => {
    appender.appendBigInt(BigInt(start));
    appender.appendInteger(scan.lines[i]!);
    appender.endRow();
  });
  appender.flushSync();
  appender.closeSync();
  return { count: starts.length, sha256: scan.sha256, bytes: scan.bytes };
}

async function firstRejects(conn: DuckDBConnection, rejectsPath: string): Promise<RejectedRow[]> {
  const reader = await conn.runAndReadAll(
    `SELECT line, "column", reason, raw FROM read_parquet(${quoteLiteral(rejectsPath)}) ORDER BY line LIMIT ${REJECTS_LIMIT}`,
  );
  return readerRows(reader).map((r) => ({
    line: Number(r.line),
    column: typeof r.column === 'string' ? r.column : null,
    reason: String(r.reason),
    // An unclosed quote can swallow the rest of the file into one "line": the preview shows
    // its start; the rejects table keeps all of it.
    raw: typeof r.raw === 'string' ? clip(r.raw) : null,
  }));
}

export const RAW_PREVIEW_CHARS = 2000;
const clip = (s: string) => (s.length > RAW_PREVIEW_CHARS ? `${s.slice(0, RAW_PREVIEW_CHARS)}…` : s);

/** What a column should hold, in the words a rejected-row reason uses. */
export function describeType(type: string, formats: Pick<StagePlan, 'dateFormat' | 'timestampFormat'>): string {
  switch (type) {
    case 'DATE':
      return `a date (${describeFormat(formats.dateFormat ?? '%Y-%m-%d')})`;
    case 'TIMESTAMP':
      return `a date and time (${describeFormat(formats.timestampFormat ?? '%Y-%m-%d %H:%M:%S')})`;
    case 'BIGINT':
    case 'INTEGER':
      return 'a whole number';
    case 'DOUBLE':
      return 'a number';
    case 'BOOLEAN':
      return 'true or false';
    default:
      return `a valid ${type}`;
  }
}

const RESAVE = 'open it in Excel or a text editor, save it as "CSV UTF-8" and choose it again';

/** DuckDB failures analysts meet, in their words. */
const KNOWN_FAILURES: [RegExp, string][] = [
  [/Error when sniffing file/, `its layout (delimiter, quotes, line endings) could not be worked out; ${RESAVE}`],
  [
    /state machine reached an invalid state/,
    `it has line breaks that do not match (often Windows and Unix line endings mixed); ${RESAVE}`,
  ],
];

/** An EngineError naming the file: known DuckDB failures reworded, others by their first line. */
export function asImportError(err: unknown, file: RegisteredFile): EngineError {
  if (err instanceof EngineError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const known = KNOWN_FAILURES.find(([pattern]) => pattern.test(raw));
  const firstLine = raw.split('\n').find((l) => l.trim() !== '') ?? 'unknown error';
  const why =
    known?.[1] ??
    firstLine
      .replace(/^[A-Za-z ]*Error: /, '')
      .replaceAll(file.path, file.name)
      .trim();
  return new EngineError('import_failed', `${file.name}: ${why}`);
}
