import type { ColDef, FirstDataRenderedEvent, ValueFormatterParams } from 'ag-grid-community';
import type { Cell, Column, ColumnKind, Row } from '../../../electron/contract/index.js';
import { formatCell, type NumberStyle } from '../format.js';

const FILTER_BY_KIND: Record<ColumnKind, string | false> = {
  text: 'agTextColumnFilter',
  number: 'agNumberColumnFilter',
  date: 'agDateColumnFilter',
  // The engine compares booleans as text ('true' / 'false').
  bool: 'agTextColumnFilter',
  // Lists, structs and the like: the engine has no filter for them.
  other: false,
};

const WIDTH_BY_KIND: Record<ColumnKind, number> = { text: 140, number: 90, date: 110, bool: 80, other: 140 };

/** Wide enough for the header and its filter icon until the grid sizes columns to their data. */
export function initialWidth(column: Column): number {
  return Math.min(300, Math.max(WIDTH_BY_KIND[column.kind], Math.round(column.name.length * 7.4 + 46)));
}

export interface ColumnDefOptions {
  /** Display style of number columns; raw values stay in the row data. */
  numberStyle?: (column: Column) => NumberStyle;
  /** Server-side sort and filter (infinite grids); a preview of a few rows has neither. */
  sortAndFilter?: boolean;
}

/** AG Grid column definitions for engine columns: filter by kind, numbers right-aligned. */
export function columnDefs(columns: readonly Column[], options: ColumnDefOptions = {}): ColDef<Row>[] {
  const sortAndFilter = options.sortAndFilter ?? true;
  return columns.map((column) => {
    const style = options.numberStyle?.(column) ?? 'plain';
    const def: ColDef<Row> = {
      field: column.name,
      colId: column.name,
      headerName: column.name,
      headerTooltip: `${column.name} · ${column.type}`,
      width: initialWidth(column),
      minWidth: 70,
      maxWidth: 480,
      sortable: sortAndFilter,
      filter: sortAndFilter ? FILTER_BY_KIND[column.kind] : false,
      valueFormatter: (p: ValueFormatterParams<Row, Cell>) => formatCell(p.value, style),
    };
    if (column.kind === 'number') def.type = 'rightAligned';
    if (column.kind === 'date') def.filterParams = { browserDatePicker: true };
    return def;
  });
}

/** A leading "#" column so the analyst can see where they are in a long table. */
export function rowNumberColumn(maxRows?: number): ColDef<Row> {
  // Wide enough for the largest row number ("1,000,000"), no wider: small results stay compact.
  const chars = maxRows === undefined ? 9 : maxRows.toLocaleString('en-GB').length;
  return {
    colId: '__row',
    headerName: '#',
    width: Math.max(44, Math.round(chars * 7.5 + 24)),
    sortable: false,
    filter: false,
    resizable: true,
    suppressMovable: true,
    suppressAutoSize: true,
    type: 'rightAligned',
    cellClass: 'row-number-cell',
    valueGetter: (p) => (p.node?.rowIndex == null ? '' : (p.node.rowIndex + 1).toLocaleString('en-GB')),
  };
}

/** Sizes columns to the header and the rows on screen once the first rows arrive. */
export function fitColumnsToData(e: FirstDataRenderedEvent<Row>): void {
  e.api.autoSizeAllColumns();
}
