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

async function evaluate(
  conn: DuckDBConnection,
  rule: DefaultRule,
): Promise<{ value: ParamValue; why: string }> {
  if ('max' in rule) {
    const [table, column] = splitRef(rule.max);
    const r = await conn.runAndReadAll(`SELECT max(${quoteIdent(column)}) FROM ${quoteIdent(table)}`);
    return { value: plain(r.getRows()[0]?.[0]), why: `${table} has no ${column} to take it from` };
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
  for (const p of entry.params) {
    let why = '';
    if (out[p.name] === null) {
      const rule = defaultRules(p).find((r) => holds(r.when, out));
      if (rule) {
        const found = await evaluate(conn, rule);
        out[p.name] = found.value === null ? null : coerceParam(entry.id, p, found.value);
        why = found.why;
      }
    }
    const value = out[p.name];
    if (value === null || value === undefined) {
      throw new EngineError('invalid_args', `${entry.id}: ${p.name} is required${why ? ` (${why})` : ''}`);
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
