import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lineNumbers } from './fileScan.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reference answer: line of each offset by walking the decoded text one character at a time. */
function naiveLines(text: string, offsetsInUtf8: number[]): number[] {
  const bytes = Buffer.from(text, 'utf8');
  return offsetsInUtf8.map((o) => 1 + bytes.subarray(0, o).filter((b) => b === 0x0a).length);
}

describe('lineNumbers', () => {
  // About 3 MB so that offsets fall in several 1 MB read chunks, including right at their edges.
  const rows = Array.from({ length: 120_000 }, (_, i) => `${i},Zoë ${i % 13 === 0 ? '\n' : ''}£${i}`);
  const text = `id,v\n${rows.join('\n')}\n`;
  const utf8Size = Buffer.byteLength(text, 'utf8');
  const offsets = [0, 5, 1 << 20, (1 << 20) + 1, 2 << 20, utf8Size - 3, utf8Size - 1];

  it('maps UTF-8 byte offsets to physical lines across read chunks', async () => {
    const path = join(dir, 'utf8.csv');
    writeFileSync(path, text, 'utf8');
    expect(await lineNumbers(path, offsets, 0x0a)).toEqual(naiveLines(text, offsets));
  });

  it('counts \\r as the line end of an old Mac file', async () => {
    const path = join(dir, 'mac.csv');
    writeFileSync(path, 'a\rb\rc\r');
    expect(await lineNumbers(path, [0, 2, 4], 0x0d)).toEqual([1, 2, 3]);
  });

  it('puts an offset past the end on the last line, and answers nothing for no offsets', async () => {
    const path = join(dir, 'small.csv');
    writeFileSync(path, 'a\nb\n');
    expect(await lineNumbers(path, [], 0x0a)).toEqual([]);
    expect(await lineNumbers(path, [2, 99], 0x0a)).toEqual([2, 3]);
  });
});
