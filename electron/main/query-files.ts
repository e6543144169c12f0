import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { EngineError, QUERY_FILE_MAX_CHARS, type QueryFile } from '../contract/index.js';

/**
 * The analyst's own saved queries as files to share: the dialog options and reading and writing
 * the bytes. Reading only gets the text to the engine (`library.import`), which checks it with
 * the library's loader and guard before anything uses it. No Electron at run time: the loopback
 * bridge uses the same helpers.
 */

const sqlFilter = [{ name: 'SV Workbench query (SQL)', extensions: ['sql'] }];

export function exportQueryDialogOptions(fileName: string): SaveDialogOptions {
  return {
    title: 'Save the query to share',
    defaultPath: fileName,
    filters: sqlFilter,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
}

export function importQueryDialogOptions(): OpenDialogOptions {
  return { title: 'Open a query file', properties: ['openFile'], filters: sqlFilter };
}

const fail = (fileName: string, why: string) => new EngineError('import_failed', `${fileName}: ${why}`);

/** The chosen file's name and text; anything over QUERY_FILE_MAX_CHARS bytes is refused unread. */
export async function readQueryFile(path: string): Promise<QueryFile> {
  const fileName = basename(path);
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw fail(fileName, 'is not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof EngineError) throw err;
    throw new EngineError('not_found', `${fileName}: file not found`);
  }
  if (size > QUERY_FILE_MAX_CHARS) {
    throw fail(fileName, `is ${size.toLocaleString('en-GB')} bytes; a query file is at most 1 MB`);
  }
  return { fileName, text: await readFile(path, 'utf8') };
}

/** Writes the entry's file exactly as the user library holds it. */
export async function writeQueryFile(path: string, file: QueryFile): Promise<void> {
  await writeFile(path, file.text, 'utf8');
}
