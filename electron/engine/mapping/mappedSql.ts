import { readFileSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import type { ColumnPlan } from './plan.js';
import { LINE } from './staged.js';

const CONVERT_SQL = readFileSync(new URL('./convert.sql', import.meta.url), 'utf8');
const RULES_SQL = readFileSync(new URL('./rules.sql', import.meta.url), 'utf8');

/** The conversion and rule macros, on the connection that maps (they are TEMP, per connection). */
export async function loadMappingMacros(conn: DuckDBConnection): Promise<void> {
  await conn.run(CONVERT_SQL);
  await conn.run(RULES_SQL);
}

/** Per canonical column c, the mapped relation holds: */
export const rawCol = (c: string) => `__r_${c}`; // the extract's value as trimmed text
export const mappedCol = (c: string) => `__m_${c}`; // after codes and blankAs (still text)
// … and c itself, typed (NULL when blank or when the value failed to convert).
const sourceCol = (c: string) => `__s_${c}`;
export const RAW_ROW = '__raw';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|DECIMAL)/;
const isInteger = (t: string) => NUMERIC.test(t) && !t.startsWith('DECIMAL');
const isNumber = (t: string) => NUMERIC.test(t) || t === 'DOUBLE' || t === 'FLOAT';
const isTimestamp = (t: string) => t.startsWith('TIMESTAMP');

/**
 * The formats a column's dateFormat stands for: as given when it has a time part; otherwise
 * the bare date and the date followed by a time (a date column may hold date-times). An hour
 * is only read where there is a time.
 */
export function dateFormats(format: string, timeRequired = false): string[] {
  if (/%[HIMS]/.test(format)) return [format];
  const timed = [`${format} %H:%M`, `${format} %H:%M:%S`, `${format}T%H:%M:%S`];
  return timeRequired ? timed : [format, ...timed];
}

const formatList = (format: string, timeRequired = false) =>
  `[${dateFormats(format, timeRequired).map(quoteLiteral).join(', ')}]`;

/** The source value as text: numbers that are whole read without ".0". */
function textOf(plan: ColumnPlan): string {
  const s = quoteIdent(plan.source!);
  if (plan.sourceType === 'DOUBLE' || plan.sourceType === 'FLOAT') return `sv_text(sv_text_num(${s}))`;
  return `sv_text(${s})`;
}

/**
 * A typed staged column that already is what the canonical column needs (a DATE sniffed from
 * the file, a BIGINT age) is taken as it is, unless codes or blankAs have to go through text.
 */
function typedDirectly(plan: ColumnPlan): string | null {
  const m = plan.mapping;
  const t = plan.sourceType;
  if (t === null || t === 'VARCHAR' || plan.domain) return null;
  if ((m.codes && Object.keys(m.codes).length > 0) || (m.blankAs ?? '') !== '') return null;
  const s = quoteIdent(sourceCol(plan.column.name));
  switch (plan.column.type) {
    case 'DATE':
      return t === 'DATE' || isTimestamp(t) ? `CAST(${s} AS DATE)` : null;
    case 'INTEGER':
      if (plan.column.name === 'offence_hour') {
        if (isTimestamp(t)) return `sv_hour_of(hour(${s}))`;
        return isInteger(t) ? `sv_hour_of(TRY_CAST(${s} AS INTEGER))` : null;
      }
      return isInteger(t) ? `TRY_CAST(${s} AS INTEGER)` : null;
    case 'DOUBLE':
      return isNumber(t) ? `CAST(${s} AS DOUBLE)` : null;
    default:
      return null;
  }
}

