import type { DisclosureRule, ExportBoardPackArgs } from '../../../electron/contract/index.js';

/**
 * The board pack the analyst is putting together: plain data and the pure changes made to it.
 * It lives in the renderer's memory for the session; the results it names live in the engine
 * until the workspace closes.
 */

export type PackRule = Exclude<DisclosureRule, 'none'>;

export interface PackItem {
  /** One result appears once: adding it again updates it in place. */
  resultId: string;
  queryId: string;
  rule: PackRule;
  heading: string;
  subtitle: string;
  note: string;
  /** The print chart as PNG base64 (300 dpi at A4 text width), or null when the result has no chart. */
  chartPng: string | null;
  /** Pixel size of chartPng, shown on the screen. */
  chartSize: { width: number; height: number } | null;
  personalData: boolean;
  /** When the result ran (its provenance), shown beside it. */
  ranAt: string;
}

export interface PackState {
  title: string;
  items: PackItem[];
}

export const DEFAULT_PACK_TITLE = 'Serious violence: board pack';

export const emptyPack = (): PackState => ({ title: DEFAULT_PACK_TITLE, items: [] });

/** Adds a result at the end, or replaces its earlier entry where it stands, keeping the note written for it. */
export function addItem(state: PackState, item: PackItem): PackState {
  const at = state.items.findIndex((i) => i.resultId === item.resultId);
  if (at < 0) return { ...state, items: [...state.items, item] };
  const items = [...state.items];
  items[at] = { ...item, note: item.note || state.items[at]!.note };
  return { ...state, items };
}

export function removeItem(state: PackState, resultId: string): PackState {
  return { ...state, items: state.items.filter((i) => i.resultId !== resultId) };
}

/** Moves an item one place up (-1) or down (+1); at either end nothing changes. */
export function moveItem(state: PackState, resultId: string, by: -1 | 1): PackState {
  const from = state.items.findIndex((i) => i.resultId === resultId);
  const to = from + by;
  if (from < 0 || to < 0 || to >= state.items.length) return state;
  const items = [...state.items];
  [items[from], items[to]] = [items[to]!, items[from]!];
  return { ...state, items };
}

export function setNote(state: PackState, resultId: string, note: string): PackState {
  return { ...state, items: state.items.map((i) => (i.resultId === resultId ? { ...i, note } : i)) };
}

export function setTitle(state: PackState, title: string): PackState {
  return { ...state, title };
}

/**
 * What files.exportBoardPack is sent. An item is in the pack only after its Export panel's
 * personal-data confirmation, so a row-level one carries that confirmation with it.
 */
export function exportArgs(state: PackState): ExportBoardPackArgs {
  return {
    title: state.title.trim() || DEFAULT_PACK_TITLE,
    items: state.items.map((i) => ({
      resultId: i.resultId,
      rule: i.rule,
      heading: i.heading.trim() || i.queryId,
      subtitle: i.subtitle,
      note: i.note,
      chartPng: i.chartPng,
      confirmPersonalData: i.personalData,
    })),
  };
}
