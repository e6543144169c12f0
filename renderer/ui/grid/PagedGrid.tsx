import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, GridApi, GridReadyEvent } from 'ag-grid-community';
import type { Column, GridSource, Row } from '../../../electron/contract/index.js';
import { useApi } from '../apiContext.js';
import { describeError, type ShownError } from '../errors.js';
import { formatCount, formatRows, type NumberStyle } from '../format.js';
import { ErrorBanner } from '../ErrorBanner.js';
import { gridTheme, registerGridModules } from './agGrid.js';
import { columnDefs, fitColumnsToData, rowNumberColumn } from './columnDefs.js';
import { gridDatasource, type PageInfo } from './datasource.js';

registerGridModules();

// 200-row blocks, at most 10 in memory: the renderer never holds more than 2,000 rows.
const BLOCK_SIZE = 200;
const MAX_BLOCKS = 10;
const WIDE_TABLE_COLUMNS = 60;

// cellDataType off: values are already display-ready JSON; AG Grid's inference would re-parse dates.
const DEFAULT_COL_DEF: ColDef<Row> = { resizable: true, cellDataType: false };

export function sourceKey(source: GridSource): string {
  return source.kind === 'table' ? `table:${source.table}` : `result:${source.resultId}`;
}

export interface PagedGridProps {
  source: GridSource;
  columns: readonly Column[];
  /** Rows before any filter, when the caller already knows (table info, query result). */
  totalRows?: number;
  numberStyle?: (column: Column) => NumberStyle;
  testId: string;
  /** Extra controls for the toolbar (e.g. a link to the rejects table). */
  toolbarExtra?: ReactNode;
  /** A leading "#" column: worth it in long tables, clutter in a short aggregate result. */
  rowNumbers?: boolean;
}

/** An engine-backed grid: sort, filter and paging run as SQL in the engine, 200 rows at a time. */
export function PagedGrid({ source, columns, totalRows, numberStyle, testId, toolbarExtra, rowNumbers = false }: PagedGridProps) {
  const client = useApi();
  const gridApi = useRef<GridApi<Row> | null>(null);
  const [page, setPage] = useState<PageInfo | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const colDefs = useMemo(() => {
    const defs = columnDefs(columns, numberStyle ? { numberStyle } : {});
    return rowNumbers ? [rowNumberColumn(totalRows), ...defs] : defs;
  }, [columns, numberStyle, totalRows, rowNumbers]);

  const datasource = useMemo(
    () =>
      gridDatasource(
        client,
        source,
        (info) => {
          setError(null);
          setPage(info);
        },
        (err) => setError(describeError(err)),
      ),
    // Keyed on the source's value, not its identity: a re-render with an equal source keeps the cache.
    [client, sourceKey(source)],
  );

  const onGridReady = useCallback((e: GridReadyEvent<Row>) => {
    gridApi.current = e.api;
  }, []);

  // Until the engine answers, the old count would be wrong; show none rather than a stale one.
  const onFilterChanged = useCallback(() => setPage(null), []);

  const rowCount = page?.rowCount;
  const jumpTo = (where: 'first' | 'last') => {
    const api = gridApi.current;
    if (!api || rowCount === undefined || rowCount === 0) return;
    api.ensureIndexVisible(where === 'first' ? 0 : rowCount - 1, where === 'first' ? 'top' : 'bottom');
  };

  return (
    <div className="paged-grid" data-testid={testId}>
      <div className="grid-toolbar">
        <span className="grid-count" data-testid="grid-row-count">
          {rowCount === undefined ? 'Counting rows…' : formatRows(rowCount)}
        </span>
        {page?.filtered && totalRows !== undefined && (
          <span className="muted">filtered from {formatCount(totalRows)}</span>
        )}
        {page?.filtered && (
          <button type="button" className="link-button" onClick={() => gridApi.current?.setFilterModel(null)}>
            Clear filters
          </button>
        )}
        <span className="spacer" />
        {toolbarExtra}
        <button type="button" className="small" data-testid="grid-first-row" onClick={() => jumpTo('first')} disabled={!rowCount}>
          First row
        </button>
        <button type="button" className="small" data-testid="grid-last-row" onClick={() => jumpTo('last')} disabled={!rowCount}>
          Last row
        </button>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      <div className="grid-host">
        <AgGridReact<Row>
          theme={gridTheme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={BLOCK_SIZE}
          maxBlocksInCache={MAX_BLOCKS}
          infiniteInitialRowCount={1}
          maxConcurrentDatasourceRequests={2}
          blockLoadDebounceMillis={80}
          columnDefs={colDefs}
          defaultColDef={DEFAULT_COL_DEF}
          suppressFieldDotNotation
          // Rows are virtualised (a million of them); columns only for very wide extracts, so
          // find-in-page and assistive tech see every column of an ordinary table.
          suppressColumnVirtualisation={columns.length <= WIDE_TABLE_COLUMNS}
          enableCellTextSelection
          onFirstDataRendered={fitColumnsToData}
          onGridReady={onGridReady}
          onFilterChanged={onFilterChanged}
        />
      </div>
    </div>
  );
}
