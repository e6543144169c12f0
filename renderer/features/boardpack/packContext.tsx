import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { emptyPack, type PackState } from './packState.js';
import type { PackStore } from './packStore.js';

const PackContext = createContext<PackStore | null>(null);

export function PackProvider({ store, children }: { store: PackStore; children: ReactNode }) {
  return <PackContext.Provider value={store}>{children}</PackContext.Provider>;
}

/** The session's pack, or null where there is none (a panel rendered on its own, in tests). */
export function usePackStore(): PackStore | null {
  return useContext(PackContext);
}

const EMPTY = emptyPack();
const noStore = { get: () => EMPTY, subscribe: () => () => undefined };

export function usePack(store: PackStore | null): PackState {
  const s = store ?? noStore;
  return useSyncExternalStore(s.subscribe, s.get);
}
