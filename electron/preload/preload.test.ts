import { afterEach, describe, expect, it, vi } from 'vitest';
import { DROPPED_FILE_IPC, MENU_COMMAND_IPC, menuEventName } from '../main/shell-ipc.js';
import { createIpcTransport, forwardMenuCommands, type PreloadIpc } from './ipc-transport.js';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (): Promise<unknown> => ({ ok: true, value: 'from main' })),
  on: vi.fn(),
  getPathForFile: vi.fn((): string => '/home/analyst/crimes.csv'),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on },
  webUtils: { getPathForFile: electron.getPathForFile },
}));

function fakeIpc(answer: () => Promise<unknown> = async () => ({ ok: true, value: 1 })) {
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc: PreloadIpc & { invoke: ReturnType<typeof vi.fn> } = {
    invoke: vi.fn(answer),
    on: (channel, listener) => listeners.set(channel, listener),
  };
  return { ipc, emit: (channel: string, ...args: unknown[]) => listeners.get(channel)?.({}, ...args) };
}

const file = { name: 'crimes.csv' } as File;

describe('ipc transport', () => {
  it('forwards contract channels as sv:<channel> and refuses anything else', async () => {
    const { ipc } = fakeIpc();
    const t = createIpcTransport(ipc, () => '');
    expect(await t.invoke('workspace.info', undefined)).toEqual({ ok: true, value: 1 });
    expect(await t.invoke('query.cancel', { runId: 'r1' })).toEqual({ ok: true, value: 1 });
    expect(ipc.invoke.mock.calls).toEqual([
      ['sv:workspace.info', {}],
      ['sv:query.cancel', { runId: 'r1' }],
    ]);
    expect(await t.invoke('sv:files.registerDropped', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_args' },
    });
    expect(await t.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(ipc.invoke).toHaveBeenCalledTimes(2);
  });

  it('turns a rejected invoke into an envelope', async () => {
    const { ipc } = fakeIpc(async () => {
      throw new Error("Error invoking remote method 'sv:workspace.info': refused");
    });
    expect(await createIpcTransport(ipc, () => '').invoke('workspace.info', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: "Error invoking remote method 'sv:workspace.info': refused" },
    });
  });

  it('sends a dropped file as its path to main, and refuses files with no path', async () => {
    const { ipc } = fakeIpc(async () => ({ ok: true, value: { token: 't', name: 'crimes.csv', sizeBytes: 3 } }));
    const t = createIpcTransport(ipc, () => '/home/analyst/crimes.csv');
    expect(await t.registerDroppedFile(file)).toEqual({ ok: true, value: { token: 't', name: 'crimes.csv', sizeBytes: 3 } });
    expect(ipc.invoke).toHaveBeenCalledWith(DROPPED_FILE_IPC, { path: '/home/analyst/crimes.csv' });

    const noPath = createIpcTransport(ipc, () => '');
    expect(await noPath.registerDroppedFile(file)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    const throws = createIpcTransport(ipc, () => {
      throw new TypeError('not a File');
    });
    expect(await throws.registerDroppedFile(file)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(ipc.invoke).toHaveBeenCalledTimes(1);
  });

  it('re-dispatches known menu commands as DOM events', () => {
    const { ipc, emit } = fakeIpc();
    const target = new EventTarget();
    const seen: string[] = [];
    target.addEventListener(menuEventName('import.open'), (e) => seen.push(e.type));
    forwardMenuCommands(ipc, target);
    emit(MENU_COMMAND_IPC, 'import.open');
    emit(MENU_COMMAND_IPC, 'shell.exec');
    expect(seen).toEqual(['sv-menu:import.open']);
  });
});

describe('preload entry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('exposes exactly window.svApi with invoke and registerDroppedFile', async () => {
    vi.stubGlobal('window', new EventTarget());
    await import('./preload.js');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = electron.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('svApi');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'registerDroppedFile']);
    const transport = api as { invoke: (c: string, a: unknown) => Promise<unknown>; registerDroppedFile: (f: File) => Promise<unknown> };
    expect(await transport.invoke('library.list', {})).toEqual({ ok: true, value: 'from main' });
    expect(electron.invoke).toHaveBeenCalledWith('sv:library.list', {});
    await transport.registerDroppedFile(file);
    expect(electron.getPathForFile).toHaveBeenCalledWith(file);
    expect(electron.invoke).toHaveBeenCalledWith(DROPPED_FILE_IPC, { path: '/home/analyst/crimes.csv' });
    expect(electron.on).toHaveBeenCalledWith(MENU_COMMAND_IPC, expect.any(Function));
  });
});
