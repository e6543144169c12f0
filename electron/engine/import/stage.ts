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
import { csvLayout, type CsvLayout, type Dialect } from './dialect.js';
import { hashFile, prepareText, type TextEncoding } from './encoding.js';
import { lineNumbers } from './fileScan.js';
import type { Job } from './jobs.js';
import { probeFile, type SourceFormat } from './probe.js';
import { findRecordLines, type LineRuns, type RecordLinesSearch } from './recordLines.js';
import { stageWorkbook } from './xlsx.js';

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
  /** The file the analyst chose (name it in messages). */
  file: RegisteredFile;
  /** The UTF-8 CSV DuckDB reads: the file itself, its Windows-1252 text converted, or the sheet written out. */
  csvPath: string;
}

/** How to read the file: the import options that are about reading, not typing. */
export type ReadOptions = Pick<ImportOptions, 'delimiter' | 'header' | 'headerRow' | 'sheet' | 'encoding'>;

/** A file parsed into staging/<id>/: ready to be taken into the workspace in one transaction. */
export interface StagedImport {
  id: string;
  dir: string;
  /** The accepted rows, with the file's columns only (what committing as read takes in). */
  dataPath: string;
  /** Where each row of dataPath came from: the line (CSV) or sheet row (XLSX) its record starts on. */
  lines: StagedLines;
  /** Null when no row was rejected. */
  rejectsPath: string | null;
  fileName: string;
  /** Size and SHA-256 of the file as chosen (not of a converted copy). */
  sizeBytes: number;
  sha256: string;
  format: SourceFormat;
  encoding: TextEncoding;
  /** XLSX: every worksheet and the one read; CSV: [] and null. */
  sheets: string[];
  sheet: string | null;
  /** 1-based line (CSV) or sheet row (XLSX) of the header; rows above it were skipped. */
  headerRow: number;
  /** Whether the file has a header row (a worksheet is written out with one either way). */
  header: boolean;
  /** How the CSV DuckDB read is laid out (for XLSX: the sheet written out as CSV). */
  dialect: Dialect;
  plan: StagePlan;
  rowsAccepted: number;
  rowsRejected: number;
  columns: Column[];
  sampleRows: Row[];
  /** Lines are the file's lines, or the sheet's rows. */
  rejects: RejectedRow[];
}

/**
 * Lines as runs (see LineRuns): row `rows[k]` (0-based, as read_parquet's file_row_number
 * counts) and those after it, up to the next run, sit on consecutive lines from `lines[k]`.
 * At least one run. Few runs (the usual file has one) are kept here; many go to a Parquet
 * file of ("row" INTEGER, line INTEGER).
 */
export type StagedLines = { rows: number[]; lines: number[] } | { path: string; runs: number };

/** Up to this many runs stay in memory; SQL takes them as a VALUES list. */
const INLINE_RUNS = 200;

/** For callers without a job: nobody watches, nobody cancels. */
const unwatched: Job = {
  id: 'unwatched',
  stage: () => undefined,
  attach: () => undefined,
  checkCancelled: () => undefined,
  cancelled: false,
};

/** The text DuckDB reads, and how it relates to the file. */
interface SourceCsv {
  csvPath: string;
  encoding: TextEncoding;
  sha256: string;
  bytes: number;
  sheets: string[];
  sheet: string | null;
  /** Fixed layout (a sheet written out); null = find it (csvLayout). */
  layout: CsvLayout | null;
  /** With a fixed layout: whether the sheet had a header row. */
  header: boolean;
  /** The sheet row a physical line of csvPath came from; none for text (its lines are the file's). */
  lineOf?: (line: number) => number;
}

/**
 * Parses the whole file in a short-lived DuckDB of its own (the workspace's may read only
 * staging/), writing accepted rows and rejects to Parquet under staging/<id>/. CSV in UTF-8
 * (BOM or not) is read where it is; Windows-1252 text is converted and a worksheet written
 * out as CSV into that folder first. Nothing in the workspace changes. On any failure, or a
 * cancel through `job`, the staging folder is removed; errors name the file.
 */
