import { open } from 'node:fs/promises';
import { EngineError } from '../../contract/index.js';
import type { RegisteredFile } from '../workspace/workspace.js';

export type TextEncoding = 'utf-8' | 'latin-1';

export interface FileProbe {
  encoding: TextEncoding;
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

/**
 * Looks at the opening megabyte before DuckDB does, to turn away what is not CSV text with
 * words an analyst understands, and to pick the encoding: Excel and many case systems still
 * save Latin-1 / Windows-1252, which is not valid UTF-8.
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
  if (size === 0 || head.toString('latin1').trim() === '') throw fail(file, 'the file is empty');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    throw fail(file, 'this is an Excel workbook or other zip file, not CSV; save it as "CSV UTF-8" and choose it again');
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw fail(file, 'the file is saved as UTF-16 text; save it as "CSV UTF-8" and choose it again');
  }
  if (head.includes(0)) throw fail(file, 'this does not look like a CSV file (it contains binary data)');
  const hasDoubleQuote = head.includes(0x22);
  return {
    encoding: isUtf8(head, head.length === size) ? 'utf-8' : 'latin-1',
    hasDoubleQuote,
    hasQuotedField: hasDoubleQuote && QUOTED_FIELD.test(head.toString('latin1')),
  };
}

function isUtf8(bytes: Buffer, complete: boolean): boolean {
  try {
    // stream: true lets a character cut at the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}
