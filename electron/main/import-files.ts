import { stat } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import type { OpenDialogOptions } from 'electron';
import { EngineError } from '../contract/index.js';

/** What the analyst may import: delimited text extracts and Excel workbooks. */
export const IMPORT_EXTENSIONS = ['csv', 'txt', 'tsv', 'xlsx'] as const;

export function importDialogOptions(): OpenDialogOptions {
  return {
    title: 'Open an extract',
    properties: ['openFile'],
    filters: [{ name: 'Extracts (CSV, TSV, TXT, XLSX)', extensions: [...IMPORT_EXTENSIONS] }],
  };
}

export function hasImportExtension(path: string): boolean {
  const ext = extname(path).slice(1).toLowerCase();
  return (IMPORT_EXTENSIONS as readonly string[]).includes(ext);
}

/**
 * A dropped file's path comes from the renderer's process, so it is checked like any other
 * untrusted input before the engine may open it: absolute, an allowed extension, and an
 * existing regular file (following links, so a link to a folder or device is refused).
 */
export async function checkDroppedPath(path: unknown): Promise<string> {
  if (typeof path !== 'string' || path === '' || path.includes('\0') || !isAbsolute(path)) {
    throw new EngineError('invalid_args', 'files.registerDropped: expected the absolute path of a dropped file');
  }
  if (!hasImportExtension(path)) {
    throw new EngineError('invalid_args', `Only ${IMPORT_EXTENSIONS.map((e) => `.${e}`).join(', ')} files can be imported`);
  }
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch {
    throw new EngineError('not_found', 'The dropped file no longer exists');
  }
  if (!isFile) throw new EngineError('not_found', 'The dropped item is not a regular file');
  return path;
}