export async function stageCsv(
  ws: Workspace,
  file: RegisteredFile,
  options: ReadOptions,
  makePlan: (ctx: PlanContext) => Promise<StagePlan>,
  job: Job = unwatched,
): Promise<StagedImport> {
  const id = randomUUID();
  const dir = join(ws.stagingDir, id);
  let db: LockedDb | undefined;
  let finding: RecordLinesSearch | undefined;
  let failed = false;
  const closeDb = () => {
    job.attach(null);
    // Close before deleting: Windows will not delete files a live DuckDB may still hold.
    db?.close();
    db = undefined;
  };
  try {
    job.stage('Reading file', 0);
    const probe = await probeFile(file);
    mkdirSync(dir);
    const source = probe.format === 'xlsx' ? await sheetSource(file, options, dir, job) : await textSource(file, options, dir, job);
    job.checkCancelled();

    job.stage('Checking types');
    db = await openLockedDb({ dbPath: ':memory:', files: [file.path], directories: [ws.stagingDir] });
    const { conn } = db;
    // Progress for the bar; SET is refused once the configuration is locked, PRAGMA is not.
    await conn.run('PRAGMA enable_progress_bar');
    await conn.run('PRAGMA disable_print_progress_bar');
    job.attach(conn);
    const { dialect, headerRow } = source.layout ?? (await csvLayout(conn, { path: source.csvPath, name: file.name }, probe, options));
    const plan = await makePlan({ conn, dialect, file, csvPath: source.csvPath });
    job.checkCancelled();

    job.stage('Parsing rows');
    const dataPath = join(dir, 'data.parquet');
    const read = readCsvSql(source.csvPath, dialect, plan.columns, {
      dateFormat: plan.dateFormat,
      timestampFormat: plan.timestampFormat,
      rejects: { table: 'sv_rejects', scan: 'sv_scans' },
    });
    // DuckDB keeps no line numbers of accepted rows, but a single-file read keeps file order
    // (preserve_insertion_order): the k-th row is the k-th record not rejected. Where the
    // records start is found in Node while DuckDB parses.
    finding = findRecordLines(source.csvPath, { ...dialect, columns: plan.columns.length }, { stopped: () => failed || job.cancelled });
    await conn.run(`COPY (SELECT ${plan.select ?? '*'} FROM ${read}) TO ${quoteLiteral(dataPath)} (FORMAT parquet)`);
    job.checkCancelled();

    const rejected = await collectRejects(conn, source, dialect, plan);
    const rejectedCount = rejected.length;
    const rejectsPath = rejectedCount > 0 ? join(dir, 'rejects.parquet') : null;
    if (rejectsPath) {
      await conn.run(
        `COPY (SELECT l.line, r."column", r.reason, r.raw
               FROM sv_reject_rows AS r JOIN sv_reject_lines AS l USING (start) ORDER BY l.line)
         TO ${quoteLiteral(rejectsPath)} (FORMAT parquet)`,
      );
    }

    const data = `read_parquet(${quoteLiteral(dataPath)})`;
    const count = await conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${data}`);
    const rowsAccepted = Number(count.getRowObjects()[0]?.n ?? 0);
    const runs = await finding.settle({ dataRecords: rowsAccepted + rejectedCount, rejected, lineOf: source.lineOf });
    job.checkCancelled();
    const header = source.layout ? source.header : dialect.header;
    // Should the scan read the text otherwise than DuckDB (it follows DuckDB's rules, but a
    // malformed file may find a corner), lines after the difference are approximate; every
    // row still gets one.
    if (runs.rows.length === 0) {
      runs.rows.push(0);
      runs.lines.push(headerRow + (header ? 1 : 0));
    }
    const lines = runs.rows.length <= INLINE_RUNS ? { rows: runs.rows, lines: runs.lines } : await writeLineRuns(conn, runs, dir);
    const sample = await conn.runAndReadAll(`SELECT * FROM ${data} LIMIT ${SAMPLE_LIMIT}`);
    const staged: StagedImport = {
      id,
      dir,
      dataPath,
      lines,
      rejectsPath,
      fileName: file.name,
      sizeBytes: source.bytes,
      sha256: source.sha256,
      format: probe.format,
      encoding: source.encoding,
      sheets: source.sheets,
      sheet: source.sheet,
      headerRow,
      header,
      dialect,
      plan,
      rowsAccepted,
      rowsRejected: rejectedCount,
      columns: readerColumns(sample),
      sampleRows: readerRows(sample),
      rejects: rejectsPath ? await firstRejects(conn, rejectsPath) : [],
    };
    job.checkCancelled();
    return staged;
  } catch (err) {
    closeDb();
    // Node may still be reading a file in the folder (Windows will not delete it then).
    failed = true;
    await finding?.idle();
    rmSync(dir, { recursive: true, force: true });
    if (job.cancelled) throw new EngineError('cancelled', 'the import was cancelled; nothing was changed');
    throw asImportError(err, file);
  } finally {
    closeDb();
  }
}

async function textSource(file: RegisteredFile, options: ReadOptions, dir: string, job: Job): Promise<SourceCsv> {
  const text = await prepareText(file.path, options.encoding, dir, job);
  return { ...text, sheets: [], sheet: null, layout: null, header: true };
}

async function sheetSource(file: RegisteredFile, options: ReadOptions, dir: string, job: Job): Promise<SourceCsv> {
  const { sha256, bytes } = await hashFile(file.path, job, 'Reading file');
  const sheet = await stageWorkbook(file, options, dir, job);
  const dialect: Dialect = {
    delimiter: ',',
    quote: '"',
    escape: '"',
    newline: '\\n',
    comment: '',
    skip: 0,
    header: true,
    names: sheet.names,
  };
  return {
    csvPath: sheet.csvPath,
    encoding: 'utf-8',
    sha256,
    bytes,
    sheets: sheet.sheets,
    sheet: sheet.sheet,
    layout: { dialect, headerRow: sheet.headerRow },
    header: options.header !== false,
    lineOf: sheet.rowOfLine,
  };
}

export function removeStaged(staged: StagedImport): void {
  rmSync(staged.dir, { recursive: true, force: true });
}

/**
 * Shapes DuckDB's reject log into one row per rejected record (sv_reject_rows) with the line
 * of the file, or row of the sheet, it came from (sv_reject_lines). Returns the physical
 * lines of csvPath the rejected records start on, ascending.
 */
async function collectRejects(conn: DuckDBConnection, source: SourceCsv, dialect: Dialect, plan: StagePlan): Promise<number[]> {
  const what = plan.columns.map((c) => `(${quoteLiteral(c.name)}, ${quoteLiteral(describeType(c.type, plan))})`);
  await conn.run(`CREATE TABLE sv_column_what AS SELECT * FROM (VALUES ${what.join(', ')}) AS t(name, what)`);
  await conn.run(REJECT_ROWS_SQL);
  const starts = (await conn.runAndReadAll('SELECT start FROM sv_reject_rows ORDER BY start'))
    .getRowObjects()
    .map((r) => Number(r.start));
  const lines = await lineNumbers(source.csvPath, starts, newlineByte(dialect));
  await conn.run('CREATE TABLE sv_reject_lines (start BIGINT, line INTEGER)');
  const appender = await conn.createAppender('sv_reject_lines');
  starts.forEach((start, i) => {
    appender.appendBigInt(BigInt(start));
    appender.appendInteger(source.lineOf?.(lines[i]!) ?? lines[i]!);
    appender.endRow();
  });
  appender.flushSync();
  appender.closeSync();
  return lines;
}

const newlineByte = (dialect: Dialect) => (dialect.newline === '\\r' ? 0x0d : 0x0a);

/** Writes runs too many to keep in memory to Parquet in the staging folder. */
async function writeLineRuns(conn: DuckDBConnection, runs: LineRuns, dir: string): Promise<StagedLines> {
  await conn.run('CREATE TABLE sv_line_runs ("row" INTEGER, line INTEGER)');
  const appender = await conn.createAppender('sv_line_runs');
  runs.rows.forEach((row, k) => {
    appender.appendInteger(row);
    appender.appendInteger(runs.lines[k]!);
    appender.endRow();
  });
  appender.flushSync();
  appender.closeSync();
  const path = join(dir, 'lines.parquet');
  await conn.run(`COPY sv_line_runs TO ${quoteLiteral(path)} (FORMAT parquet)`);
  return { path, runs: runs.rows.length };
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
