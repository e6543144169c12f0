import { DATE, DOUBLE, INTEGER, LIST, VARCHAR, DuckDBDateValue, listValue } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { EngineError, type ParamValue } from '../../contract/index.js';
import type { EntryParam } from './entry.js';

/**
 * Turning what callers send (the CLI sends strings, the form sends typed values) into one
 * checked value per parameter, and into what DuckDB binds. Resolved values are plain
 * ParamValues: dates ISO `YYYY-MM-DD`, numbers, strings, lists as `a,b,c`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Items of a list parameter: comma-separated, trimmed, empty items dropped. */
export function listItems(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function show(raw: ParamValue): string {
  return typeof raw === 'string' ? `'${raw}'` : String(raw);
}

function checkRange(p: EntryParam, n: number, fail: (why: string) => never): number {
  if (p.min !== undefined && n < p.min) fail(`must be at least ${p.min}`);
  if (p.max !== undefined && n > p.max) fail(`must be at most ${p.max}`);
  return n;
}

function checkItem(p: EntryParam, item: string, fail: (why: string) => never): void {
  if (p.pattern !== undefined && !new RegExp(p.pattern).test(item)) {
    fail(`has '${item}'${p.pattern_hint ? `: ${p.pattern_hint}` : ` (must match ${p.pattern})`}`);
  }
  if (p.options && !p.options.includes(item)) fail(`must be one of ${p.options.join(', ')}`);
}

/**
 * Checks one value against its parameter and returns it in resolved form.
 * `context` prefixes the message (the query id, or the file when the loader checks a default).
 */
export function coerceParam(context: string, p: EntryParam, raw: ParamValue): ParamValue {
  const fail = (why: string): never => {
    throw new EngineError('invalid_args', `${context}: ${p.name} ${why} (got ${show(raw)})`);
  };
  if (raw === null) return null;
  switch (p.type) {
    case 'date': {
      if (typeof raw !== 'string' || !isIsoDate(raw.trim())) fail('must be a date written YYYY-MM-DD');
      return (raw as string).trim();
    }
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) fail('must be a whole number');
      return checkRange(p, n, fail);
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) fail('must be a number');
      return checkRange(p, n, fail);
    }
    case 'text':
    case 'enum': {
      if (typeof raw !== 'string' || raw.trim() === '') fail('must be text');
      const text = (raw as string).trim();
      checkItem(p, text, fail);
      return text;
    }
    case 'list': {
      if (typeof raw !== 'string') fail('must be a comma-separated list');
      const items = listItems(raw as string);
      if (items.length === 0) fail('must list at least one value');
      for (const item of items) checkItem(p, item, fail);
      return items.join(',');
    }
  }
}

/** What DuckDB binds for a resolved value: typed, so the SQL needs no casts. */
export function bindingFor(p: EntryParam, value: ParamValue): { value: DuckDBValue; type: DuckDBType } {
  switch (p.type) {
    case 'date': {
      if (value === null) return { value: null, type: DATE };
      const m = ISO_DATE.exec(String(value));
      if (!m) throw new EngineError('internal', `${p.name}: unresolved date ${String(value)}`);
      return {
        value: DuckDBDateValue.fromParts({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }),
        type: DATE,
      };
    }
    case 'int':
      return { value: value === null ? null : Number(value), type: INTEGER };
    case 'number':
      return { value: value === null ? null : Number(value), type: DOUBLE };
    case 'text':
    case 'enum':
      return { value: value === null ? null : String(value), type: VARCHAR };
    case 'list':
      return { value: value === null ? null : listValue(listItems(String(value))), type: LIST(VARCHAR) };
  }
}
