/**
 * What a board pack needs to know of a chart PNG the renderer made: that it is a PNG at all
 * (the bytes came over IPC), its pixel size from IHDR, and its resolution from pHYs, so the
 * picture is placed in Word at the physical size it was drawn for.
 */

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The export panel draws print charts at 300 dpi; a PNG without pHYs is taken to be that. */
export const DEFAULT_DPI = 300;

export interface PngInfo {
  width: number;
  height: number;
  dpi: number;
}

const chunkType = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at + 4, at + 8));

/** Pixel size and resolution; null when the bytes are not a PNG. */
export function pngInfo(bytes: Uint8Array): PngInfo | null {
  if (bytes.length < 33 || !SIGNATURE.every((b, i) => bytes[i] === b) || chunkType(bytes, 8) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (!width || !height) return null;
  let dpi = DEFAULT_DPI;
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = chunkType(bytes, at);
    // pHYs unit 1 is the metre; unit 0 gives only the aspect ratio.
    if (type === 'pHYs' && at + 17 <= bytes.length && bytes[at + 16] === 1) {
      const perMetre = view.getUint32(at + 8);
      if (perMetre > 0) {
        // pHYs holds whole pixels per metre (300 dpi is 11,811): a whole dpi that rounds to it is the one meant.
        const whole = Math.round((perMetre * 25.4) / 1000);
        dpi = Math.round((whole / 25.4) * 1000) === perMetre ? whole : (perMetre * 25.4) / 1000;
      }
      break;
    }
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return { width, height, dpi };
}
