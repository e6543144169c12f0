import type { ImportOptions, ImportPreview, MappingProfile } from '../../../electron/contract/index.js';

export const ENCODING_WORDS: Record<ImportPreview['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'windows-1252': 'Windows-1252',
};

/** Delimiters the analyst can force when the sniffer guessed wrong. */
export const DELIMITER_CHOICES: readonly string[] = [',', ';', '\t', '|'];

type Read = MappingProfile['read'];

/** How this extract was read, as a profile records it so next month's file is read the same way. */
export function readOfPreview(preview: ImportPreview): Read {
  if (preview.format === 'xlsx') {
    return preview.sheet ? { sheet: preview.sheet, headerRow: preview.headerRow } : { headerRow: preview.headerRow };
  }
  // The encoding is left out, as the engine's proposal leaves it out: it is detected afresh each
  // month (BOM, valid UTF-8, else Windows-1252), which also reads a month of plain ASCII right.
  return { headerRow: preview.headerRow, delimiter: preview.delimiter };
}

/**
 * The read options a profile asks for that differ from how the extract was read, merged into
 * the current options — or null when the extract was already read the profile's way.
 */
export function rereadFor(read: Read, preview: ImportPreview, current: ImportOptions): ImportOptions | null {
  const next: ImportOptions = { ...current };
  let differs = false;
  if (preview.format === 'xlsx' && read.sheet && read.sheet !== preview.sheet && preview.sheets.includes(read.sheet)) {
    next.sheet = read.sheet;
    differs = true;
  }
  if (read.headerRow && read.headerRow !== preview.headerRow) {
    next.headerRow = read.headerRow;
    differs = true;
  }
  if (preview.format === 'csv') {
    if (read.delimiter && read.delimiter !== preview.delimiter) {
      next.delimiter = read.delimiter;
      differs = true;
    }
    const isUtf8 = preview.encoding !== 'windows-1252';
    if ((read.encoding === 'windows-1252' && isUtf8) || (read.encoding === 'utf-8' && !isUtf8)) {
      next.encoding = read.encoding;
      differs = true;
    }
  }
  return differs ? next : null;
}
