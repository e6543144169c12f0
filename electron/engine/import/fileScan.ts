import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { TextEncoding } from './probe.js';

export interface FileScan {
  sha256: string;
  bytes: number;
  /** 1-based physical line of each requested offset, in the order requested. */
  lines: number[];
}

export interface ScanOptions {
  encoding: TextEncoding;
  /** The byte that ends a line: \n (also for \r\n files) or \r for old Mac files. */
  newline: 0x0a | 0x0d;
}

/**
 * One streaming pass over the file: its SHA-256 (provenance) and the physical line on which
 * each of the given offsets falls. DuckDB reports rejects by byte offset into the text it
 * decoded, so for Latin-1 every byte ≥ 0x80 counts twice (it became two UTF-8 bytes).
 * `offsets` must be sorted ascending and 0-based.
 */
export async function scanFile(path: string, offsets: readonly number[], opts: ScanOptions): Promise<FileScan> {
  const hash = createHash('sha256');
  const lines: number[] = [];
  let decodedPos = 0;
  let newlines = 0;
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    if (lines.length < offsets.length) {
      if (opts.encoding === 'utf-8') {
        ({ newlines, decodedPos } = locateUtf8(chunk, decodedPos, newlines, offsets, lines, opts.newline));
      } else {
        ({ newlines, decodedPos } = locateLatin1(chunk, decodedPos, newlines, offsets, lines, opts.newline));
      }
    }
  }
  // Offsets past the end (should not happen) land on the last line rather than vanish.
  while (lines.length < offsets.length) lines.push(newlines + 1);
  return { sha256: hash.digest('hex'), bytes, lines };
}

function countByte(buf: Buffer, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(byte, from); i !== -1 && i < to; i = buf.indexOf(byte, i + 1)) n++;
  return n;
}

function locateUtf8(
  chunk: Buffer,
  start: number,
  newlines: number,
  offsets: readonly number[],
  lines: number[],
  nl: number,
) {
  let from = 0;
  while (lines.length < offsets.length) {
    const at = offsets[lines.length]! - start;
    if (at >= chunk.length) break;
    const to = Math.max(at, from);
    newlines += countByte(chunk, nl, from, to);
    from = to;
    lines.push(newlines + 1);
  }
  newlines += countByte(chunk, nl, from, chunk.length);
  return { newlines, decodedPos: start + chunk.length };
}

function locateLatin1(
  chunk: Buffer,
  start: number,
  newlines: number,
  offsets: readonly number[],
  lines: number[],
  nl: number,
) {
  let pos = start;
  for (let i = 0; i < chunk.length; i++) {
    while (lines.length < offsets.length && offsets[lines.length]! <= pos) lines.push(newlines + 1);
    const b = chunk[i]!;
    if (b === nl) newlines++;
    pos += b >= 0x80 ? 2 : 1;
  }
  return { newlines, decodedPos: pos };
}