/** Codes (trimmed, any case) and blankAs, on the text. */
function mappedText(plan: ColumnPlan): string {
  const r = quoteIdent(rawCol(plan.column.name));
  const blank = (plan.mapping.blankAs ?? '').trim();
  const whenBlank = blank === '' ? 'NULL' : quoteLiteral(blank);
  const seen = new Set<string>();
  const arms: string[] = [];
  for (const [local, canonical] of Object.entries(plan.mapping.codes ?? {})) {
    const key = local.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    arms.push(`WHEN ${quoteLiteral(key)} THEN ${canonical === null || canonical.trim() === '' ? 'NULL' : quoteLiteral(canonical.trim())}`);
  }
  const coded = arms.length > 0 ? `CASE lower(${r}) ${arms.join(' ')} ELSE ${r} END` : r;
  return `CASE WHEN ${r} IS NULL THEN ${whenBlank} ELSE ${coded} END`;
}

/** The mapped text as the canonical type; NULL when it does not convert. */
function typedValue(plan: ColumnPlan): string {
  const direct = typedDirectly(plan);
  const m = quoteIdent(mappedCol(plan.column.name));
  if (direct) return `CASE WHEN ${m} IS NULL THEN NULL ELSE ${direct} END`;
  const format = plan.mapping.dateFormat;
  if (plan.domain) {
    const arms = plan.domain.values.map((v) => `WHEN ${quoteLiteral(v.toLowerCase())} THEN ${quoteLiteral(v)}`);
    const text = `CASE lower(${m}) ${arms.join(' ')} END`;
    return plan.column.type === 'BOOLEAN' ? `sv_bool(${text})` : text;
  }
  switch (plan.column.type) {
    case 'INTEGER':
      if (plan.column.name === 'offence_hour') {
        return format ? `coalesce(sv_hour_fmt(${m}, ${formatList(format, true)}), sv_hour(${m}))` : `sv_hour(${m})`;
      }
      return `sv_int(${m})`;
    case 'DATE':
      return format ? `sv_date_fmt(${m}, ${formatList(format)})` : `sv_date(${m})`;
    case 'BOOLEAN':
      return `sv_bool(${m})`;
    case 'DOUBLE':
      return `TRY_CAST(${m} AS DOUBLE)`;
    default:
      return m;
  }
}

export interface MappedSqlOptions {
  /** Also keep each row's source values as one delimited line (for rows left out). */
  rawRow?: { columns: string[]; delimiter: string };
}

/**
 * SELECT over the staged rows (with `__line`) giving, per canonical column, its raw text, its
 * mapped text and its typed value, in three steps so each expression is computed once.
 */
export function mappedSelectSql(plans: ColumnPlan[], stagedRows: string, opts: MappedSqlOptions = {}): string {
  const line = quoteIdent(LINE);
  const step1 = [line];
  for (const p of plans) {
    const c = p.column.name;
    if (p.source === null) {
      step1.push(`CAST(NULL AS VARCHAR) AS ${quoteIdent(rawCol(c))}`);
    } else {
      step1.push(`${textOf(p)} AS ${quoteIdent(rawCol(c))}`);
      if (typedDirectly(p)) step1.push(`${quoteIdent(p.source)} AS ${quoteIdent(sourceCol(c))}`);
    }
  }
  if (opts.rawRow) {
    const delim = quoteLiteral(opts.rawRow.delimiter);
    const fields = opts.rawRow.columns.map((name) => `sv_csv_field(CAST(${quoteIdent(name)} AS VARCHAR), ${delim})`);
    step1.push(`${fields.length > 0 ? `concat_ws(${delim}, ${fields.join(', ')})` : "''"} AS ${quoteIdent(RAW_ROW)}`);
  }
  const step2 = ['*', ...plans.map((p) => `${mappedText(p)} AS ${quoteIdent(mappedCol(p.column.name))}`)];
  const step3 = [line];
  for (const p of plans) {
    const c = p.column.name;
    step3.push(quoteIdent(rawCol(c)), quoteIdent(mappedCol(c)), `CAST(${typedValue(p)} AS ${p.column.type}) AS ${quoteIdent(c)}`);
  }
  if (opts.rawRow) step3.push(quoteIdent(RAW_ROW));
  return `SELECT ${step3.join(', ')}
FROM (SELECT ${step2.join(', ')}
      FROM (SELECT ${step1.join(', ')} FROM (${stagedRows}) AS src) AS s1) AS s2`;
}
