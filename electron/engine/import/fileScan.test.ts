import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from './fileScan.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reference answer: line of each offset by walking the decoded text one character at a time. */
function naiveLines(text: string, offsetsInUtf8: number[]): number[] {
  const bytes = Buffer.from(text, 'utf8');
  return offsetsInUtf8.map((o) => 1 + bytes.subarray(0, o).filter((b) => b === 0x0a).length);
}

describe('scanFile', () => {
  // About 3 MB so that offsets fall in several 1 MB read chunks, including right at their edges.
  const rows = Array.from({ length: 120_000 }, (_, i) => `${i},Zoë ${i % 13 === 0 ? '\n' : ''}£${i}`);
  const text = `id,v\n${rows.join('\n')}\n`;
  const utf8Size = Buffer.byteLength(text, 'utf8');
  const offsets = [0, 5, 1 << 20, (1 << 20) + 1, 2 << 20, utf8Size - 3, utf8Size - 1];

  it('hashes the file and maps UTF-8 offsets to physical lines across chunks', async () => {
    const path = join(dir, 'utf8.csv');
    writeFileSync(path, text, 'utf8');
    const scan = await scanFile(path, offsets, { encoding: 'utf-8', newline: 0x0a });
    expect(scan.bytes).toBe(utf8Size);
    expect(scan.sha256).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(scan.lines).toEqual(naiveLines(text, offsets));
  });

  it('maps offsets in DuckDB’s decoded text for a Latin-1 file (non-ASCII bytes count twice)', async () => {
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, text, 'latin1');
    const scan = await scanFile(path, offsets, { encoding: 'latin-1', newline: 0x0a });
    expect(scan.bytes).toBe(Buffer.byteLength(text, 'latin1'));
    expect(scan.sha256).toBe(createHash('sha256').update(Buffer.from(text, 'latin1')).digest('hex'));
    expect(scan.lines).toEqual(naiveLines(text, offsets));
  });

  it('returns no lines (just the hash) when asked for none', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a\nb\n');
    expect(await scanFile(path, [], { encoding: 'utf-8', newline: 0x0a })).toEqual({
      sha256: createHash('sha256').update('a\nb\n').digest('hex'),
      bytes: 4,
      lines: [],
    });
  });
});
