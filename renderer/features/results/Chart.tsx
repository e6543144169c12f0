import { useEffect, useRef, useState } from 'react';
import type * as PlotlyNamespace from 'plotly.js-strict-dist-min';
import type { ChartFigure } from './chartFigure.js';

type PlotlyModule = typeof PlotlyNamespace;

let plotly: Promise<PlotlyModule> | undefined;
/** Plotly is large; load it the first time a chart is drawn, not at start-up. */
function loadPlotly(): Promise<PlotlyModule> {
  plotly ??= import('plotly.js-strict-dist-min').then((mod) => (mod as { default?: PlotlyModule }).default ?? mod);
  return plotly;
}

// No camera button: a picture of the on-screen chart would skip disclosure control; pictures
// leave through the export panel, drawn from the protected table.
const CONFIG = {
  displaylogo: false,
  responsive: false,
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'toImage'],
};

export function Chart({ figure }: { figure: ChartFigure }) {
  const host = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let gone = false;
    let observer: ResizeObserver | undefined;
    loadPlotly()
      .then(async (Plotly) => {
        if (gone) return;
        await Plotly.react(el, figure.data, { ...figure.layout, autosize: true }, CONFIG);
        // The chart may have been taken off the screen while Plotly drew it.
        if (gone) return;
        // Follow the pane's size (window resizes, sidebar changes) without Plotly's window listener.
        // React clean-ups run after paint, so a last resize can arrive for a div already removed.
        observer = new ResizeObserver(() => {
          if (el.isConnected) void Promise.resolve(Plotly.Plots.resize(el)).catch(() => undefined);
        });
        observer.observe(el);
      })
      .catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)));
    return () => {
      gone = true;
      observer?.disconnect();
      void loadPlotly().then((Plotly) => Plotly.purge(el));
    };
  }, [figure]);

  if (failed) return <p className="muted">The chart could not be drawn: {failed}</p>;
  return <div className="chart-host" ref={host} data-testid="result-chart-plot" />;
}
