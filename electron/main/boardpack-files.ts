import type { SaveDialogOptions } from 'electron';
import { z } from 'zod';
import { saveDialogOptions } from './shared-files.js';

/**
 * Board packs saved as Word documents (files.exportBoardPack): main shows the save dialog and the
 * engine writes the .docx there, so the renderer never names a path. No Electron at run time:
 * the loopback bridge uses the same helpers.
 */

export function exportBoardPackDialogOptions(fileName: string): SaveDialogOptions {
  return saveDialogOptions('Save the board pack as a Word document', fileName, [{ name: 'Word document', extensions: ['docx'] }]);
}

/** What the engine answers before the dialog (electron/engine/export/boardPack.ts planBoardPack). */
export const BoardPackPlan = z.object({ fileName: z.string().min(1) });
