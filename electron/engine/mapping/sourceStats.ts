import type { DuckDBConnection } from '@duckdb/node-api';
import type { Column } from '../../contract/index.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { DATE_FORMATS, PLAUSIBLE_YEARS } from '../import/dateFormats.js';
import { dateFormats, loadMappingMacros } from './mappedSql.js';

/** Rows looked at to recognise what a column holds. */
export const STATS_ROWS = 20_000;
/** Distinct values kept per column (to recognise codes and propose code tables). */
export const TOP_VALUES = 100;

/** What the opening rows of one extract column look like. */
export interface SourceStats {
  name: string;
  type: string;
  /** Rows looked at, and how many of them have a value. */
  rows: number;
  n: number;
  distinct: number;
  lsoa: number;
  lad: number;
  /** Whole numbers, and how many of them are 0–23 / 0–120. */
  int: number;
  hour: number;
  ageLike: number;
  /** Text like 14:30. */
  time: number;
  /** Text shaped like a date (dd/mm/yyyy, 2024-01-31 …), or typed as one. */
  dateLike: number;
  /** Most frequent values (trimmed text), most frequent first. */
  top: { value: string; count: number }[];
}

const DATE_SHAPE = '[0-9]{1,4}[-/. ]([0-9]{1,2}|[A-Za-z]{3})[-/. ][0-9]{2,4}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)?';

const textOf = (c: Column) =>
  c.type === 'DOUBLE' || c.type === 'FLOAT' ? `sv_text(sv_text_num(${quoteIdent(c.name)}))` : `sv_text(${quoteIdent(c.name)})`;

/** Shapes of every column over the first STATS_ROWS staged rows, in two queries. */
export async function sourceStats(conn: DuckDBConnection, dataSql: string, columns: Column[]): Promise<SourceStats[]> {
  if (columns.length === 0) return [];
  await loadMappingMacros(conn);
  const sample = 'sv_stats_sample';
  const texts = columns.map((c, i) => `${textOf(c)} AS v${i}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${sample} AS SELECT ${texts.join(', ')} FROM (${dataSql}) LIMIT ${STATS_ROWS}`);
  const exprs = columns.flatMap((c, i) => {
    const v = `v${i}`;
    const typedDate = c.type === 'DATE' || c.type.startsWith('TIMESTAMP');
    return [
      `count(*) AS r${i}`,
      `count(${v}) AS n${i}`,
      `approx_count_distinct(${v}) AS d${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, '[EW]01[0-9]{6}')) AS lsoa${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, '[EW]0[6-9][0-9]{6}')) AS lad${i}`,
      `count(sv_int(${v})) AS int${i}`,
      `count(*) FILTER (WHERE sv_int(${v}) BETWEEN 0 AND 23) AS hour${i}`,
      `count(*) FILTER (WHERE sv_int(${v}) BETWEEN 0 AND 120) AS age${i}`,
      `count(*) FILTER (WHERE regexp_full_match(${v}, '[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?')) AS time${i}`,
      typedDate ? `count(${v}) AS date${i}` : `count(*) FILTER (WHERE regexp_full_match(${v}, ${quoteLiteral(DATE_SHAPE)})) AS date${i}`,
    ];
  });
  const row = (await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${sample}`)).getRowObjects()[0] ?? {};
  const num = (k: string) => Number(row[k] ?? 0);

  const tops = columns.map(
    (_, i) => `SELECT ${i} AS i, v${i} AS v, count(*) AS n FROM ${sample} WHERE v${i} IS NOT NULL GROUP BY ALL`,
  );
  const top = await conn.runAndReadAll(
    `SELECT i, v, n FROM (${tops.join(' UNION ALL ')})
     QUALIFY row_number() OVER (PARTITION BY i ORDER BY n DESC, v) <= ${TOP_VALUES} ORDER BY i, n DESC, v`,
  );
  const byColumn = new Map<number, { value: string; count: number }[]>();
  for (const r of top.getRowObjects()) {
    const list = byColumn.get(Number(r.i)) ?? [];
    list.push({ value: String(r.v), count: Number(r.n) });
    byColumn.set(Number(r.i), list);
  }
  return columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    rows: num(`r${i}`),
    n: num(`n${i}`),
    distinct: num(`d${i}`),
    lsoa: num(`lsoa${i}`),
    lad: num(`lad${i}`),
    int: num(`int${i}`),
    hour: num(`hour${i}`),
    ageLike: num(`age${i}`),
    time: num(`time${i}`),
    dateLike: num(`date${i}`),
    top: byColumn.get(i) ?? [],
  }));
}

/**
 * The date format reading most of a text column's sampled values as plausible dates, day-first
 * formats winning ties; null when none reads most of them.
 */
export async function bestDateFormat(conn: DuckDBConnection, values: { value: string; count: number }[]): Promise<string | null> {
  if (values.length === 0) return null;
  const list = values.map((v) => `(${quoteLiteral(v.value)}, ${v.count})`).join(', ');
  const exprs = DATE_FORMATS.map((f, i) => {
    const formats = `[${dateFormats(f).map(quoteLiteral).join(', ')}]`;
    const year = `year(try_strptime(v, ${formats}))`;
    return `coalesce(sum(w) FILTER (WHERE ${year} BETWEEN ${PLAUSIBLE_YEARS.min} AND ${PLAUSIBLE_YEARS.max}), 0) AS f${i}`;
  });
  const row = (await conn.runAndReadAll(`SELECT ${exprs.join(', ')}, sum(w) AS total FROM (VALUES ${list}) AS t(v, w)`)).getRowObjects()[0] ?? {};
  const total = Number(row.total ?? 0);
  let best: string | null = null;
  let bestCount = 0;
  DATE_FORMATS.forEach((f, i) => {
    const count = Number(row[`f${i}`] ?? 0);
    if (count > bestCount) [best, bestCount] = [f, count];
  });
  return bestCount >= 0.5 * total ? best : null;
}
