import { PROFILE_KIND, type MappingProfile } from '../../contract/index.js';
import type { CanonicalTable } from '../canonical/tables.js';

/**
 * The profile of an extract already in canonical form: each canonical column from the column
 * of the same name (ignoring case and surrounding spaces), no codes, ISO dates. Canonical
 * values are accepted in any case; anything else fails conversion and is reported.
 */
export function identityProfile(table: CanonicalTable, extractColumns: string[], name = `${table.name} (canonical columns)`): MappingProfile {
  const byName = new Map<string, string>();
  for (const c of extractColumns) {
    const key = c.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, c);
  }
  return {
    kind: PROFILE_KIND,
    version: 1,
    name,
    table: table.name,
    sourceColumns: [...extractColumns],
    read: {},
    columns: Object.fromEntries(table.columns.map((c) => [c.name, { source: byName.get(c.name) ?? null }])),
  };
}
