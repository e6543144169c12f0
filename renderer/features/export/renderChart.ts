import type { ChartFigure } from '../results/chartFigure.js';
import { composeSvg, PRINT_FONT, printLayout, type PrintTexts, type TextStyle } from './composeSvg.js';
import { withResolution } from './png.js';
import { printFigure } from './printFigure.js';
import { drawingSize, pixelSize, pixelsPerMetre, PNG_DPI, SVG_DPI, type PrintSize } from './sizes.js';

/** The part of Plotly used here (toImage is not in the shared type declarations). */
interface PlotlyImage {
  toImage(
    figure: { data: ChartFigure['data']; layout: ChartFigure['layout']; config?: Record<string, unknown> },
    options: { format: 'svg'; width: number; height: number; imageDataOnly: true },
  ): Promise<string>;
}

let plotly: Promise<PlotlyImage> | undefined;
function loadPlotly(): Promise<PlotlyImage> {
  plotly ??= import('plotly.js-strict-dist-min').then((mod) => ((mod as { default?: unknown }).default ?? mod) as PlotlyImage);
  return plotly;
}

let canvas: HTMLCanvasElement | undefined;
/** Text width in the print font as the browser will draw it (the SVG is drawn by the same engine). */
function measure(style: TextStyle, text: string): number {
  canvas ??= document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) return text.length * style.size * 0.55;
  ctx.font = `${style.weight} ${style.size}px ${PRINT_FONT}`;
  return ctx.measureText(text).width;
}

/** The print figure as an SVG document at the size's width and height in CSS px (96 dpi). */
export async function chartSvg(figure: ChartFigure, texts: PrintTexts, size: PrintSize): Promise<string> {
  const units = drawingSize(size);
  const layout = printLayout(units, texts, measure);
  const fig = printFigure(figure, units.width, layout.chart.height);
  const Plotly = await loadPlotly();
  const chart = await Plotly.toImage(
    { data: fig.data, layout: fig.layout, config: { staticPlot: true } },
    { format: 'svg', width: units.width, height: layout.chart.height, imageDataOnly: true },
  );
  return composeSvg(layout, chart, pixelSize(size, SVG_DPI));
}

function loadImage(src: string): Promise<HTMLImageElement> {
  const img = new Image();
  img.src = src;
  return img.decode().then(() => img);
}

export const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/**
 * The SVG drawn at print resolution (300 dpi: 170 mm → 2008 px), with the resolution recorded
 * in the file. The browser redraws the vector picture at that size, so nothing is upscaled.
 */
export async function svgToPng(svg: string, size: PrintSize): Promise<Uint8Array> {
  const { width, height } = pixelSize(size, PNG_DPI);
  const img = await loadImage(svgDataUrl(svg));
  const target = document.createElement('canvas');
  target.width = width;
  target.height = height;
  const ctx = target.getContext('2d');
  if (!ctx) throw new Error('this window cannot draw pictures (no canvas)');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(img, 0, 0, width, height);
  const blob = await new Promise<Blob>((resolve, reject) =>
    target.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture could not be made'))), 'image/png'),
  );
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return withResolution(bytes, pixelsPerMetre(PNG_DPI));
}

