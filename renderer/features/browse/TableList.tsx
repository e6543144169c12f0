import type { TableInfo } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';
import { groupTables } from './tableGroups.js';

interface Props {
  tables: readonly TableInfo[];
  selected: string | null;
  referenceSelected: boolean;
  onOpen: (name: string) => void;
  /** The reference group's header opens "About the data": sources and licences. */
  onOpenReference: () => void;
}

function Entry({ table, selected, onOpen, nested }: { table: TableInfo; selected: boolean; onOpen: (n: string) => void; nested?: boolean }) {
  return (
    <li>
      <button
        type="button"
        className={`nav-entry${selected ? ' selected' : ''}${nested ? ' nested' : ''}${table.kind === 'rejects' ? ' rejects' : ''}`}
        data-testid={`table-entry-${table.name}`}
        onClick={() => onOpen(table.name)}
        title={`${table.name} · ${formatCount(table.rowCount)} rows · ${table.columns.length} columns`}
      >
        <span className="nav-name">{nested ? 'rejects' : table.name}</span>
        <span className="nav-count">{formatCount(table.rowCount)}</span>
      </button>
    </li>
  );
}

export function TableList({ tables, selected, referenceSelected, onOpen, onOpenReference }: Props) {
  const groups = groupTables(tables);
  return (
    <div className="nav-section" data-testid="table-list">
      <h3 className="nav-heading">Tables</h3>
      {groups.data.length === 0 && <p className="nav-empty">No data imported yet. Open a CSV or Excel extract to start.</p>}
      <ul className="nav-list">
        {groups.data.map(({ table, rejects }) => (
          <li key={table.name}>
            <ul className="nav-list">
              <Entry table={table} selected={selected === table.name} onOpen={onOpen} />
              {rejects && <Entry table={rejects} selected={selected === rejects.name} onOpen={onOpen} nested />}
            </ul>
          </li>
        ))}
      </ul>
      {groups.reference.length > 0 && (
        <>
          <h4 className="nav-subheading">
            <button
              type="button"
              className={`nav-heading-button${referenceSelected ? ' selected' : ''}`}
              data-testid="reference-open"
              title="Sources and licences of the reference tables"
              onClick={onOpenReference}
            >
              Reference <span className="nav-about">sources &amp; licences</span>
            </button>
          </h4>
          <ul className="nav-list">
            {groups.reference.map((t) => (
              <Entry key={t.name} table={t} selected={selected === t.name} onOpen={onOpen} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
