import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channels, ipcName, type Envelope } from '../contract/index.js';
import { createIpcRouter, isTrustedSender, registerIpcHandlers, type IpcDeps, type SenderInfo } from './ipc.js';
import { DROPPED_FILE_IPC } from './shell-ipc.js';

const MAIN_ID = 7;
const ours: SenderInfo = { frameUrl: 'app://sv/index.html', webContentsId: MAIN_ID };
const fileRef = { token: 'f1', name: 'crimes.csv', sizeBytes: 12 };

function setup(pick: string | null = null) {
  const engine = {
    call: vi.fn(async (_channel: string, args: unknown): Promise<Envelope> => ({ ok: true, value: { echoed: args } })),
    registerFile: vi.fn(async (_path: string): Promise<Envelope> => ({ ok: true, value: fileRef })),
  };
  const deps: IpcDeps = {
    engine,
    mainWebContentsId: () => MAIN_ID,
    pickImportPath: vi.fn(async () => pick),
    log: () => undefined,
  };
  return { engine, deps, router: createIpcRouter(deps) };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sv-ipc-'));
  writeFileSync(join(dir, 'crimes.csv'), 'a,b\n1,2\n');
  writeFileSync(join(dir, 'CRIMES.TSV'), 'a\tb\n1\t2\n');
  writeFileSync(join(dir, 'notes.docx'), 'x');
  mkdirSync(join(dir, 'folder.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sender check', () => {
  it('accepts only our app:// page in the main window', () => {
    expect(isTrustedSender(ours, MAIN_ID)).toBe(true);
    expect(isTrustedSender({ frameUrl: 'app://sv/index.html', webContentsId: 8 }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.example/', webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'file:///tmp/x.html', webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender({ frameUrl: null, webContentsId: MAIN_ID }, MAIN_ID)).toBe(false);
    expect(isTrustedSender(ours, null)).toBe(false);
  });

  it('refuses a foreign frame without touching the engine', async () => {
    const { router, engine } = setup();
    const foreign = { frameUrl: 'https://evil.example/', webContentsId: MAIN_ID };
    await expect(router.invoke('workspace.info', foreign, {})).rejects.toThrow(/untrusted frame/);
    await expect(router.registerDropped(foreign, { path: join(dir, 'crimes.csv') })).rejects.toThrow(/untrusted frame/);
    await expect(router.invoke('workspace.info', { ...ours, webContentsId: 99 }, {})).rejects.toThrow(/untrusted/);
    expect(engine.call).not.toHaveBeenCalled();
    expect(engine.registerFile).not.toHaveBeenCalled();
  });
});

describe('engine channels', () => {
  it('answers invalid arguments with invalid_args and does not forward them', async () => {
    const { router, engine } = setup();
    const bad = await router.invoke('grid.rows', ours, { source: { table: 'crimes' }, startRow: -1, endRow: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid_args');
    const extra = await router.invoke('workspace.info', ours, { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const missing = await router.invoke('query.cancel', ours, {});
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(engine.call).not.toHaveBeenCalled();
  });

  it('forwards valid arguments, with contract defaults applied, and returns the engine envelope', async () => {
    const { router, engine } = setup();
    const res = await router.invoke('query.run', ours, { queryId: 'knife-crime-trend', runId: 'r1' });
    expect(engine.call).toHaveBeenCalledWith('query.run', { queryId: 'knife-crime-trend', runId: 'r1', params: {} });
    expect(res).toEqual({ ok: true, value: { echoed: { queryId: 'knife-crime-trend', runId: 'r1', params: {} } } });
    expect(await router.invoke('workspace.info', ours, undefined)).toEqual({ ok: true, value: { echoed: {} } });
  });

  it('turns an engine failure into an envelope', async () => {
    const { router, engine } = setup();
    engine.call.mockRejectedValueOnce(new Error('port closed'));
    expect(await router.invoke('library.list', ours, {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'port closed' },
    });
  });
});

describe('files.pickImport', () => {
  it('returns null when the dialog is cancelled', async () => {
    const { router, engine } = setup(null);
    expect(await router.invoke('files.pickImport', ours, {})).toEqual({ ok: true, value: null });
    expect(engine.registerFile).not.toHaveBeenCalled();
  });

  it('registers the chosen path with the engine and returns only the FileRef', async () => {
    const { router, engine } = setup('/data/extract.csv');
    expect(await router.invoke('files.pickImport', ours, {})).toEqual({ ok: true, value: fileRef });
    expect(engine.registerFile).toHaveBeenCalledWith('/data/extract.csv');
  });
});

describe('dropped files', () => {
  it('registers an existing csv/tsv/txt file', async () => {
    const { router, engine } = setup();
    expect(await router.registerDropped(ours, { path: join(dir, 'crimes.csv') })).toEqual({ ok: true, value: fileRef });
    expect(await router.registerDropped(ours, { path: join(dir, 'CRIMES.TSV') })).toEqual({ ok: true, value: fileRef });
    expect(engine.registerFile.mock.calls).toEqual([[join(dir, 'crimes.csv')], [join(dir, 'CRIMES.TSV')]]);
  });

  it('refuses other extensions, missing files, folders, relative paths and bad shapes', async () => {
    const { router, engine } = setup();
    const code = async (raw: unknown) => {
      const env = await router.registerDropped(ours, raw);
      return env.ok ? 'ok' : env.error.code;
    };
    expect(await code({ path: join(dir, 'notes.docx') })).toBe('invalid_args');
    expect(await code({ path: join(dir, 'gone.csv') })).toBe('not_found');
    expect(await code({ path: join(dir, 'folder.csv') })).toBe('not_found');
    expect(await code({ path: 'crimes.csv' })).toBe('invalid_args');
    expect(await code({ path: '' })).toBe('invalid_args');
    expect(await code('/etc/passwd')).toBe('invalid_args');
    expect(await code({ path: join(dir, 'crimes.csv'), extra: 1 })).toBe('invalid_args');
    expect(engine.registerFile).not.toHaveBeenCalled();
  });
});

describe('handler registration', () => {
  it('registers sv:<channel> for every contract channel plus the drop channel, and maps the sender', async () => {
    const handlers = new Map<string, (event: unknown, args: unknown) => Promise<Envelope>>();
    const { router, engine } = setup();
    registerIpcHandlers({ handle: (name: string, fn: never) => void handlers.set(name, fn) } as never, router);
    expect([...handlers.keys()].sort()).toEqual([...channels.map(ipcName), DROPPED_FILE_IPC].sort());

    const event = (url: string) => ({ senderFrame: { url }, sender: { id: MAIN_ID } });
    const info = handlers.get('sv:workspace.info');
    expect(await info?.(event('app://sv/index.html'), {})).toEqual({ ok: true, value: { echoed: {} } });
    await expect(info?.(event('https://evil.example/'), {})).rejects.toThrow(/untrusted/);
    await expect(info?.({ senderFrame: null, sender: { id: MAIN_ID } }, {})).rejects.toThrow(/untrusted/);
    expect(engine.call).toHaveBeenCalledTimes(1);
  });
});
