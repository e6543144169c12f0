import type { TableInfo } from '../../../electron/contract/index.js';

export const REJECTS_SUFFIX = '__rejects';

export interface TableEntry {
  table: TableInfo;
  /** The rejects table kept by this data table's import, if it has one. */
  rejects: TableInfo | null;
}

export interface TableGroups {
  data: TableEntry[];
  reference: TableInfo[];
}

/** Data tables with their rejects tables beside them, then reference tables; names sorted. */
export function groupTables(tables: readonly TableInfo[]): TableGroups {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const data: TableEntry[] = [];
  for (const t of sorted) {
    if (t.kind === 'data') data.push({ table: t, rejects: byName.get(`${t.name}${REJECTS_SUFFIX}`) ?? null });
  }
  // A rejects table whose data table is gone still shows, so nothing in the workspace is hidden.
  for (const t of sorted) {
    if (t.kind === 'rejects' && byName.get(parentOf(t.name))?.kind !== 'data') data.push({ table: t, rejects: null });
  }
  return { data, reference: sorted.filter((t) => t.kind === 'reference') };
}

export function parentOf(rejectsName: string): string {
  return rejectsName.endsWith(REJECTS_SUFFIX) ? rejectsName.slice(0, -REJECTS_SUFFIX.length) : rejectsName;
}
