import { EngineError, type ColumnFilter, type FilterCondition } from '../../contract/index.js';
import { quoteIdent } from '../db/sql.js';

/** A WHERE fragment with its bound values; values never enter the SQL text. */
export interface SqlPart {
  sql: string;
  values: Record<string, string | number>;
}

/** Hands out parameter names ($f0, $f1, …) so fragments built separately never collide. */
export interface ParamNamer {
  next(value: string | number, values: Record<string, string | number>): string;
}

export function paramNamer(): ParamNamer {
  let n = 0;
  return {
    next(value, values) {
      const name = `f${n++}`;
      values[name] = value;
      return `$${name}`;
    },
  };
}

function textCondition(col: string, c: FilterCondition, p: ParamNamer, values: SqlPart['values']): string {
  const text = `lower(CAST(${col} AS VARCHAR))`;
  const arg = () => `lower(${p.next(String(c.filter ?? ''), values)})`;
  switch (c.type) {
    case 'contains':
      return `contains(${text}, ${arg()})`;
    case 'notContains':
      return `(${col} IS NULL OR NOT contains(${text}, ${arg()}))`;
    case 'equals':
      return `${text} = ${arg()}`;
    case 'notEqual':
      return `(${col} IS NULL OR ${text} <> ${arg()})`;
    case 'startsWith':
      return `starts_with(${text}, ${arg()})`;
    case 'endsWith':
      return `ends_with(${text}, ${arg()})`;
    default:
      throw new EngineError('invalid_args', `text filter "${c.type}" is not supported`);
  }
}

const comparisons: Record<string, string> = {
  equals: '=',
  notEqual: '<>',
  lessThan: '<',
  lessThanOrEqual: '<=',
  greaterThan: '>',
  greaterThanOrEqual: '>=',
};

function orderedCondition(col: string, c: FilterCondition, p: ParamNamer, values: SqlPart['values']): string {
  const isDate = c.filterType === 'date';
  const bind = (v: string | number | null | undefined, what: string): string => {
    if (v === null || v === undefined || v === '') {
      throw new EngineError('invalid_args', `${what} filter needs a value`);
    }
    if (isDate) {
      const day = String(v).slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new EngineError('invalid_args', `"${String(v)}" is not a date`);
      return `CAST(${p.next(day, values)} AS DATE)`;
    }
    const num = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(num)) throw new EngineError('invalid_args', `"${String(v)}" is not a number`);
    return `CAST(${p.next(num, values)} AS DOUBLE)`;
  };
  const target = isDate ? `CAST(${col} AS DATE)` : col;
  const from = isDate ? c.dateFrom : c.filter;
  const to = isDate ? c.dateTo : c.filterTo;
  if (c.type === 'inRange') {
    return `${target} BETWEEN ${bind(from, 'range')} AND ${bind(to, 'range')}`;
  }
  const op = comparisons[c.type];
  if (!op) throw new EngineError('invalid_args', `${c.filterType} filter "${c.type}" is not supported`);
  const cmp = `${target} ${op} ${bind(from, c.type)}`;
  return c.type === 'notEqual' ? `(${col} IS NULL OR ${cmp})` : cmp;
}

function condition(col: string, c: FilterCondition, p: ParamNamer, values: SqlPart['values']): string {
  if (c.type === 'blank') return `(${col} IS NULL OR CAST(${col} AS VARCHAR) = '')`;
  if (c.type === 'notBlank') return `(${col} IS NOT NULL AND CAST(${col} AS VARCHAR) <> '')`;
  return c.filterType === 'text' ? textCondition(col, c, p, values) : orderedCondition(col, c, p, values);
}

/**
 * Translates AG Grid's filter model into SQL. Column names must already be allow-listed by the
 * caller; they are quoted here as a second fence.
 */
export function filterSql(
  filterModel: Record<string, ColumnFilter>,
  allowed: ReadonlySet<string>,
  p: ParamNamer = paramNamer(),
): SqlPart {
  const values: SqlPart['values'] = {};
  const parts: string[] = [];
  for (const [colId, filter] of Object.entries(filterModel)) {
    if (!allowed.has(colId)) throw new EngineError('invalid_args', `unknown column "${colId}"`);
    const col = quoteIdent(colId);
    if ('conditions' in filter) {
      const joined = filter.conditions.map((c) => condition(col, c, p, values)).join(` ${filter.operator} `);
      parts.push(`(${joined})`);
    } else {
      parts.push(condition(col, filter, p, values));
    }
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', values };
}
