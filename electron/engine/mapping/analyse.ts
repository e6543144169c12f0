import type { DuckDBConnection } from '@duckdb/node-api';
import { EngineError, type MappingProfile, type ProblemKind, type ValidationProblem } from '../../contract/index.js';
import type { CanonicalTable } from '../canonical/tables.js';
import { readerRows } from '../db/cells.js';
import { quoteIdent, quoteLiteral } from '../db/sql.js';
import { describeFormat } from '../import/dateFormats.js';
import type { StagedImport } from '../import/stage.js';
import { tableKey } from './keys.js';
import { loadMappingMacros, mappedCol, mappedSelectSql, rawCol } from './mappedSql.js';
import { planColumns, profileTable, type ColumnPlan } from './plan.js';
import { LINE, stagedRowsSql } from './staged.js';

/** Temp tables on the mapping connection: the mapped rows, then the same with the checks. */
export const MAPPED = 'sv_mapped';
export const CHECKED = 'sv_checked';
export const EXAMPLES_SHOWN = 5;

/** One validation rule applied to one column (or to the row): `checkCol(i)` is true where it fails. */
export interface Check {
  kind: ProblemKind;
  column: string | null;
  predicate: string;
  /** SQL text saying what is wrong with one row, for the rejects table of left-out rows. */
  reason: string;
  message(count: number): string;
  /** SELECT list naming the values shown in an example. */
  exampleValues: string[];
}

export const checkCol = (i: number) => `__p${i}`;

/** Alias of the mapped rows inside the checked table's SELECT (the orphan check correlates on it). */
const CHECKED_SOURCE = 'sv_row';

export interface Analysis {
  table: CanonicalTable;
  plans: ColumnPlan[];
  rowsTotal: number;
  checks: Check[];
  /** Rows each check is true for, by index. */
  counts: number[];
  /** Problems no decision can resolve (the mapping must change). */
  blocking: ValidationProblem[];
}

const rows = (n: number) => `${n.toLocaleString('en-GB')} row${n === 1 ? '' : 's'}`;
const has = (n: number) => (n === 1 ? 'has' : 'have');
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** What a canonical column's values must be, in the words of a message. */
export function expectation(plan: ColumnPlan, length: 'short' | 'long' = 'long'): string {
  if (plan.domain) {
    const hint = length === 'long' ? ' (add codes for the local spellings)' : '';
    return plan.column.type === 'BOOLEAN' ? `true or false${hint}` : `one of ${plan.domain.values.join(', ')}${hint}`;
  }
  switch (plan.column.type) {
    case 'INTEGER':
      return plan.column.name === 'offence_hour' ? 'an hour 0–23' : 'a whole number';
    case 'DATE':
      return plan.mapping.dateFormat ? `a date (${describeFormat(plan.mapping.dateFormat)})` : 'a date (yyyy-mm-dd)';
    case 'DOUBLE':
      return 'a number';
    default:
      return 'text';
  }
}

