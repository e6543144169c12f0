import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError } from '../../contract/index.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import type { Dialect } from './dialect.js';
import { readCsvSql, type TypedColumn } from './csvSource.js';
import { DATE_FORMATS, PLAUSIBLE_YEARS, TIME_SUFFIXES } from './dateFormats.js';

/** Rows read to decide column types; later rows that do not fit become rejects. */
export const SAMPLE_ROWS = 20_000;

/**
 * Share of a column's non-blank sample values a date format must read for the column to be
 * treated as dates. Below 1 on purpose: one '31/02/2024' should be a rejected row the analyst
 * sees, not a whole date column silently left as text. Numbers stay strict (every sampled
 * value must fit) because a stray code in an ID or age column is data, not an error.
 */
export const DATE_SHARE = 0.9;

const INT_RE = '[-+]?(0|[1-9][0-9]{0,17})';
const NUM_RE = '[-+]?((0|[1-9][0-9]*)(\\.[0-9]+)?|\\.[0-9]+)';
// Cheap shape tests that decide which columns are worth trying date formats on, and which
// ones (date only, or date and time).
const DATE_RE = '[0-9]{1,4}[-/. ]([0-9]{1,2}|[A-Za-z]{3})[-/. ][0-9]{2,4}';
const DATETIME_RE = `${DATE_RE}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?`;

export interface InferredTypes {
  columns: TypedColumn[];
  /** The date format applied to DATE columns (and the date part of TIMESTAMP ones). */
  dateFormat: string | null;
  timestampFormat: string | null;
}

interface Counts {
  n: number;
  int: number;
  num: number;
  bool: number;
  dateShaped: number;
  dateTimeShaped: number;
}

const SAMPLE_TABLE = 'sv_sample';

/**
 * Decides each column's type from the first SAMPLE_ROWS rows read as text. Dates are read
 * day-first unless the data says otherwise: a US format wins only when it reads strictly
 * more values (e.g. 12/25/2023 exists), so 03/04/2024 in an ambiguous UK extract is 3 April.
 * `file.path` is the UTF-8 CSV DuckDB reads; `file.name` the file the analyst chose.
 */
export async function inferTypes(
  conn: DuckDBConnection,
  file: { path: string; name: string },
  dialect: Dialect,
  dateFormatOverride?: string,
): Promise<InferredTypes> {
  if (dateFormatOverride !== undefined) await assertDateFormat(conn, file, dateFormatOverride);
  const names = dialect.names;
  const asText = names.map((name) => ({ name, type: 'VARCHAR' }));
  const sample = readCsvSql(file.path, dialect, asText, { ignoreErrors: true });
  await conn.run(`CREATE TABLE ${SAMPLE_TABLE} AS SELECT * FROM ${sample} LIMIT ${SAMPLE_ROWS}`);
  const basic = await basicCounts(conn, SAMPLE_TABLE, names);
  const types: (string | null)[] = basic.map((c) => {
    if (c.n === 0) return 'VARCHAR';
    if (c.int === c.n) return 'BIGINT';
    if (c.num === c.n) return 'DOUBLE';
    if (c.bool === c.n) return 'BOOLEAN';
    return c.dateShaped >= DATE_SHARE * c.n || c.dateTimeShaped >= DATE_SHARE * c.n ? null : 'VARCHAR';
  });
  const formats = [...new Set([...(dateFormatOverride ? [dateFormatOverride] : []), ...DATE_FORMATS])];
  const candidates: (DateCandidate & { index: number })[] = [];
  for (const [index, name] of names.entries()) {
    if (types[index] !== null) continue;
    const counts = basic[index]!;
    // A column of date-times is only tried with time suffixes, a column of dates without.
    const tries =
      counts.dateShaped >= counts.dateTimeShaped ? formats : formats.flatMap((f) => TIME_SUFFIXES.map((s) => f + s));
    const parsed = await formatCounts(conn, SAMPLE_TABLE, name, tries);
    candidates.push({ index, n: counts.n, parsed: (format) => parsed.get(format) ?? 0 });
  }
  const dates = decideDates(candidates, formats, dateFormatOverride);
  candidates.forEach((c, k) => (types[c.index] = dates.kinds[k] ?? 'VARCHAR'));
  return {
    columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })),
    dateFormat: dates.dateFormat,
    timestampFormat: dates.timestampFormat,
  };
}

export interface DateCandidate {
  /** Non-blank values in the sample. */
  n: number;
  /** How many of them the given format reads as a plausible date. */
  parsed(format: string): number;
}

export interface DateDecision {
  kinds: ('DATE' | 'TIMESTAMP' | null)[];
  dateFormat: string | null;
  timestampFormat: string | null;
}

/**
 * Picks one date format for the file and which columns it applies to. Automatically: the
 * format reading most values in columns it fits, earlier formats winning ties (so day-first
 * beats month-first when both read everything); columns the winner does not fit stay text
 * (an ISO column beside dd/mm/yyyy ones is not forced into rejects). With the analyst's
 * override: every date-like column takes it, and values it cannot read become rejects that
 * say which format was expected.
 */
