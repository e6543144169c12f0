import { writeFile } from 'node:fs/promises';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { QUERY_FILE_MAX_CHARS, type QueryFile } from '../contract/index.js';
import { openDialogOptions, readSmallTextFile, saveDialogOptions } from './shared-files.js';

/**
 * The analyst's own saved queries as files to share: the dialog options and reading and writing
 * the bytes. Reading only gets the text to the engine (`library.import`), which checks it with
 * the library's loader and guard before anything uses it. No Electron at run time: the loopback
 * bridge uses the same helpers.
 */

const sqlFilter = [{ name: 'SV Workbench query (SQL)', extensions: ['sql'] }];

export function exportQueryDialogOptions(fileName: string): SaveDialogOptions {
  return saveDialogOptions('Save the query to share', fileName, sqlFilter);
}

export function importQueryDialogOptions(): OpenDialogOptions {
  return openDialogOptions('Open a query file', sqlFilter);
}

/** The chosen file's name and text; anything over QUERY_FILE_MAX_CHARS bytes is refused unread. */
export function readQueryFile(path: string): Promise<QueryFile> {
  return readSmallTextFile(path, QUERY_FILE_MAX_CHARS, 'a query file');
}

/** Writes the entry's file exactly as the user library holds it. */
export async function writeQueryFile(path: string, file: QueryFile): Promise<void> {
  await writeFile(path, file.text, 'utf8');
}
