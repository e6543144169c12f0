import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Encoding } from '../../contract/index.js';
import type { Job } from './jobs.js';
import { decodeWindows1252 } from './windows1252.js';

/** The encoding a text file was read in, as the preview reports it. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export interface SourceText {
  encoding: TextEncoding;
  /** UTF-8 text with the same lines as the file: the file itself, or a converted copy in staging. */
  csvPath: string;
  /** Of the ORIGINAL file: what provenance records. */
  sha256: string;
  bytes: number;
}

const CHUNK = 1 << 20;
const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Reads the file once to hash it and, for 'auto', to check that ALL of it is valid UTF-8 (a
 * stray £ saved by Excel can sit a million rows down). Windows-1252 text, which DuckDB cannot
 * read, is converted into `dir` as UTF-8; a UTF-8 file (with or without BOM: DuckDB skips a
 * BOM itself) is read where it is. Line breaks are all ASCII, so lines stay the file's lines.
 * A BOM settles the encoding whatever was asked: the file says what it is.
 */
export async function prepareText(path: string, requested: Encoding | undefined, dir: string, job: Job): Promise<SourceText> {
  const want = requested ?? 'auto';
  let bom = false;
  let utf8 = want !== 'windows-1252';
  const checker = new TextDecoder('utf-8', { fatal: true });
  const check = (chunk: Buffer, last: boolean) => {
    try {
      checker.decode(chunk, { stream: !last });
    } catch {
      utf8 = false;
    }
  };
  const { sha256, bytes } = await readChunks(path, job, 'Reading file', (chunk, first) => {
    if (first) bom = BOM.every((b, i) => chunk[i] === b);
    if (want === 'auto' && !bom && utf8) check(chunk, false);
  });
  if (want === 'auto' && !bom && utf8) check(Buffer.alloc(0), true);
  if (bom) return { encoding: 'utf-8-bom', csvPath: path, sha256, bytes };
  if (want === 'utf-8' || utf8) return { encoding: 'utf-8', csvPath: path, sha256, bytes };

  const csvPath = join(dir, 'source.csv');
  const fd = openSync(csvPath, 'w');
  try {
    await readChunks(path, job, 'Converting encoding', (chunk) => {
      writeSync(fd, decodeWindows1252(chunk));
    });
  } finally {
    closeSync(fd);
  }
  return { encoding: 'windows-1252', csvPath, sha256, bytes };
}

/** SHA-256 and size of a file, read in chunks that a cancel can stop between. */
export async function hashFile(path: string, job: Job, stage: string): Promise<{ sha256: string; bytes: number }> {
  return readChunks(path, job, stage, () => undefined);
}

async function readChunks(
  path: string,
  job: Job,
  stage: string,
  each: (chunk: Buffer, first: boolean) => void,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  const size = Math.max(1, statSync(path).size);
  let bytes = 0;
  job.stage(stage, 0);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    job.checkCancelled();
    hash.update(chunk);
    each(chunk, bytes === 0);
    bytes += chunk.length;
    job.stage(stage, Math.min(100, (100 * bytes) / size));
  }
  return { sha256: hash.digest('hex'), bytes };
}
