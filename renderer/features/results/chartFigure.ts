import type { ErrorBars, PlotDatum, PlotLayout, PlotTrace } from 'plotly.js-strict-dist-min';
import type { Cell, ChartSpec, Column, Row } from '../../../electron/contract/index.js';
import type { NumberStyle } from '../../ui/format.js';

export interface ChartFigure {
  data: PlotTrace[];
  layout: PlotLayout;
}

export const CHART_COLOURS = ['#2563a8', '#d97706', '#4b9a6b', '#9b4f96', '#c2413b', '#5b6b7d', '#0f8a9d', '#a16207'];

const D3_FORMAT: Record<NumberStyle, string> = {
  count: ',.0f',
  decimal1: ',.1f',
  decimal2: '.2f',
  pvalue: '.3f',
  plain: '',
};

function num(cell: Cell | undefined): number | null {
  return typeof cell === 'number' && Number.isFinite(cell) ? cell : null;
}

function datum(cell: Cell | undefined): PlotDatum {
  if (cell === undefined || cell === null) return null;
  return typeof cell === 'boolean' ? String(cell) : cell;
}

function label(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? 'Unknown' : String(cell);
}

/** Values in order of first appearance: the SQL's ORDER BY is the order the analyst expects. */
function distinct(rows: readonly Row[], column: string): string[] {
  const seen = new Set<string>();
  for (const r of rows) seen.add(label(r[column]));
  return [...seen];
}

/** Plotly error bars are lengths either side of the value, not the interval's ends. */
export function errorBars(rows: readonly Row[], spec: ChartSpec): ErrorBars | undefined {
  if (!spec.errorLow || !spec.errorHigh) return undefined;
  const { errorLow, errorHigh, y } = spec;
  const array: (number | null)[] = [];
  const arrayminus: (number | null)[] = [];
  for (const r of rows) {
    const v = num(r[y]);
    const lo = num(r[errorLow]);
    const hi = num(r[errorHigh]);
    array.push(v === null || hi === null ? null : hi - v);
    arrayminus.push(v === null || lo === null ? null : v - lo);
  }
  return { type: 'data', symmetric: false, array, arrayminus, thickness: 1.2, width: 3, color: '#3d4652' };
}

function splitBySeries(rows: readonly Row[], series: string | undefined): [string | undefined, Row[]][] {
  if (!series) return [[undefined, [...rows]]];
  return distinct(rows, series).map((name) => [name, rows.filter((r) => label(r[series]) === name)]);
}

function baseLayout(spec: ChartSpec, showLegend: boolean): PlotLayout {
  return {
    font: { family: 'Segoe UI, system-ui, Arial, sans-serif', size: 11, color: '#1f2933' },
    colorway: CHART_COLOURS,
    margin: { l: 56, r: 16, t: showLegend ? 36 : 12, b: 48 },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: '#ffffff',
    showlegend: showLegend,
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 11 } },
    hoverlabel: { font: { family: 'Segoe UI, system-ui, Arial, sans-serif', size: 11 } },
    xaxis: { title: { text: spec.xTitle ?? spec.x }, automargin: true, gridcolor: '#eef1f4', linecolor: '#c5ccd6' },
    yaxis: { title: { text: spec.yTitle ?? spec.y }, automargin: true, gridcolor: '#eef1f4', zerolinecolor: '#c5ccd6', rangemode: 'tozero' },
  };
}

/**
 * The value column of a heatmap: with a series, the spec reads x × series → y; without one,
 * x × y → the first other number column (e.g. hour × day_of_week → offences).
 */
export function heatmapAxes(spec: ChartSpec, columns: readonly Column[]): { rows: string; value: string } | null {
  if (spec.series) return { rows: spec.series, value: spec.y };
  const value = columns.find((c) => c.kind === 'number' && c.name !== spec.x && c.name !== spec.y);
  return value ? { rows: spec.y, value: value.name } : null;
}