export function decideDates(candidates: DateCandidate[], formats: readonly string[], override?: string): DateDecision {
  const fits = (c: DateCandidate, format: string) => {
    const count = c.parsed(format);
    return count > 0 && count >= DATE_SHARE * c.n ? count : 0;
  };
  let chosen = override ?? null;
  if (!chosen) {
    let best = 0;
    for (const f of formats) {
      const score = candidates.reduce(
        (sum, c) => sum + Math.max(fits(c, f), ...TIME_SUFFIXES.map((s) => fits(c, f + s))),
        0,
      );
      if (score > best) [best, chosen] = [score, f];
    }
  }
  const none: DateDecision = { kinds: candidates.map(() => null), dateFormat: null, timestampFormat: null };
  if (!chosen) return none;
  const datePart = chosen;
  // How well a column reads as dates with this time suffix ('' = date only).
  const reads = (c: DateCandidate, suffix: string) =>
    override ? Math.max(...formats.map((f) => fits(c, f + suffix))) : fits(c, datePart + suffix);

  let suffix: string | null = null;
  let bestTs = 0;
  for (const s of TIME_SUFFIXES) {
    const total = candidates.reduce((sum, c) => sum + reads(c, s), 0);
    if (total > bestTs) [bestTs, suffix] = [total, s];
  }
  const kinds = candidates.map((c) => {
    if (suffix !== null && reads(c, suffix) > 0) return 'TIMESTAMP' as const;
    return reads(c, '') > 0 ? ('DATE' as const) : null;
  });
  if (kinds.every((k) => k === null)) return none;
  return { kinds, dateFormat: datePart, timestampFormat: suffix === null ? null : datePart + suffix };
}

/** The analyst's format must be one DuckDB understands and name a day, a month and a year. */
async function assertDateFormat(conn: DuckDBConnection, file: { name: string }, format: string): Promise<void> {
  const refuse = () =>
    new EngineError('invalid_args', `${file.name}: "${format}" is not a date format; use one like %d/%m/%Y`);
  if (!/%-?d/.test(format) || !/%-?[mbB]/.test(format) || !/%[Yy]/.test(format)) throw refuse();
  await conn.run(`SELECT try_strptime('', ${quoteLiteral(format)})`).catch(() => {
    throw refuse();
  });
}

const value = (name: string) => `nullif(trim(${quoteIdent(name)}), '')`;

async function basicCounts(conn: DuckDBConnection, table: string, names: string[]): Promise<Counts[]> {
  if (names.length === 0) return [];
  const exprs = names.flatMap((name, i) => {
    const v = value(name);
    return [
      `count(${v}) AS n_${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, ${quoteLiteral(INT_RE)})) AS int_${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, ${quoteLiteral(NUM_RE)})) AS num_${i}`,
      `count(*) FILTER (WHERE lower(${v}) IN ('true', 'false')) AS bool_${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, ${quoteLiteral(DATE_RE)})) AS date_${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, ${quoteLiteral(DATETIME_RE)})) AS datetime_${i}`,
    ];
  });
  const row = await oneRow(conn, `SELECT ${exprs.join(', ')} FROM ${quoteIdent(table)}`);
  return names.map((_, i) => ({
    n: row[`n_${i}`] ?? 0,
    int: row[`int_${i}`] ?? 0,
    num: row[`num_${i}`] ?? 0,
    bool: row[`bool_${i}`] ?? 0,
    dateShaped: row[`date_${i}`] ?? 0,
    dateTimeShaped: row[`datetime_${i}`] ?? 0,
  }));
}

/**
 * How many of a column's sample values each format reads as a plausible date. Works on the
 * distinct values weighted by frequency: a year of dates is a few hundred strings however
 * many rows mention them.
 */
async function formatCounts(
  conn: DuckDBConnection,
  table: string,
  name: string,
  formats: string[],
): Promise<Map<string, number>> {
  const exprs = formats.map((f, i) => {
    const year = `year(try_strptime(v, ${quoteLiteral(f)}))`;
    return `coalesce(sum(w) FILTER (WHERE ${year} BETWEEN ${PLAUSIBLE_YEARS.min} AND ${PLAUSIBLE_YEARS.max}), 0) AS c_${i}`;
  });
  const row = await oneRow(
    conn,
    `SELECT ${exprs.join(', ')}
     FROM (SELECT v, count(*) AS w FROM (SELECT ${value(name)} AS v FROM ${quoteIdent(table)}) WHERE v IS NOT NULL GROUP BY v)`,
  );
  return new Map(formats.map((f, i) => [f, row[`c_${i}`] ?? 0]));
}

async function oneRow(conn: DuckDBConnection, sql: string): Promise<Record<string, number>> {
  const reader = await conn.runAndReadAll(sql);
  const raw = reader.getRowObjects()[0] ?? {};
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = Number(v ?? 0);
  return out;
}
