import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { EngineError } from '../contract/index.js';

/**
 * What every file the analyst shares (mapping profiles, query files, exports) goes through: the
 * dialogs' options, and reading a small text file that came from outside (e-mail, a shared
 * drive) with its size capped before a byte is read. No Electron at run time: the loopback
 * bridge uses the same helpers.
 */

export function saveDialogOptions(title: string, defaultPath: string, filters: FileFilter[]): SaveDialogOptions {
  return { title, defaultPath, filters, properties: ['createDirectory', 'showOverwriteConfirmation'] };
}

export function openDialogOptions(title: string, filters: FileFilter[]): OpenDialogOptions {
  return { title, properties: ['openFile'], filters };
}

/** The chosen file's name and text; a file over `maxBytes` is refused unread, naming `what` it should be. */
export async function readSmallTextFile(path: string, maxBytes: number, what: string): Promise<{ fileName: string; text: string }> {
  const fileName = basename(path);
  const fail = (why: string) => new EngineError('import_failed', `${fileName}: ${why}`);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw fail('is not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('not_found', `${fileName}: file not found`);
  }
  if (size > maxBytes) throw fail(`is ${size.toLocaleString('en-GB')} bytes; ${what} is at most 1 MB`);
  return { fileName, text: await readFile(path, 'utf8') };
}
