import type { QuerySummary } from '../../../electron/contract/index.js';

export interface ThemeGroup {
  theme: string;
  entries: QuerySummary[];
}

/** True when every word of the search appears in the entry's id, title, theme or description. */
export function matchesSearch(entry: QuerySummary, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = `${entry.id} ${entry.title} ${entry.theme} ${entry.description}`.toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** Entries grouped by theme, themes and entries in library order (the library's own ordering is deliberate). */
export function groupByTheme(entries: readonly QuerySummary[], search = ''): ThemeGroup[] {
  const groups = new Map<string, QuerySummary[]>();
  for (const entry of entries) {
    if (!matchesSearch(entry, search)) continue;
    const list = groups.get(entry.theme) ?? [];
    list.push(entry);
    groups.set(entry.theme, list);
  }
  return [...groups].map(([theme, list]) => ({ theme, entries: list }));
}
