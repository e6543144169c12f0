import type { PlotLayout } from 'plotly.js-strict-dist-min';
import type { ChartFigure } from '../results/chartFigure.js';
import { INK, PRINT_FONT } from './composeSvg.js';

type Axis = Record<string, unknown>;

/** Behind a heatmap: a hidden cell shows grey, unlike a count of 0 (the palest blue). */
export const GAP_GREY = '#d5dae1';

function printAxis(axis: unknown, grid: boolean): Axis {
  const a = { ...((axis ?? {}) as Axis) };
  const title = (a.title ?? {}) as Axis;
  return {
    ...a,
    automargin: true,
    title: { ...title, font: { size: 11, color: INK }, standoff: 8 },
    tickfont: { size: 10, color: INK },
    linecolor: '#8a95a3',
    gridcolor: '#e6e9ee',
    showgrid: grid,
  };
}

/**
 * The on-screen chart restyled for paper at `width` × `height` CSS px: Windows fonts, print
 * sizes, a white page, and margins wide enough that Plotly's automatic margins only ever grow
 * them for long labels.
 */
export function printFigure(figure: ChartFigure, width: number, height: number): ChartFigure {
  const { hoverlabel: _screenOnly, ...rest } = figure.layout;
  const layout: PlotLayout = { ...rest };
  const legend = Boolean(layout.showlegend);
  const heatmap = figure.data.some((t) => t.type === 'heatmap');
  Object.assign(layout, {
    width,
    height,
    autosize: false,
    font: { family: PRINT_FONT, size: 10.5, color: INK },
    paper_bgcolor: '#ffffff',
    plot_bgcolor: heatmap ? GAP_GREY : '#ffffff',
    margin: { l: 14, r: 18, t: legend ? 22 : 10, b: 8, pad: 2 },
    legend: { ...((layout.legend ?? {}) as Axis), y: 1, font: { size: 10, color: INK } },
    xaxis: printAxis(layout.xaxis, !heatmap),
    yaxis: printAxis(layout.yaxis, !heatmap),
  });
  const data = figure.data.map((trace) => {
    if (trace.type !== 'heatmap' || !trace.colorbar) return trace;
    const colorbar = trace.colorbar;
    const title = (colorbar.title ?? {}) as Axis;
    return { ...trace, colorbar: { ...colorbar, tickfont: { size: 10 }, title: { ...title, font: { size: 10.5 } } } };
  });
  return { data, layout };
}
