import { describe, expect, it } from 'vitest';
import type { ChartSpec, Column, Row } from '../../../electron/contract/index.js';
import { chartFigure, heatmapAxes } from './chartFigure.js';

const col = (name: string, kind: Column['kind'], type = kind === 'number' ? 'DOUBLE' : 'VARCHAR'): Column => ({ name, kind, type });

describe('default chart from a ChartSpec', () => {
  const ageColumns = [col('sex', 'text'), col('age_band', 'text'), col('rate_per_1000', 'number'), col('ci_low', 'number'), col('ci_high', 'number')];
  const ageRows: Row[] = [
    { sex: 'M', age_band: '10-13', rate_per_1000: 2.5, ci_low: 2.0, ci_high: 3.25 },
    { sex: 'M', age_band: '14-17', rate_per_1000: 6, ci_low: 5, ci_high: 7.5 },
    { sex: 'F', age_band: '10-13', rate_per_1000: 1, ci_low: null, ci_high: 1.5 },
    { sex: 'F', age_band: '14-17', rate_per_1000: null, ci_low: null, ci_high: null },
  ];
  const barSpec: ChartSpec = { type: 'bar', x: 'age_band', y: 'rate_per_1000', series: 'sex', errorLow: 'ci_low', errorHigh: 'ci_high' };

  it('draws a grouped bar per series with error bars relative to the value', () => {
    const fig = chartFigure(barSpec, ageColumns, ageRows);
    expect(fig).not.toBeNull();
    expect(fig?.data.map((t) => t.name)).toEqual(['M', 'F']);
    const [m, f] = fig?.data ?? [];
    expect(m?.x).toEqual(['10-13', '14-17']);
    expect(m?.y).toEqual([2.5, 6]);
    expect(m?.error_y?.array).toEqual([0.75, 1.5]);
    expect(m?.error_y?.arrayminus).toEqual([0.5, 1]);
    expect(f?.error_y?.array).toEqual([0.5, null]);
    expect(f?.error_y?.arrayminus).toEqual([null, null]);
    expect(fig?.layout.barmode).toBe('group');
    expect(fig?.layout.showlegend).toBe(true);
    expect(fig?.layout.xaxis).toMatchObject({ type: 'category', categoryarray: ['10-13', '14-17'] });
  });

  it('draws value columns side by side as named series (previous beside current)', () => {
    const columns = [col('group', 'text'), col('current', 'number'), col('previous', 'number')];
    const rows: Row[] = [
      { group: 'All', current: 575, previous: 523 },
      { group: 'Homicide', current: 5, previous: 5 },
    ];
    const spec: ChartSpec = {
      type: 'bar',
      x: 'group',
      y: 'current',
      valueColumns: [
        { column: 'previous', label: 'Previous period' },
        { column: 'current', label: 'Current period' },
      ],
    };
    const fig = chartFigure(spec, columns, rows);
    expect(fig?.data.map((t) => [t.name, t.x, t.y])).toEqual([
      ['Previous period', ['All', 'Homicide'], [523, 5]],
      ['Current period', ['All', 'Homicide'], [575, 5]],
    ]);
    expect(fig?.layout.barmode).toBe('group');
    expect(fig?.layout.showlegend).toBe(true);
  });

  it('draws one unnamed line when there is no series', () => {
    const fig = chartFigure(
      { type: 'line', x: 'month', y: 'offences' },
      [col('month', 'text'), col('offences', 'number', 'BIGINT')],
      [
        { month: '2025-01', offences: 10 },
        { month: '2025-02', offences: 12 },
      ],
    );
    expect(fig?.data).toHaveLength(1);
    expect(fig?.data[0]).toMatchObject({ type: 'scatter', x: ['2025-01', '2025-02'], y: [10, 12] });
    expect(fig?.data[0]?.name).toBeUndefined();
    expect(fig?.layout.showlegend).toBe(false);
  });

  it('sorts a ranked bar largest first, horizontally', () => {
    const fig = chartFigure(
      { type: 'ranked_bar', x: 'place', y: 'offences' },
      [col('place', 'text'), col('offences', 'number', 'BIGINT')],
      [
        { place: 'Park', offences: 3 },
        { place: 'Square', offences: 9 },
        { place: null, offences: 5 },
      ],
    );
    expect(fig?.data[0]).toMatchObject({ orientation: 'h', y: ['Square', 'Unknown', 'Park'], x: [9, 5, 3] });
    expect(fig?.layout.yaxis).toMatchObject({ autorange: 'reversed' });
  });

  it('leaves unranked rows (rank null, e.g. places left blank) off a ranked bar', () => {
    const fig = chartFigure(
      { type: 'ranked_bar', x: 'place', y: 'offences' },
      [col('place', 'text'), col('offences', 'number', 'BIGINT'), col('rank', 'number', 'BIGINT')],
      [
        { place: 'Square', offences: 9, rank: 1 },
        { place: 'Park', offences: 3, rank: 2 },
        { place: 'Unknown', offences: 400, rank: null },
      ],
    );
    expect(fig?.data[0]).toMatchObject({ y: ['Square', 'Park'], x: [9, 3] });
  });

  it('lays a heatmap out as rows × columns in the query’s order, gaps left empty', () => {
    const columns = [col('day_of_week', 'text'), col('hour', 'number', 'INTEGER'), col('offences', 'number', 'BIGINT')];
    const rows: Row[] = [
      { day_of_week: 'Mon', hour: 0, offences: 4 },
      { day_of_week: 'Mon', hour: 1, offences: 2 },
      { day_of_week: 'Tue', hour: 1, offences: 7 },
    ];
    const spec: ChartSpec = { type: 'heatmap', x: 'hour', y: 'day_of_week' };
    expect(heatmapAxes(spec, columns)).toEqual({ rows: 'day_of_week', value: 'offences' });
    const fig = chartFigure(spec, columns, rows);
    expect(fig?.data[0]).toMatchObject({ type: 'heatmap', x: ['0', '1'], y: ['Mon', 'Tue'], z: [[4, 2], [null, 7]] });
    // The other reading of the spec: x × series → y.
    const viaSeries = chartFigure({ type: 'heatmap', x: 'hour', y: 'offences', series: 'day_of_week' }, columns, rows);
    expect(viaSeries?.data[0]?.z).toEqual([[4, 2], [null, 7]]);
  });

  it('draws nothing for type none, no rows, or columns the result lacks', () => {
    expect(chartFigure({ type: 'none', x: 'a', y: 'b' }, ageColumns, ageRows)).toBeNull();
    expect(chartFigure(barSpec, ageColumns, [])).toBeNull();
    expect(chartFigure({ type: 'bar', x: 'nope', y: 'rate_per_1000' }, ageColumns, ageRows)).toBeNull();
  });

  it('formats hover values by the y column’s number style', () => {
    const fig = chartFigure(barSpec, ageColumns, ageRows, (c) => (c === 'rate_per_1000' ? 'decimal1' : 'plain'));
    expect(fig?.data[0]?.hovertemplate).toBe('M<br>%{x}: %{y:,.1f}<extra></extra>');
  });
});
