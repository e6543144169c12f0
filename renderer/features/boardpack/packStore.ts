import { addItem, emptyPack, moveItem, removeItem, setNote, setTitle, type PackItem, type PackState } from './packState.js';

/**
 * The session's board pack, outside any one screen: the Export panel adds to it, the Board pack
 * screen edits and exports it, the sidebar counts it.
 */
export interface PackStore {
  get(): PackState;
  subscribe(listener: () => void): () => void;
  add(item: PackItem): void;
  remove(resultId: string): void;
  move(resultId: string, by: -1 | 1): void;
  note(resultId: string, note: string): void;
  title(title: string): void;
}

export function createPackStore(initial: PackState = emptyPack()): PackStore {
  let state = initial;
  const listeners = new Set<() => void>();
  const update = (next: PackState) => {
    if (next === state) return;
    state = next;
    for (const l of listeners) l();
  };
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    add: (item) => update(addItem(state, item)),
    remove: (id) => update(removeItem(state, id)),
    move: (id, by) => update(moveItem(state, id, by)),
    note: (id, note) => update(setNote(state, id, note)),
    title: (title) => update(setTitle(state, title)),
  };
}
