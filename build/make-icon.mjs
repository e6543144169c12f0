#!/usr/bin/env node
/**
 * Draws build/icon.png (512×512): a rounded navy tile with a rising bar chart. Plain Node (zlib),
 * so the icon can be regenerated offline: `node build/make-icon.mjs`. electron-builder derives the
 * Windows .ico, macOS .icns and Linux sizes from it.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const navy = [29, 53, 87, 255];
const white = [241, 250, 238, 255];
const red = [230, 57, 70, 255];
const clear = [0, 0, 0, 0];

function insideRoundedSquare(x, y, inset, radius) {
  const lo = inset;
  const hi = SIZE - inset;
  if (x < lo || x >= hi || y < lo || y >= hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

// x from, x to, top y (bars stand on y = 400)
const bars = [
  [96, 156, 300, white],
  [186, 246, 240, white],
  [276, 336, 170, white],
  [366, 426, 110, red],
];

function pixel(x, y) {
  if (!insideRoundedSquare(x, y, 24, 96)) return clear;
  for (const [x0, x1, top, colour] of bars) if (x >= x0 && x < x1 && y >= top && y < 400) return colour;
  if (y >= 408 && y < 420 && x >= 76 && x < 446) return white;
  return navy;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0;
  for (let x = 0; x < SIZE; x++) Buffer.from(pixel(x, y)).copy(raw, y * (SIZE * 4 + 1) + 1 + x * 4);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
