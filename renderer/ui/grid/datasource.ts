import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import type { Api, ColumnFilter, GridPage, GridSource } from '../../../electron/contract/index.js';

export interface PageInfo {
  /** Rows matching the current filter. */
  rowCount: number;
  filtered: boolean;
}

/**
 * An infinite-model datasource that leaves sorting, filtering and paging to the engine's SQL:
 * the grid only ever holds the blocks it has in cache.
 */
export function gridDatasource(
  client: Pick<Api, 'grid.rows'>,
  source: GridSource,
  onPage: (info: PageInfo) => void,
  onError: (err: unknown) => void,
): IDatasource {
  return {
    getRows(params: IGetRowsParams) {
      const filterModel = (params.filterModel ?? {}) as Record<string, ColumnFilter>;
      client['grid.rows']({
        source,
        startRow: params.startRow,
        endRow: params.endRow,
        sortModel: params.sortModel.map((s) => ({ colId: s.colId, sort: s.sort })),
        filterModel,
      }).then(
        (page: GridPage) => {
          params.successCallback(page.rows, page.rowCount);
          onPage({ rowCount: page.rowCount, filtered: Object.keys(filterModel).length > 0 });
        },
        (err: unknown) => {
          params.failCallback();
          onError(err);
        },
      );
    },
  };
}
