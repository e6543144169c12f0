import { describe, expect, it } from 'vitest';
import type { IGetRowsParams } from 'ag-grid-community';
import { EngineError, type GridRequest, type Row } from '../../../electron/contract/index.js';
import { groupTables } from '../../features/browse/tableGroups.js';
import { columnDefs } from './columnDefs.js';
import { gridDatasource, type PageInfo } from './datasource.js';

function getRowsParams(over: Partial<IGetRowsParams>, sink: { rows?: Row[]; last?: number; failed?: boolean }): IGetRowsParams {
  return {
    startRow: 0,
    endRow: 200,
    sortModel: [],
    filterModel: {},
    successCallback: (rows: Row[], last?: number) => {
      sink.rows = rows;
      sink.last = last;
    },
    failCallback: () => {
      sink.failed = true;
    },
    ...over,
  } as IGetRowsParams;
}

describe('engine-backed grid datasource', () => {
  it('asks the engine for exactly the block, sort and filter the grid wants', async () => {
    const requests: GridRequest[] = [];
    const pages: PageInfo[] = [];
    const ds = gridDatasource(
      {
        'grid.rows': async (req) => {
          requests.push(req);
          return { rows: [{ crime_id: 'C999801' }], rowCount: 1_000_000, columns: [] };
        },
      },
      { kind: 'table', table: 'offences' },
      (info) => pages.push(info),
      () => undefined,
    );
    const sink: { rows?: Row[]; last?: number } = {};
    const filterModel = { offence_date: { filterType: 'date', type: 'greaterThan', dateFrom: '2025-01-01 00:00:00', dateTo: null } };
    ds.getRows(
      getRowsParams({ startRow: 999_800, endRow: 1_000_000, sortModel: [{ colId: 'offence_date', sort: 'desc' }], filterModel }, sink),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(requests).toEqual([
      {
        source: { kind: 'table', table: 'offences' },
        startRow: 999_800,
        endRow: 1_000_000,
        sortModel: [{ colId: 'offence_date', sort: 'desc' }],
        filterModel,
      },
    ]);
    expect(sink).toEqual({ rows: [{ crime_id: 'C999801' }], last: 1_000_000 });
    expect(pages).toEqual([{ rowCount: 1_000_000, filtered: true }]);
  });

  it('fails the block and reports the error when the engine refuses', async () => {
    const errors: unknown[] = [];
    const ds = gridDatasource(
      { 'grid.rows': async () => Promise.reject(new EngineError('not_found', 'no table offences')) },
      { kind: 'result', resultId: 'r1' },
      () => undefined,
      (e) => errors.push(e),
    );
    const sink: { failed?: boolean } = {};
    ds.getRows(getRowsParams({}, sink));
    await new Promise((r) => setTimeout(r, 0));
    expect(sink.failed).toBe(true);
    expect(errors).toHaveLength(1);
  });
});

describe('grid columns', () => {
  it('chooses the filter by column kind and right-aligns numbers', () => {
    const defs = columnDefs([
      { name: 'crime_id', type: 'VARCHAR', kind: 'text' },
      { name: 'offence_hour', type: 'INTEGER', kind: 'number' },
      { name: 'offence_date', type: 'DATE', kind: 'date' },
      { name: 'domestic', type: 'BOOLEAN', kind: 'bool' },
      { name: 'tags', type: 'VARCHAR[]', kind: 'other' },
    ]);
    expect(defs.map((d) => [d.field, d.filter, d.type ?? null])).toEqual([
      ['crime_id', 'agTextColumnFilter', null],
      ['offence_hour', 'agNumberColumnFilter', 'rightAligned'],
      ['offence_date', 'agDateColumnFilter', null],
      ['domestic', 'agTextColumnFilter', null],
      ['tags', false, null],
    ]);
  });
});

describe('sidebar table groups', () => {
  it('puts each rejects table beside its data table and reference tables last', () => {
    const t = (name: string, kind: 'data' | 'rejects' | 'reference') => ({ name, kind, rowCount: 1, columns: [] });
    const groups = groupTables([t('victims', 'data'), t('population', 'reference'), t('offences__rejects', 'rejects'), t('offences', 'data'), t('old__rejects', 'rejects')]);
    expect(groups.data.map((e) => [e.table.name, e.rejects?.name ?? null])).toEqual([
      ['offences', 'offences__rejects'],
      ['victims', null],
      ['old__rejects', null],
    ]);
    expect(groups.reference.map((r) => r.name)).toEqual(['population']);
  });
});
