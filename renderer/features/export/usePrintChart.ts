import { useEffect, useMemo, useState } from 'react';
import type { ChartFigure } from '../results/chartFigure.js';
import type { PrintTexts } from './composeSvg.js';
import { chartSvg } from './renderChart.js';
import type { PrintSize } from './sizes.js';

export interface PrintChart {
  /** The last figure drawn, exactly as it would be saved; null until one is drawn. */
  svg: string | null;
  /** True while `svg` is not (yet) the figure for the current texts and size: nothing may be saved. */
  drawing: boolean;
  error: string | null;
}

interface Drawn {
  svg: string | null;
  error: string | null;
  /** The request it answers: compared by identity, so a stale drawing is never taken for a new one. */
  request: object | null;
}

/** Draws the print figure (after typing pauses: Plotly takes a moment per drawing). */
export function usePrintChart(figure: ChartFigure | null, texts: PrintTexts, size: PrintSize, delayMs = 250): PrintChart {
  const { title, subtitle, footnote } = texts;
  // A new object whenever anything drawn changes (the memo is the point, not its value).
  const request = useMemo(() => ({}), [figure, title, subtitle, footnote, size]);
  const [drawn, setDrawn] = useState<Drawn>({ svg: null, error: null, request: null });

  useEffect(() => {
    if (!figure) return;
    let current = true;
    const timer = setTimeout(() => {
      chartSvg(figure, { title, subtitle, footnote }, size).then(
        (svg) => current && setDrawn({ svg, error: null, request }),
        (err: unknown) => current && setDrawn({ svg: null, error: err instanceof Error ? err.message : String(err), request }),
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [request, figure, title, subtitle, footnote, size, delayMs]);

  if (!figure) return { svg: null, drawing: false, error: null };
  return { svg: drawn.svg, drawing: drawn.request !== request, error: drawn.request === request ? drawn.error : null };
}
