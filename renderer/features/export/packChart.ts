import type { ChartFigure } from '../results/chartFigure.js';
import type { PrintTexts } from './composeSvg.js';
import { pngSize, toBase64 } from './png.js';
import { chartSvg, svgToPng } from './renderChart.js';
import { PACK_SIZE, printSize } from './sizes.js';

/**
 * A result's chart for the board pack: the print figure (title, subtitle, source footnote) at
 * the pack's size, as a 300 dpi PNG in base64. `drawn` is the panel's SVG when it is already at
 * that size, so it is not drawn twice.
 */
export async function packChart(
  figure: ChartFigure,
  texts: PrintTexts,
  drawn: string | null,
): Promise<{ base64: string; size: { width: number; height: number } }> {
  const size = printSize(PACK_SIZE);
  const svg = drawn ?? (await chartSvg(figure, texts, size));
  const png = await svgToPng(svg, size);
  return { base64: toBase64(png), size: pngSize(png) };
}
