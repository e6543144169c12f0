import { createReadStream } from 'node:fs';

/**
 * The 1-based physical line on which each byte offset of a UTF-8 text file falls, in one
 * streaming pass. DuckDB reports rejected records by offset; counting line breaks turns that
 * into the line an analyst finds in a text editor (DuckDB's own record count drifts on every
 * quoted line break). DuckDB always reads UTF-8 here (Windows-1252 is converted first), so
 * its offsets are offsets into the file it read. `offsets` must be sorted ascending, 0-based.
 * `newline` is the byte that ends a line: \n (also for \r\n files) or \r for old Mac files.
 */
export async function lineNumbers(path: string, offsets: readonly number[], newline: 0x0a | 0x0d): Promise<number[]> {
  const lines: number[] = [];
  if (offsets.length === 0) return lines;
  let start = 0;
  let newlines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    while (lines.length < offsets.length) {
      const at = offsets[lines.length]! - start;
      if (at >= chunk.length) break;
      const to = Math.max(at, from);
      newlines += countByte(chunk, newline, from, to);
      from = to;
      lines.push(newlines + 1);
    }
    if (lines.length === offsets.length) break;
    newlines += countByte(chunk, newline, from, chunk.length);
    start += chunk.length;
  }
  // Offsets past the end (should not happen) land on the last line rather than vanish.
  while (lines.length < offsets.length) lines.push(newlines + 1);
  return lines;
}

function countByte(buf: Buffer, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte, from); i !== -1 && i < to; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}
