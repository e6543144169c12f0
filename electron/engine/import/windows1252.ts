/**
 * Windows-1252 → text. Node's own TextDecoder('windows-1252') drops bytes 0x80–0x9F in its
 * one-shot decode on some releases (nodejs/node#56542; seen here on 20.20, where only the
 * streaming mode is right), losing exactly the smart quotes, € and dashes that
 * Excel-exported extracts carry. A 32-entry table is cheaper than depending on which path works. Bytes outside 0x80–0x9F
 * are Latin-1; the five bytes Windows-1252 leaves undefined map to the C1 control of the same
 * value, as the WHATWG encoding standard does.
 */
const HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

const TABLE: string[] = Array.from({ length: 256 }, (_, b) =>
  String.fromCharCode(b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80]! : b),
);

/** Decodes a chunk; Windows-1252 is one byte per character, so chunks never split a character. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const step = 8192;
  for (let i = 0; i < bytes.length; i += step) {
    const part = bytes.subarray(i, i + step);
    const chars = new Array<string>(part.length);
    for (let j = 0; j < part.length; j++) chars[j] = TABLE[part[j]!]!;
    out += chars.join('');
  }
  return out;
}
