import {
  EngineError,
  type ChartSpec,
  type Column,
  type ParamValue,
  type Provenance,
  type QueryResult,
} from '../../contract/index.js';
import type { EntryDisclosure, LibraryEntry } from '../queries/entry.js';
import type { DisclosureMeta } from './disclosure.js';

/**
 * What the engine keeps per result (`results.r_<n>`) for its exports: which entry made it, its
 * disclosure metadata with the run's parameters filled in, whether it is a row-level list, its
 * provenance, chart and title. Results live as long as the engine (the in-memory catalogue), and
 * so do these records. One store per engine: result ids restart with each engine.
 */

export interface ResultRecord {
  resultId: string;
  queryId: string;
  title: string;
  version: string;
  params: Record<string, ParamValue>;
  columns: Column[];
  rowCount: number;
  chart: ChartSpec;
  provenance: Provenance;
  /** A row-level list (one row per person): personal data, never suppressed, exported on confirmation. */
  personalData: boolean;
  disclosure: DisclosureMeta;
  /** `entry`: the entry's own `disclosure:` block; `default`: worked out from the column types (defaultDisclosure). */
  disclosureFrom: 'entry' | 'default';
}

export type ResultStore = Map<string, ResultRecord>;

export const createResultStore = (): ResultStore => new Map();

/** The record of a result; not_found when this engine holds none under that id. */
export function resultMeta(store: ResultStore, resultId: string): ResultRecord {
  const record = store.get(resultId);
  if (!record) throw new EngineError('not_found', `The result ${resultId} is no longer held (results last until the app closes): run the query again.`);
  return record;
}

/** The types count() and sum() of integers give: what an undeclared count column looks like. */
const COUNT_TYPES = /^(BIGINT|HUGEINT|UBIGINT|UHUGEINT)$/i;
const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i;
/** Integer columns that label a breakdown rather than count (date parts, ages, canonical codes, ranks). */
const LABEL_NAMES = new Set(['year', 'quarter', 'month', 'week', 'day', 'dow', 'isodow', 'day_of_week', 'hour', 'minute', 'age', 'offence_hour', 'imd_decile', 'imd_rank', 'decile', 'rank']);

/**
 * Metadata for a result whose entry has no `disclosure:` block (the analyst's own entries, the
 * SQL editor), from its column types, erring towards hiding:
 * - counts: the entry's count_columns; when it declares none (always so for the SQL editor),
 *   every BIGINT/HUGEINT column (what count() and sum() return) not named like a label;
 * - dimensions: every non-numeric column, and integer columns that are not counts;
 * - derived: every other numeric column (DOUBLE, DECIMAL, FLOAT: shares, rates, ratios).
 * No total rows are assumed: every line's total is taken as knowable anyway.
 */
export function defaultDisclosure(columns: readonly Column[], declaredCounts: readonly string[]): DisclosureMeta {
  const names = new Set(columns.map((c) => c.name));
  const countColumns = declaredCounts.length
    ? declaredCounts.filter((c) => names.has(c))
    : columns.filter((c) => COUNT_TYPES.test(c.type) && !LABEL_NAMES.has(c.name.toLowerCase())).map((c) => c.name);
  const counts = new Set(countColumns);
  const rest = columns.filter((c) => !counts.has(c.name));
  return {
    countColumns,
    dimensions: rest.filter((c) => c.kind !== 'number' || INTEGER_TYPES.test(c.type)).map((c) => c.name),
    derivedColumns: rest.filter((c) => c.kind === 'number' && !INTEGER_TYPES.test(c.type)).map((c) => c.name),
    totals: {},
  };
}

/** `$name` in a reference row stands for the run's value of that parameter. */
function resolveLabel(value: string, params: Record<string, ParamValue>): string | null {
  if (!value.startsWith('$')) return value;
  const v = params[value.slice(1)];
  return v === null || v === undefined ? null : String(v);
}

/** An entry's `disclosure:` block as protectTable reads it, with the run's parameters filled in. */
export function entryDisclosure(block: EntryDisclosure, countColumns: readonly string[], params: Record<string, ParamValue>): DisclosureMeta {
  const meta: DisclosureMeta = {
    countColumns: [...countColumns],
    derivedColumns: [...block.derived],
    dimensions: [...block.dimensions],
    totals: { ...block.totals },
    outside: Object.fromEntries(Object.entries(block.outside).map(([d, labels]) => [d, [...labels]])),
    derivedAll: [...block.derivedAll],
  };
  if (block.reference) {
    const row = Object.entries(block.reference.row).map(([d, v]) => [d, resolveLabel(v, params)] as const);
    if (row.every(([, v]) => v !== null)) {
      meta.reference = { row: Object.fromEntries(row) as Record<string, string>, columns: [...block.reference.columns] };
    } else {
      // No reference value to find the row by: hide those columns whenever any count is hidden.
      meta.derivedAll = [...(meta.derivedAll ?? []), ...block.reference.columns];
    }
  }
  return meta;
}

type EntryFacts = Pick<LibraryEntry, 'title' | 'countColumns' | 'rowLevel' | 'disclosure'>;

/** The disclosure metadata of a result: its entry's block, or the default from its column types. */
export function disclosureFor(entry: EntryFacts | undefined, result: Pick<QueryResult, 'columns' | 'params'>): Pick<ResultRecord, 'disclosure' | 'disclosureFrom'> {
  if (entry?.disclosure) return { disclosure: entryDisclosure(entry.disclosure, entry.countColumns, result.params), disclosureFrom: 'entry' };
  return { disclosure: defaultDisclosure(result.columns, entry?.countColumns ?? []), disclosureFrom: 'default' };
}

/** Records a finished run; `entry` is undefined for the SQL editor's ad-hoc runs. */
export function rememberResult(store: ResultStore, result: QueryResult, entry: EntryFacts | undefined): ResultRecord {
  const record: ResultRecord = {
    resultId: result.resultId,
    queryId: result.queryId,
    title: entry?.title ?? 'Ad-hoc SQL',
    version: result.version,
    params: result.params,
    columns: result.columns,
    rowCount: result.rowCount,
    chart: result.chart,
    provenance: result.provenance,
    personalData: entry?.rowLevel ?? false,
    ...disclosureFor(entry, result),
  };
  store.set(result.resultId, record);
  return record;
}
