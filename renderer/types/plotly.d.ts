// plotly.js-strict-dist-min ships no types; this is the small surface the renderer uses.
declare module 'plotly.js-strict-dist-min' {
  export type PlotDatum = string | number | null;

  export interface PlotTrace {
    type: 'bar' | 'scatter' | 'heatmap';
    name?: string;
    x?: PlotDatum[];
    y?: PlotDatum[];
    z?: PlotDatum[][];
    orientation?: 'v' | 'h';
    mode?: string;
    marker?: Record<string, unknown>;
    line?: Record<string, unknown>;
    error_y?: ErrorBars;
    error_x?: ErrorBars;
    colorscale?: string | [number, string][];
    hovertemplate?: string;
    connectgaps?: boolean;
    xgap?: number;
    ygap?: number;
    colorbar?: Record<string, unknown>;
  }

  export interface ErrorBars {
    type: 'data';
    symmetric: boolean;
    array: (number | null)[];
    arrayminus: (number | null)[];
    visible?: boolean;
    thickness?: number;
    width?: number;
    color?: string;
  }

  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;

  export function react(el: HTMLElement, data: PlotTrace[], layout?: PlotLayout, config?: PlotConfig): Promise<unknown>;
  export function purge(el: HTMLElement): void;
  export const Plots: { resize(el: HTMLElement): Promise<unknown> | void };
}
