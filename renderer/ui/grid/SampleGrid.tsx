import { useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef } from 'ag-grid-community';
import type { Column, Row } from '../../../electron/contract/index.js';
import { gridTheme, registerGridModules } from './agGrid.js';
import { columnDefs, fitColumnsToData } from './columnDefs.js';

registerGridModules();

const DEFAULT_COL_DEF: ColDef<Row> = { resizable: true, cellDataType: false };

/** A few rows already in hand (an import preview): client-side, no engine paging. */
export function SampleGrid({ columns, rows, testId }: { columns: readonly Column[]; rows: Row[]; testId?: string }) {
  const colDefs = useMemo(() => columnDefs(columns, { sortAndFilter: false }), [columns]);
  return (
    <div className="grid-host" data-testid={testId}>
      <AgGridReact<Row>
        theme={gridTheme}
        rowData={rows}
        columnDefs={colDefs}
        defaultColDef={DEFAULT_COL_DEF}
        suppressFieldDotNotation
        enableCellTextSelection
        onFirstDataRendered={fitColumnsToData}
      />
    </div>
  );
}
