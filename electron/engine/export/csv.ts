import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Cell } from '../../contract/index.js';
import { neutralise, type ExportTable } from './table.js';

/**
 * A result as a CSV file for Excel on a Windows laptop: UTF-8 with a byte-order mark (without
 * it Excel reads the file as Windows-1252 and mangles names), CRLF line ends, RFC 4180 quoting,
 * the header row first. Numbers unrounded, dates ISO (Excel recognises them), booleans
 * true/false, NULL an empty field, a hidden cell `[c]`, formula-like text neutralised. The file
 * holds the table only; the rule applied is reported by whoever asked for the file.
 */

const BOM = '\uFEFF';
const EOL = '\r\n';

export function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (Cell | undefined)[]): string {
  return cells.map(csvField).join(',') + EOL;
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes the table to `path`, one batch at a time, waiting for the disk when it falls behind. */
export async function writeCsv(path: string, table: ExportTable): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  try {
    await Promise.race([write(out, BOM + csvLine(table.columns.map((c) => c.name))), failed]);
    for await (const batch of table.batches) {
      await Promise.race([write(out, batch.map(csvLine).join('')), failed]);
    }
    out.end();
    // 'close', not 'finish': the file must be closed before it is renamed into place (Windows).
    await Promise.race([once(out, 'close'), failed]);
  } finally {
    if (!out.closed) out.destroy();
  }
}
