import { writeFile } from 'node:fs/promises';
import type { SaveDialogOptions } from 'electron';
import { EngineError, type ChartFormat } from '../contract/index.js';
import { saveDialogOptions } from './shared-files.js';

/**
 * Charts the renderer drew (files.exportChart): main only writes the bytes, after the analyst
 * chose where. The renderer is trusted to draw, not to write anything it likes: the bytes must
 * be a PNG image or an SVG document, checked before a dialog opens. No Electron at run time:
 * the loopback bridge uses the same helpers.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const FILTERS: Record<ChartFormat, { name: string; extensions: string[] }> = {
  png: { name: 'PNG image', extensions: ['png'] },
  svg: { name: 'SVG image', extensions: ['svg'] },
};

/** The suggested name as a plain file name with the format's extension (no folders, no characters Windows refuses). */
export function chartFileName(fileName: string, format: ChartFormat): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.(png|svg)$/i, '')
    .replace(/[<>:"|?*\u0000-\u001f]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 150);
  return `${stem || 'chart'}.${format}`;
}

export function exportChartDialogOptions(fileName: string, format: ChartFormat): SaveDialogOptions {
  return saveDialogOptions(format === 'png' ? 'Save the chart as a picture' : 'Save the chart as SVG', chartFileName(fileName, format), [FILTERS[format]]);
}

function refuse(why: string): never {
  throw new EngineError('invalid_args', `The chart was not saved: ${why}`);
}

/** A PNG: base64 that decodes to the PNG signature followed by its IHDR chunk. */
function pngBytes(data: string): Buffer {
  if (data.length % 4 !== 0 || !BASE64.test(data)) refuse('the PNG data is not base64');
  const bytes = Buffer.from(data, 'base64');
  const isPng = bytes.length > 33 && bytes.subarray(0, 8).equals(PNG_SIGNATURE) && bytes.toString('latin1', 12, 16) === 'IHDR';
  if (!isPng) refuse('the data is not a PNG image');
  return bytes;
}

/**
 * An SVG document: optional XML declaration and comments, one `<svg …>` root element closed at
 * the end. Scripts and embedded HTML are refused: a saved chart is opened by browsers and
 * Office, and must never run anything.
 */
function svgBytes(data: string): Buffer {
  const text = data.replace(/^\uFEFF/, '').trim();
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^(<!--[\s\S]*?-->\s*)+/, '');
  if (!/^<svg[\s>]/.test(body) || !/<\/svg>$/.test(body)) refuse('the data is not an SVG document');
  // Only inside tags: a label's text (escaped by the drawing) may say anything.
  if (/<script|<foreignObject|<[^>]*\son\w+\s*=|<[^>]*=\s*["']?\s*javascript:/i.test(body)) {
    refuse('the SVG holds a script or embedded HTML');
  }
  return Buffer.from(text, 'utf8');
}

/** The file's bytes, or an invalid_args error when they are not what the format says. */
export function chartBytes(args: { format: ChartFormat; data: string }): Buffer {
  return args.format === 'png' ? pngBytes(args.data) : svgBytes(args.data);
}

export async function writeChartFile(path: string, bytes: Buffer): Promise<void> {
  await writeFile(path, bytes);
}
