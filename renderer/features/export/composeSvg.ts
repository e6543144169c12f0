import type { PixelSize } from './sizes.js';
import { wrapText } from './wrapText.js';

/**
 * A print figure is the Plotly chart with a heading (title, subtitle) above and the source
 * footnote below, laid out here rather than in Plotly: Plotly does not wrap text, and its
 * automatic margins would push an axis label into a footnote placed inside the plot.
 */

/** Fonts every Windows laptop has (Arial; Segoe UI since Vista), then whatever the system has. */
export const PRINT_FONT = "Arial, 'Segoe UI', sans-serif";
export const INK = '#1f2933';
const SOFT_INK = '#4a5563';

export interface TextStyle {
  size: number;
  weight: 400 | 700;
  lineHeight: number;
  colour: string;
}

/** In CSS px at 96 dpi, so 15 px is 11.25 pt on paper. */
export const STYLES = {
  title: { size: 15, weight: 700, lineHeight: 19, colour: INK },
  subtitle: { size: 11.5, weight: 400, lineHeight: 15, colour: SOFT_INK },
  footnote: { size: 9, weight: 400, lineHeight: 11.5, colour: SOFT_INK },
} as const satisfies Record<string, TextStyle>;

const PAD = { side: 14, top: 12, bottom: 10, afterHeading: 4, beforeFootnote: 6 };

/** The width of a string in a style's font, in px. */
export type MeasureIn = (style: TextStyle, text: string) => number;

export interface PrintTexts {
  title: string;
  subtitle: string;
  footnote: string;
}

interface Block {
  style: TextStyle;
  lines: string[];
  /** Top of the block's first line box. */
  top: number;
}

export interface PrintLayout {
  /** In drawing units (the SVG's viewBox). */
  size: PixelSize;
  blocks: Block[];
  /** Where the Plotly chart goes: the band between heading and footnote. */
  chart: { top: number; height: number };
}

export function printLayout(size: PixelSize, texts: PrintTexts, measure: MeasureIn): PrintLayout {
  const textWidth = size.width - 2 * PAD.side;
  const wrap = (style: TextStyle, text: string) => (text.trim() ? wrapText(text, textWidth, (t) => measure(style, t)) : []);
  const title = wrap(STYLES.title, texts.title);
  const subtitle = wrap(STYLES.subtitle, texts.subtitle);
  const footnote = wrap(STYLES.footnote, texts.footnote);

  const blocks: Block[] = [];
  let y = PAD.top;
  for (const [style, lines] of [
    [STYLES.title, title],
    [STYLES.subtitle, subtitle],
  ] as const) {
    if (!lines.length) continue;
    blocks.push({ style, lines, top: y });
    y += lines.length * style.lineHeight;
  }
  const chartTop = y + PAD.afterHeading;
  const footHeight = footnote.length * STYLES.footnote.lineHeight;
  const footTop = size.height - PAD.bottom - footHeight;
  if (footnote.length) blocks.push({ style: STYLES.footnote, lines: footnote, top: footTop });
  const chartBottom = footnote.length ? footTop - PAD.beforeFootnote : size.height - PAD.bottom;
  return { size, blocks, chart: { top: chartTop, height: Math.max(0, Math.floor(chartBottom - chartTop)) } };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

const fixed = (n: number) => String(Math.round(n * 100) / 100);

/** A line's baseline inside its line box: Arial's ascent is 0.905 em, its descent 0.212 em. */
const baseline = (style: TextStyle, top: number, i: number) =>
  top + i * style.lineHeight + (style.lineHeight - style.size * 1.117) / 2 + style.size * 0.905;

function textBlock(block: Block): string {
  const { style } = block;
  return block.lines
    .map(
      (line, i) =>
        `<text x="${PAD.side}" y="${fixed(baseline(style, block.top, i))}" font-size="${style.size}" font-weight="${style.weight}" fill="${style.colour}">${escapeXml(line)}</text>`,
    )
    .join('');
}

/**
 * The Plotly chart's SVG (drawn at the chart band's size) placed into the page with its texts.
 * `outer` is the document's size in px when it is drawn larger than its units (a slide).
 */
export function composeSvg(layout: PrintLayout, chartSvg: string, outer: PixelSize = layout.size): string {
  const { width, height } = layout.size;
  const chart = chartSvg
    .replace(/^\s*<\?xml[^>]*\?>\s*/, '')
    .replace(/^<svg\b/, `<svg x="0" y="${fixed(layout.chart.top)}"`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${outer.width}" height="${outer.height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" font-family="${escapeXml(PRINT_FONT)}">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...layout.blocks.map(textBlock),
    chart,
    '</svg>',
  ].join('\n');
}