async function hasOffencesCrimeId(conn: DuckDBConnection): Promise<boolean> {
  const reader = await conn.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_columns()
     WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'offences' AND column_name = 'crime_id'`,
  );
  return Number(reader.getRowObjects()[0]?.n ?? 0) > 0;
}

function buildChecks(table: CanonicalTable, plans: ColumnPlan[], orphansCheckable: boolean): Check[] {
  const id = (c: string) => quoteIdent(c);
  const mapped = (c: string) => plans.some((p) => p.column.name === c && p.source !== null);
  const key = (tableKey(table.name) ?? []).filter(mapped);
  const keyValues = key.map((k) => `${id(k)} AS ${id(k)}`);
  // An example shows the row's key (to find it) and the offending value under its column's name.
  const withKey = (column: string, value: string) => [
    ...key.filter((k) => k !== column).map((k) => `${id(k)} AS ${id(k)}`),
    `${value} AS ${id(column)}`,
  ];
  const checks: Check[] = [];

  for (const p of plans) {
    if (p.source === null) continue;
    const c = p.column.name;
    const raw = id(rawCol(c));
    const m = id(mappedCol(c));
    checks.push({
      kind: 'conversion_failed',
      column: c,
      predicate: `${m} IS NOT NULL AND ${id(c)} IS NULL`,
      reason: `printf('%s: ''%s'' is not %s', ${quoteLiteral(c)}, ${raw}, ${quoteLiteral(expectation(p, 'short'))})`,
      message: (n) => `${rows(n)}: the value in "${p.source}" could not become ${c}, which must be ${expectation(p)}`,
      exampleValues: withKey(c, raw),
    });
    if (p.column.required) {
      checks.push({
        kind: 'required_blank',
        column: c,
        predicate: `${m} IS NULL`,
        reason: quoteLiteral(`${c} is blank (required)`),
        message: (n) => `${rows(n)} ${has(n)} no ${c} ("${p.source}" is blank), and every row needs one`,
        exampleValues: withKey(c, raw),
      });
    }
  }

  if (key.length > 0 && key.length === (tableKey(table.name) ?? []).length) {
    const cols = key.map(id).join(', ');
    const names = key.join(' and ');
    checks.push({
      kind: 'duplicate_key',
      column: key.length === 1 ? key[0]! : null,
      predicate: `${key.map((k) => `${id(k)} IS NOT NULL`).join(' AND ')}
                  AND row_number() OVER (PARTITION BY ${cols} ORDER BY ${id(LINE)}) > 1`,
      reason: quoteLiteral(`repeats the ${names} of an earlier line`),
      message: (n) => `${rows(n)} ${n === 1 ? 'repeats' : 'repeat'} the ${names} of an earlier line in this extract`,
      exampleValues: keyValues,
    });
  }

  if (orphansCheckable && (table.name === 'victims' || table.name === 'suspects') && mapped('crime_id')) {
    checks.push({
      kind: 'orphan_crime',
      column: 'crime_id',
      predicate: `crime_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM main.offences AS o WHERE CAST(o.crime_id AS VARCHAR) = ${CHECKED_SOURCE}.crime_id)`,
      reason: quoteLiteral('crime_id is not in the offences table'),
      message: (n) => `${rows(n)} ${has(n)} a crime_id that is not in the workspace's offences table`,
      exampleValues: keyValues,
    });
  }

  for (const p of plans) {
    if (p.source === null) continue;
    const c = p.column.name;
    if (c === 'age' && p.column.type === 'INTEGER') {
      checks.push({
        kind: 'age_out_of_range',
        column: c,
        predicate: `sv_age_out_of_range(${id(c)})`,
        reason: `printf('age %d is outside 0–110', ${id(c)})`,
        message: (n) => `${rows(n)} ${has(n)} an age outside 0–110`,
        exampleValues: withKey(c, id(c)),
      });
    }
    if (p.column.type === 'DATE') {
      checks.push(
        {
          kind: 'date_in_future',
          column: c,
          predicate: `sv_date_in_future(${id(c)})`,
          reason: `printf('%s %s is after today', ${quoteLiteral(c)}, CAST(${id(c)} AS VARCHAR))`,
          message: (n) => `${rows(n)} ${has(n)} ${article(c)} ${c} after today`,
          exampleValues: withKey(c, id(c)),
        },
        {
          kind: 'date_before_1990',
          column: c,
          predicate: `sv_date_before_1990(${id(c)})`,
          reason: `printf('%s %s is before 1990', ${quoteLiteral(c)}, CAST(${id(c)} AS VARCHAR))`,
          message: (n) => `${rows(n)} ${has(n)} ${article(c)} ${c} before 1 January 1990`,
          exampleValues: withKey(c, id(c)),
        },
      );
    }
  }
  return checks;
}

function blockingProblems(table: CanonicalTable, plans: ColumnPlan[], rowsTotal: number): ValidationProblem[] {
  return plans
    .filter((p) => p.column.required && p.source === null)
    .map((p) => ({
      kind: 'missing_required_column' as const,
      column: p.column.name,
      count: rowsTotal,
      message: p.sourceMissing
        ? `The ${table.name} table needs ${p.column.name}; the profile takes it from "${p.sourceMissing}", which this extract does not have`
        : `The ${table.name} table needs ${p.column.name}, and no column of this extract is mapped to it`,
      examples: [],
      resolvable: false,
    }));
}

/** A date format DuckDB cannot read is the profile's mistake: say which column, before mapping. */
async function assertDateFormats(conn: DuckDBConnection, profile: MappingProfile, plans: ColumnPlan[]): Promise<void> {
  for (const p of plans) {
    const format = p.mapping.dateFormat;
    if (!format) continue;
    await conn.run(`SELECT try_strptime('', ${quoteLiteral(format)})`).catch(() => {
      throw new EngineError(
        'invalid_args',
        `profile "${profile.name}": ${p.column.name}: "${format}" is not a date format; use one like %d/%m/%Y`,
      );
    });
  }
}

