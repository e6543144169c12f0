import { open } from 'node:fs/promises';
import { EngineError } from '../../contract/index.js';
import type { RegisteredFile } from '../workspace/workspace.js';

/** What the file holds, by its content (not its name: systems save text as .xls, too). */
export type SourceFormat = 'csv' | 'xlsx';

export interface FileProbe {
  format: SourceFormat;
  /** Whether the opening of the file contains a double quote at all. */
  hasDoubleQuote: boolean;
  /** Whether it has a whole field wrapped in double quotes ("Smith, J"): RFC 4180 quoting is in use. */
  hasQuotedField: boolean;
}

// A field that opens with a quote right after a delimiter (or at a line start) and closes
// right before one (or a line end), "" allowed inside.
const QUOTED_FIELD = /(^|[,;\t|])"(?:[^"]|"")*"(?=[,;\t|]|\r?\n|$)/m;

const HEAD_BYTES = 1 << 20;

const fail = (file: RegisteredFile, why: string) => new EngineError('import_failed', `${file.name}: ${why}`);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (head: Buffer, magic: readonly number[]) => magic.every((b, i) => head[i] === b);
const RESAVE = 'open it in Excel and save it as .xlsx or as "CSV UTF-8", then choose it again';

/**
 * Looks at the opening megabyte before anything else does, to tell an Excel workbook from
 * text and to turn away what is neither with words an analyst understands. The encoding is
 * settled later, over the whole file (encoding.ts).
 */
export async function probeFile(file: RegisteredFile): Promise<FileProbe> {
  let head: Buffer;
  let size: number;
  try {
    const handle = await open(file.path, 'r');
    try {
      size = (await handle.stat()).size;
      const buf = Buffer.alloc(Math.min(size, HEAD_BYTES));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(file, code === 'ENOENT' ? 'the file no longer exists' : `the file cannot be read (${code ?? 'unknown error'})`);
  }
  const none = { hasDoubleQuote: false, hasQuotedField: false };
  if (startsWith(head, ZIP)) return { format: 'xlsx', ...none };
  if (startsWith(head, OLE2)) throw fail(file, `this is an old-style Excel file (.xls), which cannot be read; ${RESAVE}`);
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '');
  if (size === 0 || text.trim() === '') throw fail(file, 'the file is empty');
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw fail(file, 'the file is saved as UTF-16 text; save it as "CSV UTF-8" and choose it again');
  }
  if (head.includes(0)) throw fail(file, 'this does not look like a CSV file (it contains binary data)');
  if (/^\s*<(!doctype html|html|table)\b/i.test(text)) {
    throw fail(file, `this is a web page (HTML) saved under a spreadsheet name, not CSV; ${RESAVE}`);
  }
  const hasDoubleQuote = head.includes(0x22);
  return { format: 'csv', hasDoubleQuote, hasQuotedField: hasDoubleQuote && QUOTED_FIELD.test(text) };
}
