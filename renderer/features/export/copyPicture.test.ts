import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyPicture } from './copyPicture.js';

class FakeClipboardItem {
  constructor(readonly items: Record<string, Promise<Blob>>) {}
}

const png = () => Promise.resolve(new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }));

afterEach(() => vi.unstubAllGlobals());

describe('copying the chart', () => {
  it('hands the clipboard one PNG item, as a promise started inside the click', async () => {
    const write = vi.fn(async (_items: FakeClipboardItem[]) => undefined);
    vi.stubGlobal('ClipboardItem', FakeClipboardItem);
    vi.stubGlobal('navigator', { clipboard: { write } });
    await copyPicture(png());
    const [items] = write.mock.calls[0] ?? [];
    expect(items).toHaveLength(1);
    expect(Object.keys(items?.[0]?.items ?? {})).toEqual(['image/png']);
  });

  it('says plainly when the window may not write to the clipboard (Electron denies the permission)', async () => {
    vi.stubGlobal('ClipboardItem', FakeClipboardItem);
    vi.stubGlobal('navigator', {
      clipboard: { write: async () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
    });
    await expect(copyPicture(png())).rejects.toThrow(/copying was refused: .* Save the chart as PNG/);
  });

  it('reports the picture’s own failure, and a window without the clipboard API', async () => {
    vi.stubGlobal('ClipboardItem', FakeClipboardItem);
    vi.stubGlobal('navigator', { clipboard: { write: async () => Promise.reject(new DOMException('x', 'NotAllowedError')) } });
    await expect(copyPicture(Promise.reject(new Error('the picture could not be made')))).rejects.toThrow('the picture could not be made');
    vi.stubGlobal('navigator', {});
    await expect(copyPicture(png())).rejects.toThrow(/cannot put pictures on the clipboard/);
  });
});