export interface AnalyseOptions {
  /** Keep each row's source values as text (for rows left out at commit). */
  keepRawRows?: boolean;
}

/**
 * Maps the staged rows with the profile into TEMP tables on `conn` (sv_mapped, then
 * sv_checked with one boolean column per check) and counts what each check finds.
 */
export async function analyse(
  conn: DuckDBConnection,
  staged: StagedImport,
  profile: MappingProfile,
  opts: AnalyseOptions = {},
): Promise<Analysis> {
  const table = profileTable(profile);
  const plans = planColumns(table, profile, staged.columns);
  await loadMappingMacros(conn);
  await assertDateFormats(conn, profile, plans);
  const rawRow = opts.keepRawRows
    ? { columns: staged.columns.map((c) => c.name), delimiter: staged.dialect.delimiter || ',' }
    : undefined;
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${MAPPED} AS ${mappedSelectSql(plans, stagedRowsSql(staged), rawRow ? { rawRow } : {})}`,
  );
  const checks = buildChecks(table, plans, await hasOffencesCrimeId(conn));
  const flags = checks.map((c, i) => `coalesce(${c.predicate}, false) AS ${quoteIdent(checkCol(i))}`);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${CHECKED} AS
     SELECT ${[`${CHECKED_SOURCE}.*`, ...flags].join(', ')} FROM ${MAPPED} AS ${CHECKED_SOURCE}`,
  );
  const countsSql = [
    'count(*) AS n',
    ...checks.map((_, i) => `count(*) FILTER (WHERE ${quoteIdent(checkCol(i))}) AS c${i}`),
  ];
  const row = (await conn.runAndReadAll(`SELECT ${countsSql.join(', ')} FROM ${CHECKED}`)).getRowObjects()[0] ?? {};
  const rowsTotal = Number(row.n ?? 0);
  return {
    table,
    plans,
    rowsTotal,
    checks,
    counts: checks.map((_, i) => Number(row[`c${i}`] ?? 0)),
    blocking: blockingProblems(table, plans, rowsTotal),
  };
}

/** The problems found (checks with rows), each with its first examples by line. */
export async function problemsOf(conn: DuckDBConnection, analysis: Analysis): Promise<ValidationProblem[]> {
  const out: ValidationProblem[] = [...analysis.blocking];
  for (const [i, check] of analysis.checks.entries()) {
    const count = analysis.counts[i] ?? 0;
    if (count === 0) continue;
    const reader = await conn.runAndReadAll(
      `SELECT ${[`${quoteIdent(LINE)} AS line`, ...check.exampleValues].join(', ')}
       FROM ${CHECKED} WHERE ${quoteIdent(checkCol(i))} ORDER BY ${quoteIdent(LINE)} LIMIT ${EXAMPLES_SHOWN}`,
    );
    out.push({
      kind: check.kind,
      column: check.column,
      count,
      message: check.message(count),
      examples: readerRows(reader).map(({ line, ...values }) => ({ line: Number(line), values })),
      resolvable: true,
    });
  }
  return out;
}

/** Rows affected by each problem kind found (a row counted once however many columns). */
export async function rowsByKind(conn: DuckDBConnection, analysis: Analysis): Promise<Map<ProblemKind, number>> {
  const kinds = [...new Set(analysis.checks.filter((_, i) => (analysis.counts[i] ?? 0) > 0).map((c) => c.kind))];
  const out = new Map<ProblemKind, number>();
  if (kinds.length === 0) return out;
  const exprs = kinds.map((kind, k) => `count(*) FILTER (WHERE ${anyOf(analysis, kind)}) AS k${k}`);
  const row = (await conn.runAndReadAll(`SELECT ${exprs.join(', ')} FROM ${CHECKED}`)).getRowObjects()[0] ?? {};
  kinds.forEach((kind, k) => out.set(kind, Number(row[`k${k}`] ?? 0)));
  return out;
}

/** SQL true where any check of these kinds fails (false when there are none). */
export function anyOf(analysis: Analysis, ...kinds: ProblemKind[]): string {
  const cols = analysis.checks.flatMap((c, i) =>
    kinds.includes(c.kind) && (analysis.counts[i] ?? 0) > 0 ? [quoteIdent(checkCol(i))] : [],
  );
  return cols.length > 0 ? `(${cols.join(' OR ')})` : 'false';
}
