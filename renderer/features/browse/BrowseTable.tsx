import { useMemo } from 'react';
import type { GridSource, TableInfo } from '../../../electron/contract/index.js';
import { formatCount } from '../../ui/format.js';
import { PagedGrid } from '../../ui/grid/PagedGrid.js';
import { parentOf } from './tableGroups.js';
import { TableSources } from './TableSources.js';

interface Props {
  table: TableInfo;
  /** The rejects table kept beside this one, if any. */
  rejects: TableInfo | null;
  onOpenTable: (name: string) => void;
}

const KIND_LABEL = { data: 'Data table', rejects: 'Rows rejected on import', reference: 'Reference table' } as const;

export function BrowseTable({ table, rejects, onOpenTable }: Props) {
  const source = useMemo<GridSource>(() => ({ kind: 'table', table: table.name }), [table.name]);
  const extra =
    table.kind === 'rejects' ? (
      <button type="button" className="link-button" onClick={() => onOpenTable(parentOf(table.name))}>
        Back to {parentOf(table.name)}
      </button>
    ) : rejects && rejects.rowCount > 0 ? (
      <button type="button" className="link-button warn" data-testid="open-rejects" onClick={() => onOpenTable(rejects.name)}>
        {formatCount(rejects.rowCount)} rejected on import
      </button>
    ) : null;

  return (
    <section className="screen browse-screen" data-testid="browse-table">
      <header className="screen-header">
        <div>
          <h1 className="mono">{table.name}</h1>
          <div className="muted">
            {KIND_LABEL[table.kind]} · {table.columns.length} columns
          </div>
          {table.kind !== 'rejects' && <TableSources table={table.name} />}
        </div>
      </header>
      <PagedGrid
        source={source}
        columns={table.columns}
        totalRows={table.rowCount}
        testId="browse-grid"
        toolbarExtra={extra}
        rowNumbers
      />
    </section>
  );
}
