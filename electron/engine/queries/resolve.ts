import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type ParamValue } from '../../contract/index.js';
import { quoteIdent } from '../db/sql.js';
import { holds, type DefaultRule, type LibraryEntry } from './entry.js';
import { defaultRules } from './library.js';
import { coerceParam, listItems } from './params.js';

/**
 * Parameter values as a run will use them: what the caller gave, checked and coerced; then
 * literal defaults; then defaults read from the data (`default_from`); then `values_from`
 * checks. Every parameter ends with a value or the run stops with a message saying which.
 */

export type ParamValues = Record<string, ParamValue>;

/** Step 1: the caller's values and the literal defaults; data-driven defaults stay null. */
export function givenParams(entry: LibraryEntry, given: Record<string, ParamValue>): ParamValues {
  const names = new Set(entry.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!names.has(name)) {
      const known = entry.params.map((p) => p.name).join(', ') || 'none';
      throw new EngineError('invalid_args', `${entry.id}: unknown parameter ${name} (parameters: ${known})`);
    }
  }
  const out: ParamValues = {};
  for (const p of entry.params) {
    const raw = given[p.name];
    const value = raw === undefined || raw === null || raw === '' ? null : coerceParam(entry.id, p, raw);
    out[p.name] = value ?? p.default;
  }
  return out;
}

function splitRef(ref: string): [string, string] {
  return ref.split('.') as [string, string];
}

/** A value read from the data, in resolved form (dates ISO). */
function plain(value: unknown): ParamValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return String(value);
}

/** Steps a date back N calendar months, clamping to the month's end as DuckDB does. */
async function monthsBefore(conn: DuckDBConnection, date: ParamValue, months: number): Promise<ParamValue> {
  if (date === null) return null;
  const r = await conn.runAndReadAll('SELECT CAST(CAST($d AS DATE) - to_months($n) AS DATE)', { d: String(date), n: months });
  return plain(r.getRows()[0]?.[0]);
}

/** A rule's month count: a literal, or an int parameter's value (null while it is unresolved). */
function monthsOf(rule: DefaultRule, params: ParamValues): number | null {
  const months = 'minus_months' in rule ? rule.minus_months : undefined;
  if (months === undefined) return 0;
  if (typeof months === 'number') return months;
  const value = params[months];
  return typeof value === 'number' ? value : null;
}

async function evaluate(
  conn: DuckDBConnection,
  rule: DefaultRule,
  params: ParamValues,
): Promise<{ value: ParamValue; why: string }> {
  if ('value' in rule) return { value: rule.value, why: '' };
  if ('param' in rule) {
    const months = monthsOf(rule, params);
    if (months === null) return { value: null, why: `it is worked out from ${String(rule.minus_months)}` };
    return { value: await monthsBefore(conn, params[rule.param] ?? null, months), why: `it is worked out from ${rule.param}` };
  }
  if ('max' in rule) {
    const [table, column] = splitRef(rule.max);
    const r = await conn.runAndReadAll(`SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table)}`);
    const latest = plain(r.getRows()[0]?.[0]);
    const months = monthsOf(rule, params);
    const value = months === null ? null : months > 0 ? await monthsBefore(conn, latest, months) : latest;
    return { value, why: `${table} has no ${column} to take it from` };
  }
  if ('all' in rule) {
    const [table, column] = splitRef(rule.all);
    const r = await conn.runAndReadAll(
      `SELECT DISTINCT CAST(${quoteIdent(column)} AS VARCHAR) FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL ORDER BY 1`,
    );
    const values = r.getRows().map((row) => String(row[0]));
    return { value: values.length ? values.join(',') : null, why: `${table} has no ${column}` };
  }
  const [table, column] = splitRef(rule.only);
  const r = await conn.runAndReadAll(
    `SELECT DISTINCT ${quoteIdent(column)} FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} IS NOT NULL ORDER BY 1 LIMIT 6`,
  );
  const values = r.getRows().map((row) => plain(row[0]));
  if (values.length === 1) return { value: values[0]!, why: '' };
  const why =
    values.length === 0
      ? `${table} has no ${column}`
      : `${table} holds several values of ${column} (${values.slice(0, 5).join(', ')}${values.length > 5 ? ', …' : ''}); choose one`;
  return { value: null, why };
}

/** Step 2 (tables already checked): defaults from the data, `values_from`, required. */
export async function resolveParams(conn: DuckDBConnection, entry: LibraryEntry, params: ParamValues): Promise<ParamValues> {
  const out = { ...params };
  // A default may be worked out from another parameter (closed_from from closed_to), which
  // may itself be a default declared after it: rules that depend on a parameter come last.
  const dependsOnParam = (p: (typeof entry.params)[number]) => defaultRules(p).some((r) => 'param' in r);
  const order = [...entry.params.filter((p) => !dependsOnParam(p)), ...entry.params.filter(dependsOnParam)];
  const why: Record<string, string> = {};
  for (const p of order) {
    if (out[p.name] === null) {
      const rule = defaultRules(p).find((r) => holds(r.when, out));
      if (rule) {
        const found = await evaluate(conn, rule, out);
        out[p.name] = found.value === null ? null : coerceParam(entry.id, p, found.value);
        why[p.name] = found.why;
      }
    }
  }
  for (const p of entry.params) {
    const value = out[p.name];
    if (value === null || value === undefined) {
      const because = why[p.name];
      throw new EngineError('invalid_args', `${entry.id}: ${p.name} is required${because ? ` (${because})` : ''}`);
    }
    if (p.values_from) {
      const [table, column] = splitRef(p.values_from);
      const items = p.type === 'list' ? listItems(String(value)) : [String(value)];
      for (const item of items) {
        const r = await conn.runAndReadAll(
          `SELECT count(*) FROM ${quoteIdent(table)} WHERE CAST(${quoteIdent(column)} AS VARCHAR) = $v`,
          { v: item },
        );
        if (Number(r.getRows()[0]?.[0] ?? 0) === 0) {
          throw new EngineError('invalid_args', `${entry.id}: ${p.name} '${item}' is not in ${table}.${column}`);
        }
      }
    }
  }
  return out;
}
