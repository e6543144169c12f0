/**
 * Puts a PNG on the clipboard for pasting into Word or PowerPoint. The picture is handed over as
 * a promise so the write starts inside the click (browsers refuse a clipboard write that comes
 * after the click's moment has passed, and drawing at 300 dpi takes a moment).
 */
export async function copyPicture(png: Promise<Blob>): Promise<void> {
  if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) {
    png.catch(() => undefined); // not wanted now: its failure must not go unhandled
    throw new Error('this window cannot put pictures on the clipboard. Save the chart as PNG and insert the file instead.');
  }
  try {
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
  } catch (err) {
    // The picture's own failure says what went wrong; a refusal is the clipboard's.
    await png;
    const name = err instanceof DOMException ? err.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') {
      throw new Error('copying was refused: this window may not write to the clipboard. Save the chart as PNG and insert the file instead.');
    }
    throw err;
  }
}