/** Builds the default chart of a query result, or null when there is nothing to draw. */
export function chartFigure(
  spec: ChartSpec,
  columns: readonly Column[],
  rows: readonly Row[],
  numberStyle: (column: string) => NumberStyle = () => 'plain',
): ChartFigure | null {
  if (spec.type === 'none' || rows.length === 0) return null;
  const names = new Set(columns.map((c) => c.name));
  if (!names.has(spec.x) || !names.has(spec.y)) return null;
  const yFormat = D3_FORMAT[numberStyle(spec.y)];
  const hoverValue = (axis: 'x' | 'y') => `%{${axis}${yFormat ? `:${yFormat}` : ''}}`;

  switch (spec.type) {
    case 'bar':
    case 'line': {
      // A series is either a value column of its own (valueColumns) or the rows of one value of `series`.
      const groups: [string | undefined, Row[], string][] = spec.valueColumns
        ? spec.valueColumns.map((v) => [v.label, [...rows], v.column])
        : splitBySeries(rows, spec.series).map(([name, groupRows]) => [name, groupRows, spec.y]);
      const data = groups.map(([name, groupRows, column]): PlotTrace => {
        const trace: PlotTrace = {
          type: spec.type === 'bar' ? 'bar' : 'scatter',
          x: groupRows.map((r) => datum(r[spec.x])),
          y: groupRows.map((r) => num(r[column])),
          hovertemplate: `${name ? `${name}<br>` : ''}%{x}: ${hoverValue('y')}<extra></extra>`,
        };
        if (name !== undefined) trace.name = name;
        if (spec.type === 'line') {
          trace.mode = groupRows.length > 60 ? 'lines' : 'lines+markers';
          trace.line = { width: 2 };
          trace.marker = { size: 5 };
        }
        const errors = errorBars(groupRows, spec);
        if (errors) trace.error_y = errors;
        return trace;
      });
      const layout = baseLayout(spec, groups.length > 1);
      if (spec.type === 'bar') Object.assign(layout, { barmode: 'group', bargap: 0.25, bargroupgap: 0.05 });
      const xKind = columns.find((c) => c.name === spec.x)?.kind;
      if (xKind === 'text' || xKind === 'bool') {
        // Keep the query's own order of categories (age bands, months) rather than Plotly's
        // guess at a type or its sort.
        Object.assign(layout.xaxis as Record<string, unknown>, {
          type: 'category',
          categoryorder: 'array',
          categoryarray: distinct(rows, spec.x),
        });
      }
      return { data, layout };
    }

    case 'ranked_bar': {
      // A ranked list charts what was ranked: rows a `rank` column leaves unranked (e.g.
      // hotspots' "Unknown" place) stay in the table but would dwarf the places on the chart.
      const ranked = names.has('rank') ? rows.filter((r) => r.rank !== null) : rows;
      const sorted = [...ranked].sort((a, b) => (num(b[spec.y]) ?? -Infinity) - (num(a[spec.y]) ?? -Infinity));
      const trace: PlotTrace = {
        type: 'bar',
        orientation: 'h',
        y: sorted.map((r) => label(r[spec.x])),
        x: sorted.map((r) => num(r[spec.y])),
        marker: { color: CHART_COLOURS[0] },
        hovertemplate: `%{y}: ${hoverValue('x')}<extra></extra>`,
      };
      const errors = errorBars(sorted, spec);
      if (errors) trace.error_x = errors;
      const layout = baseLayout(spec, false);
      // Largest at the top, as a ranked list reads.
      layout.xaxis = { title: { text: spec.yTitle ?? spec.y }, automargin: true, gridcolor: '#eef1f4', rangemode: 'tozero' };
      layout.yaxis = { title: { text: spec.xTitle ?? '' }, automargin: true, autorange: 'reversed', type: 'category' };
      return { data: [trace], layout };
    }

    case 'heatmap': {
      const axes = heatmapAxes(spec, columns);
      if (!axes || !names.has(axes.rows) || !names.has(axes.value)) return null;
      const xs = distinct(rows, spec.x);
      const ys = distinct(rows, axes.rows);
      const z: (number | null)[][] = ys.map(() => xs.map(() => null));
      for (const r of rows) {
        const yi = ys.indexOf(label(r[axes.rows]));
        const xi = xs.indexOf(label(r[spec.x]));
        const row = z[yi];
        if (row) row[xi] = num(r[axes.value]);
      }
      const trace: PlotTrace = {
        type: 'heatmap',
        x: xs,
        y: ys,
        z,
        colorscale: [
          [0, '#f4f7fb'],
          [0.5, '#7fa7d1'],
          [1, '#173f6e'],
        ],
        xgap: 1,
        ygap: 1,
        colorbar: { thickness: 10, title: { text: axes.value, side: 'right' } },
        hovertemplate: `%{y} %{x}: %{z}<extra></extra>`,
      };
      const layout = baseLayout(spec, false);
      layout.xaxis = { title: { text: spec.xTitle ?? spec.x }, type: 'category', automargin: true };
      layout.yaxis = { title: { text: spec.yTitle ?? axes.rows }, type: 'category', autorange: 'reversed', automargin: true };
      return { data: [trace], layout };
    }
  }
}
