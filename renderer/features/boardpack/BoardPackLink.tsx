import { usePack } from './packContext.js';
import type { PackStore } from './packStore.js';

/** The sidebar's way to the Board pack screen, with how many results it holds. */
export function BoardPackLink({ store, selected, onOpen }: { store: PackStore; selected: boolean; onOpen: () => void }) {
  const { items } = usePack(store);
  return (
    <div className="nav-section" data-testid="board-pack-nav">
      <h3 className="nav-heading">Exports</h3>
      <ul className="nav-list">
        <li>
          <button type="button" className={`nav-entry${selected ? ' selected' : ''}`} data-testid="open-board-pack" onClick={onOpen}>
            <span className="nav-name">Board pack</span>
            <span className="nav-count" data-testid="board-pack-count">
              {items.length}
            </span>
          </button>
        </li>
      </ul>
    </div>
  );
}
