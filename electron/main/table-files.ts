import type { SaveDialogOptions } from 'electron';
import { z } from 'zod';
import type { TableFormat } from '../contract/index.js';
import { saveDialogOptions } from './shared-files.js';

/**
 * Result tables saved as files (files.exportTable): main shows the save dialog and the engine
 * writes the file there, so the renderer never names a path. No Electron at run time: the
 * loopback bridge uses the same helpers.
 */

const FILTERS: Record<TableFormat, { name: string; extensions: string[] }> = {
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
  csv: { name: 'CSV (comma separated, UTF-8)', extensions: ['csv'] },
};

export function exportTableDialogOptions(fileName: string, format: TableFormat): SaveDialogOptions {
  return saveDialogOptions(format === 'xlsx' ? 'Save the table as an Excel workbook' : 'Save the table as CSV', fileName, [FILTERS[format]]);
}

/** What the engine answers before the dialog (see electron/engine/export/write.ts planTableExport). */
export const TablePlan = z.object({ fileName: z.string().min(1) });
