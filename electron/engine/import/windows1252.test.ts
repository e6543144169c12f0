import { expect, it } from 'vitest';
import { decodeWindows1252 } from './windows1252.js';

it('decodes the 0x80–0x9F block that Excel exports use (smart quotes, €, dashes, …)', () => {
  const bytes = Uint8Array.from([0x93, 0x41, 0x94, 0xa3, 0x96, 0x97, 0x80, 0x85, 0x91, 0x92, 0x9c]);
  expect(decodeWindows1252(bytes)).toBe('\u201cA\u201d£\u2013\u2014€\u2026\u2018\u2019\u0153');
});

it('is Latin-1 outside that block and keeps line breaks where they were', () => {
  const bytes = Uint8Array.from([0x61, 0x0d, 0x0a, 0xe9, 0xff, 0x0a]);
  expect(decodeWindows1252(bytes)).toBe('a\r\né\u00ff\n');
  const big = new Uint8Array(20_000).fill(0xa3);
  expect(decodeWindows1252(big)).toBe('£'.repeat(20_000));
});
