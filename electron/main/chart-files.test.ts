import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Envelope, FileRef } from '../contract/index.js';
import type { Engine } from '../engine/types.js';
import { startBridge, type Bridge } from '../bridge/server.js';
import { chartBytes, chartFileName, exportChartDialogOptions } from './chart-files.js';
import { createIpcRouter, type IpcDeps, type SenderInfo } from './ipc.js';

/** Signature, then an IHDR chunk for a 3 × 2 picture (the CRC is not checked), then `extra` bytes. */
function pngLike(extra = 0): Buffer {
  const ihdr = Buffer.alloc(4 + 4 + 13 + 4);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(3, 8);
  ihdr.writeUInt32BE(2, 12);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(extra, 7)]);
}

const SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="643" height="427"><text>Knife crime — 1 Jan 2024</text></svg>';

describe('chart bytes', () => {
  it('decodes a PNG from base64 and keeps an SVG document as UTF-8', () => {
    const png = pngLike(20);
    expect(chartBytes({ format: 'png', data: png.toString('base64') }).equals(png)).toBe(true);
    expect(chartBytes({ format: 'svg', data: SVG }).toString('utf8')).toBe(SVG);
  });

  it('refuses what is not the picture it claims to be', () => {
    const refused = (format: 'png' | 'svg', data: string) => {
      try {
        chartBytes({ format, data });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refused('png', Buffer.from('GIF89a……………………………………………………………………').toString('base64'))).toMatch(/not a PNG image/);
    expect(refused('png', 'not base64!')).toMatch(/not base64/);
    expect(refused('png', SVG)).toMatch(/not base64/);
    expect(refused('svg', pngLike().toString('base64'))).toMatch(/not an SVG document/);
    expect(refused('svg', '<html><svg></svg></html>')).toMatch(/not an SVG document/);
    expect(refused('svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')).toMatch(/script/);
    expect(refused('svg', '<svg xmlns="http://www.w3.org/2000/svg"><rect onload="x()"/></svg>')).toMatch(/script/);
    expect(refused('svg', '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:x()"/></svg>')).toMatch(/script/);
    // A label may say anything: only tags are looked at.
    expect(refused('svg', '<svg xmlns="http://www.w3.org/2000/svg"><text>onset = javascript: &lt;script&gt;</text></svg>')).toBe('accepted');
  });

  it('suggests a plain file name with the format’s extension', () => {
    expect(chartFileName('age-rates 2024-12-31', 'png')).toBe('age-rates 2024-12-31.png');
    expect(chartFileName('../../etc/passwd.svg', 'svg')).toBe('passwd.svg');
    expect(chartFileName('a:b*c?.png', 'svg')).toBe('a_b_c_.svg');
    expect(chartFileName('...', 'png')).toBe('chart.png');
    expect(exportChartDialogOptions('trend', 'svg')).toMatchObject({ defaultPath: 'trend.svg', filters: [{ extensions: ['svg'] }] });
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-chart-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('files.exportChart in main', () => {
  const ours: SenderInfo = { frameUrl: 'app://sv/index.html', webContentsId: 3 };
  function setup(answer: string | null) {
    const engine = {
      call: vi.fn(async (): Promise<Envelope> => ({ ok: true, value: null })),
      registerFile: vi.fn(),
      planTableExport: vi.fn(),
      exportTable: vi.fn(),
      planBoardPack: vi.fn(),
      exportBoardPack: vi.fn(),
    };
    const deps = {
      engine,
      mainWebContentsId: () => 3,
      pickImportPath: vi.fn(),
      saveProfilePath: vi.fn(),
      openProfilePath: vi.fn(),
      saveQueryPath: vi.fn(),
      openQueryPath: vi.fn(),
      saveChartPath: vi.fn(async (_fileName: string, _format: string) => answer),
      saveTablePath: vi.fn(),
      saveBoardPackPath: vi.fn(),
      log: () => undefined,
    } satisfies IpcDeps;
    return { deps, engine, router: createIpcRouter(deps) };
  }

  it('writes the decoded PNG where the analyst chose, never asking the engine', async () => {
    const target = join(dir, 'main.png');
    const png = pngLike(100);
    const { router, deps, engine } = setup(target);
    const res = await router.invoke('files.exportChart', ours, { format: 'png', fileName: 'age-rates', data: png.toString('base64') });
    expect(res).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    expect(deps.saveChartPath).toHaveBeenCalledWith('age-rates.png', 'png');
    expect(readFileSync(target).equals(png)).toBe(true);
    expect(engine.call).not.toHaveBeenCalled();
    expect(engine.exportTable).not.toHaveBeenCalled();
  });

  it('cancelled: saved false; bad bytes fail before any dialog', async () => {
    expect(await setup(null).router.invoke('files.exportChart', ours, { format: 'svg', fileName: 'x', data: SVG })).toEqual({
      ok: true,
      value: { saved: false },
    });
    const { router, deps } = setup(join(dir, 'never.svg'));
    const res = await router.invoke('files.exportChart', ours, { format: 'svg', fileName: 'x', data: '<html></html>' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(deps.saveChartPath).not.toHaveBeenCalled();
    expect(readdirSync(dir)).not.toContain('never.svg');
  });
});

describe('files.exportChart through the bridge', () => {
  const engine: Engine = {
    workspaceName: 'test',
    async handle() {
      throw new Error('a chart is never sent to the engine');
    },
    registerFile(): FileRef {
      throw new Error('no');
    },
    planTableExport() {
      throw new Error('a chart is not a table');
    },
    exportTable() {
      throw new Error('a chart is not a table');
    },
    planBoardPack() {
      throw new Error('a chart is not a pack');
    },
    exportBoardPack() {
      throw new Error('a chart is not a pack');
    },
    async close() {},
  };
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge({ engine, uploadDir: join(dir, 'up'), testControls: true });
  });
  afterAll(() => bridge.close());
  const post = async (path: string, body: unknown) =>
    (
      await fetch(`${bridge.url}${path}`, {
        method: 'POST',
        headers: { 'x-sv-token': bridge.token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).json();

  it('takes a print-size PNG (over the usual 1 MB request cap) to the queued path, else into exports/', async () => {
    const big = pngLike(3 << 20);
    const chosen = join(dir, 'queued.png');
    await post('/__test/dialog', { channel: 'files.exportChart', path: chosen });
    expect(await post('/api/files.exportChart', { format: 'png', fileName: 'trend', data: big.toString('base64') })).toEqual({
      ok: true,
      value: { saved: true, savedTo: chosen },
    });
    expect(readFileSync(chosen).equals(big)).toBe(true);
    expect(await post('/api/files.exportChart', { format: 'svg', fileName: 'trend', data: SVG })).toEqual({
      ok: true,
      value: { saved: true, savedTo: join(dir, 'exports', 'trend.svg') },
    });
    await post('/__test/dialog', { channel: 'files.exportChart', path: null });
    expect(await post('/api/files.exportChart', { format: 'svg', fileName: 'trend', data: SVG })).toEqual({ ok: true, value: { saved: false } });
  });

  it('refuses bad bytes without taking the queued answer', async () => {
    const chosen = join(dir, 'kept-for-next.svg');
    await post('/__test/dialog', { channel: 'files.exportChart', path: chosen });
    expect((await post('/api/files.exportChart', { format: 'svg', fileName: 'x', data: '<svg><script/></svg>' })).error.code).toBe('invalid_args');
    expect(await post('/api/files.exportChart', { format: 'svg', fileName: 'x', data: SVG })).toEqual({ ok: true, value: { saved: true, savedTo: chosen } });
  });
});
