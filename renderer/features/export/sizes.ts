/**
 * Print sizes a chart is exported at. Pixels are worked out from millimetres and dots per inch
 * so a PNG placed in Word at its own resolution comes out at exactly the chosen size.
 */

export type PrintSizeId = 'a4-half' | 'a4-full' | 'slide';

export interface PrintSize {
  id: PrintSizeId;
  label: string;
  widthMm: number;
  heightMm: number;
  /** How much larger text and lines are drawn than on paper: a slide is read from across a room. */
  scale: number;
}

/** A4 with 20 mm margins leaves a 170 mm text width; a 16:9 slide is 10 in × 5.63 in. */
export const PRINT_SIZES: readonly PrintSize[] = [
  { id: 'a4-half', label: 'A4 half page (170 × 113 mm)', widthMm: 170, heightMm: 113, scale: 1 },
  { id: 'a4-full', label: 'A4 full width (170 × 240 mm)', widthMm: 170, heightMm: 240, scale: 1 },
  { id: 'slide', label: 'Slide 16:9 (254 × 143 mm)', widthMm: 254, heightMm: 143, scale: 1.4 },
];

export const DEFAULT_SIZE: PrintSizeId = 'a4-half';
/** A board pack's charts: the full 170 mm text width of its A4 pages (20 mm margins), half a page high. */
export const PACK_SIZE: PrintSizeId = 'a4-half';

/** Print resolution of a PNG. */
export const PNG_DPI = 300;
/** CSS pixels: what an SVG's px mean to Word, browsers and Inkscape. */
export const SVG_DPI = 96;

const MM_PER_INCH = 25.4;

export function pixels(mm: number, dpi: number): number {
  return Math.round((mm / MM_PER_INCH) * dpi);
}

export interface PixelSize {
  width: number;
  height: number;
}

export function pixelSize(size: PrintSize, dpi: number): PixelSize {
  return { width: pixels(size.widthMm, dpi), height: pixels(size.heightMm, dpi) };
}

/** Pixels per metre, as a PNG's pHYs chunk records the resolution. */
export function pixelsPerMetre(dpi: number): number {
  return Math.round((dpi / MM_PER_INCH) * 1000);
}

/** The page in drawing units: the 96-dpi size divided by the size's scale (the SVG's viewBox). */
export function drawingSize(size: PrintSize): PixelSize {
  const page = pixelSize(size, SVG_DPI);
  return { width: Math.round(page.width / size.scale), height: Math.round(page.height / size.scale) };
}

export function printSize(id: PrintSizeId): PrintSize {
  const size = PRINT_SIZES.find((s) => s.id === id);
  if (!size) throw new Error(`no print size ${id}`);
  return size;
}
