import { EngineError, type Column, type ColumnMapping, type MappingProfile } from '../../contract/index.js';
import { canonicalTable, type CanonicalColumn, type CanonicalTable } from '../canonical/tables.js';
import { domainFor, type CodeDomain } from './codes/index.js';

/** How one canonical column is filled, resolved against the extract actually staged. */
export interface ColumnPlan {
  column: CanonicalColumn;
  /** The extract's column feeding it, or null (not mapped, or the extract lacks it). */
  source: string | null;
  /** The staged type of that column (VARCHAR, BIGINT, DATE …). */
  sourceType: string | null;
  /** The profile named a source the extract does not have. */
  sourceMissing: string | null;
  mapping: ColumnMapping;
  domain: CodeDomain | null;
}

/** The canonical table a profile maps onto; mapping onto anything else is refused. */
export function profileTable(profile: Pick<MappingProfile, 'table' | 'name'>): CanonicalTable {
  const table = canonicalTable(profile.table);
  if (!table) {
    throw new EngineError('invalid_args', `profile "${profile.name}": ${profile.table} is not a canonical table`);
  }
  return table;
}

/**
 * Resolves every canonical column against the extract's columns by exact name: a profile
 * made for another layout never silently takes a column by position or by a similar name.
 */
export function planColumns(table: CanonicalTable, profile: MappingProfile, extract: Column[]): ColumnPlan[] {
  const unknown = Object.keys(profile.columns).filter((name) => !table.columns.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new EngineError(
      'invalid_args',
      `profile "${profile.name}": the ${table.name} table has no column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`,
    );
  }
  const types = new Map(extract.map((c) => [c.name, c.type]));
  return table.columns.map((column) => {
    const mapping = profile.columns[column.name] ?? { source: null };
    const wanted = mapping.source;
    const present = wanted !== null && types.has(wanted);
    return {
      column,
      source: present ? wanted : null,
      sourceType: present ? (types.get(wanted) ?? null) : null,
      sourceMissing: wanted !== null && !present ? wanted : null,
      mapping,
      domain: domainFor(column),
    };
  });
}
