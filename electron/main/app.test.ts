import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, ipcName, PROFILE_KIND } from '../contract/index.js';
import { CONTENT_SECURITY_POLICY } from './security.js';
import { DROPPED_FILE_IPC } from './shell-ipc.js';

type Fn = (...args: unknown[]) => unknown;

const m = vi.hoisted(() => {
  const appHandlers = new Map<string, Fn>();
  const windows: { options: Record<string, unknown>; handlers: Map<string, Fn>; loadURL: ReturnType<typeof vi.fn>; setTitle: ReturnType<typeof vi.fn> }[] = [];
  const children: { postMessage: ReturnType<typeof vi.fn>; exit?: Fn; kill: ReturnType<typeof vi.fn> }[] = [];
  const ports: { posted: unknown[]; listener?: Fn }[] = [];
  let ready: () => void = () => undefined;
  const state = { isPackaged: true, lock: true, appPath: '', userData: '', documents: '' };

  class BrowserWindow {
    handlers = new Map<string, Fn>();
    loadURL = vi.fn(async () => undefined);
    setTitle = vi.fn();
    webContents = { id: 41, send: vi.fn() };
    constructor(public options: Record<string, unknown>) {
      windows.push(this);
    }
    on(name: string, fn: Fn) {
      this.handlers.set(name, fn);
      return this;
    }
    once(name: string, fn: Fn) {
      return this.on(name, fn);
    }
    isDestroyed() {
      return false;
    }
  }
  class MessageChannelMain {
    port1 = (() => {
      const p: { posted: unknown[]; listener?: Fn } = { posted: [] };
      ports.push(p);
      return {
        start: vi.fn(),
        close: vi.fn(),
        postMessage: (msg: unknown) => p.posted.push(msg),
        on: (_name: string, fn: Fn) => (p.listener = fn),
      };
    })();
    port2 = { id: 'port2' };
  }
  const electron = {
    app: {
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => state.lock),
      quit: vi.fn(),
      on: vi.fn((name: string, fn: Fn) => appHandlers.set(name, fn)),
      whenReady: vi.fn(() => new Promise<void>((r) => (ready = r))),
      getAppPath: () => state.appPath,
      getPath: (name: string) => (name === 'userData' ? state.userData : name === 'documents' ? state.documents : '/nowhere'),
      get isPackaged() {
        return state.isPackaged;
      },
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onBeforeRequest: vi.fn() },
      },
    },
    ipcMain: { handle: vi.fn() },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => ({ template: t })), setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    BrowserWindow,
    MessageChannelMain,
    utilityProcess: {
      fork: vi.fn(() => {
        const child: { postMessage: ReturnType<typeof vi.fn>; exit?: Fn; kill: ReturnType<typeof vi.fn>; once: Fn } = {
          postMessage: vi.fn(),
          kill: vi.fn(),
          once: (name: unknown, fn: unknown) => {
            if (name === 'exit') child.exit = fn as Fn;
          },
        };
        children.push(child);
        return child;
      }),
    },
  };
  return { electron, appHandlers, windows, children, ports, state, fireReady: () => ready() };
});

vi.mock('electron', () => m.electron);

const { runApp } = await import('./app.js');

const base = mkdtempSync(join(tmpdir(), 'sv-app-'));
mkdirSync(join(base, 'root', 'dist', 'renderer'), { recursive: true });
writeFileSync(join(base, 'root', 'dist', 'renderer', 'index.html'), '<!doctype html><title>SV</title>');
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function start(isPackaged: boolean) {
  m.state.isPackaged = isPackaged;
  runApp({ bundleDir: join(base, 'root', 'dist', 'electron') });
  m.fireReady();
  await vi.waitFor(() => expect(m.windows).toHaveLength(1));
}

beforeEach(() => {
  vi.clearAllMocks();
  m.appHandlers.clear();
  m.windows.length = 0;
  m.children.length = 0;
  m.ports.length = 0;
  m.state.lock = true;
  m.state.appPath = join(base, 'root');
  m.state.userData = join(base, 'userData');
  m.state.documents = join(base, 'Documents');
  (process as { resourcesPath: string }).resourcesPath = join(base, 'resources');
});

describe('main process start-up', () => {
  it('enables the sandbox and registers app:// as standard + secure before ready', () => {
    runApp({ bundleDir: '/b' });
    expect(m.electron.app.enableSandbox).toHaveBeenCalled();
    const [schemes] = m.electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as [
      { scheme: string; privileges: Record<string, boolean> }[],
    ];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]?.scheme).toBe('app');
    expect(schemes[0]?.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]?.privileges.corsEnabled).toBeUndefined();
    expect(schemes[0]?.privileges.bypassCSP).toBeUndefined();
  });

  it('quits at once when another instance holds the lock', () => {
    m.state.lock = false;
    runApp({ bundleDir: '/b' });
    expect(m.electron.app.quit).toHaveBeenCalled();
    expect(m.electron.app.whenReady).not.toHaveBeenCalled();
  });

  it('opens one locked-down window on app://sv with the packaged menu, session and protocol', async () => {
    await start(true);
    const win = m.windows[0];
    expect(win?.options).toMatchObject({
      width: 1366,
      height: 768,
      minWidth: 1024,
      minHeight: 700,
      title: 'SV Workbench',
      webPreferences: {
        preload: join(base, 'root', 'dist', 'electron', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        devTools: false,
      },
    });
    expect(win?.loadURL).toHaveBeenCalledWith('app://sv/index.html');
    // The page's <title> must not replace ours.
    const titleEvent = { preventDefault: vi.fn() };
    win?.handlers.get('page-title-updated')?.(titleEvent, 'Vite App');
    expect(titleEvent.preventDefault).toHaveBeenCalled();

    const session = m.electron.session.defaultSession;
    expect(session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(session.webRequest.onBeforeRequest).toHaveBeenCalled();

    const [scheme, handler] = m.electron.protocol.handle.mock.calls[0] as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    const page = await handler(new Request('app://sv/index.html'));
    expect(await page.text()).toBe('<!doctype html><title>SV</title>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);

    const [template] = m.electron.Menu.buildFromTemplate.mock.calls[0] as [{ label?: string; submenu: { role?: string; label?: string }[] }[]];
    const items = template.flatMap((menu) => menu.submenu ?? []);
    expect(items.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(items.map((i) => i.role)).not.toContain('reload');
    expect(items.map((i) => i.label)).toContain('Open CSV…');
    expect(template.map((t) => t.label)).toEqual(
      process.platform === 'darwin' ? [undefined, '&File', '&Edit', '&View'] : ['&File', '&Edit', '&View'],
    );

    const registered = m.electron.ipcMain.handle.mock.calls.map((c) => c[0]);
    expect(registered.sort()).toEqual([...channels.map(ipcName), DROPPED_FILE_IPC].sort());
  });

  it('keeps DevTools and reload in dev builds', async () => {
    await start(false);
    expect(m.windows[0]?.options.webPreferences).toMatchObject({ devTools: true });
    const [template] = m.electron.Menu.buildFromTemplate.mock.calls[0] as [{ submenu: { role?: string }[] }[]];
    expect(template.flatMap((t) => t.submenu ?? []).map((i) => i.role)).toContain('toggleDevTools');
  });

  it('hardens every web contents the app creates', () => {
    runApp({ bundleDir: '/b' });
    const on = vi.fn();
    const setWindowOpenHandler = vi.fn();
    m.appHandlers.get('web-contents-created')?.({}, { on, setWindowOpenHandler });
    expect(on.mock.calls.map((c) => c[0])).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']),
    );
    expect((setWindowOpenHandler.mock.calls[0]?.[0] as Fn)({ url: 'https://x' })).toEqual({ action: 'deny' });
  });

  it('starts the engine host on the demo workspace, titles the window, and restarts the host after a crash', async () => {
    await start(true);
    expect(m.electron.utilityProcess.fork).toHaveBeenCalledWith(
      join(base, 'root', 'dist', 'electron', 'host.cjs'),
      [],
      expect.objectContaining({ serviceName: 'SV Workbench engine' }),
    );
    expect(m.children[0]?.postMessage).toHaveBeenCalledWith(
      {
        type: 'init',
        options: {
          workspaceDir: join(base, 'userData', 'demo-workspace'),
          queriesDir: join(base, 'resources', 'queries'),
          demo: true,
          // The analyst's own queries: in their Documents, not in the app nor the workspace.
          userLibraryDir: join(base, 'Documents', 'SV Workbench', 'Queries'),
        },
      },
      [{ id: 'port2' }],
    );
    m.ports[0]?.listener?.({ data: { type: 'ready', workspaceName: 'demo-workspace' } });
    expect(m.windows[0]?.setTitle).toHaveBeenCalledWith('SV Workbench — demo-workspace');

    // A renderer call in flight when the host dies gets engine_crashed; a new host is forked.
    const handlers = new Map(m.electron.ipcMain.handle.mock.calls.map((c) => [c[0], c[1] as Fn]));
    const sender = { senderFrame: { url: 'app://sv/index.html' }, sender: { id: 41 } };
    const pending = handlers.get('sv:library.list')?.(sender, {}) as Promise<unknown>;
    await vi.waitFor(() => expect(m.ports[0]?.posted).toHaveLength(1));
    m.children[0]?.exit?.(139);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'engine_crashed' } });
    expect(m.electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
    expect(m.windows).toHaveLength(1);
  });

  it('asks the host to shut down before quitting', async () => {
    await start(true);
    const quitEvent = { preventDefault: vi.fn() };
    m.appHandlers.get('before-quit')?.(quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled();
    expect(m.ports[0]?.posted.at(-1)).toEqual({ type: 'shutdown' });
    m.children[0]?.exit?.(0);
    await vi.waitFor(() => expect(m.electron.app.quit).toHaveBeenCalled());
    const second = { preventDefault: vi.fn() };
    m.appHandlers.get('before-quit')?.(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
    expect(m.electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });

  it('answers the profile dialogs in main with native dialogs on the window, never the engine', async () => {
    await start(true);
    const handlers = new Map(m.electron.ipcMain.handle.mock.calls.map((c) => [c[0], c[1] as Fn]));
    const sender = { senderFrame: { url: 'app://sv/index.html' }, sender: { id: 41 } };
    const profile = {
      kind: PROFILE_KIND, version: 1, name: 'YOT disposals', table: 'yj_disposals', sourceColumns: ['ID'], read: {},
      columns: { disposal_id: { source: 'ID' } },
    };
    const target = join(base, 'YOT disposals.json');
    m.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    expect(await handlers.get('sv:files.exportProfile')?.(sender, { profile })).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    const [parent, saveOptions] = m.electron.dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string }];
    expect(parent).toBe(m.windows[0]);
    expect(saveOptions.defaultPath).toBe('YOT disposals.json');
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(profile);

    m.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [target] });
    expect(await handlers.get('sv:files.importProfile')?.(sender, {})).toEqual({ ok: true, value: profile });
    const [, openOptions] = m.electron.dialog.showOpenDialog.mock.calls[0] as [unknown, { filters: { extensions: string[] }[] }];
    expect(openOptions.filters).toEqual([{ name: 'Mapping profile (JSON)', extensions: ['json'] }]);
    m.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await handlers.get('sv:files.importProfile')?.(sender, {})).toEqual({ ok: true, value: null });
    expect(m.ports[0]?.posted ?? []).toEqual([]);
  });

  it('answers the query-file dialogs in main: export asks the engine for the file, import only reads it', async () => {
    await start(true);
    const handlers = new Map(m.electron.ipcMain.handle.mock.calls.map((c) => [c[0], c[1] as Fn]));
    const sender = { senderFrame: { url: 'app://sv/index.html' }, sender: { id: 41 } };
    const text = '/*\nid: my-knives\n*/\nSELECT 1\n';
    const target = join(base, 'my-knives.sql');
    m.electron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const exported = handlers.get('sv:files.exportQuery')?.(sender, { id: 'my-knives' }) as Promise<unknown>;
    // Main asks the engine host for the file first …
    await vi.waitFor(() => expect(m.ports[0]?.posted).toHaveLength(1));
    const request = m.ports[0]?.posted[0] as { id: number; channel: string; args: unknown };
    expect(request).toMatchObject({ type: 'call', channel: 'library.entryFile', args: { id: 'my-knives' } });
    m.ports[0]?.listener?.({ data: { type: 'reply', id: request.id, envelope: { ok: true, value: { fileName: 'my-knives.sql', text } } } });
    // … then shows the save dialog on the window, suggesting <id>.sql, and writes the file.
    expect(await exported).toEqual({ ok: true, value: { saved: true, savedTo: target } });
    const [parent, saveOptions] = m.electron.dialog.showSaveDialog.mock.calls[0] as [unknown, { defaultPath: string }];
    expect(parent).toBe(m.windows[0]);
    expect(saveOptions.defaultPath).toBe('my-knives.sql');
    expect(readFileSync(target, 'utf8')).toBe(text);

    m.electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [target] });
    expect(await handlers.get('sv:files.importQuery')?.(sender, {})).toEqual({ ok: true, value: { fileName: 'my-knives.sql', text } });
    const [, openOptions] = m.electron.dialog.showOpenDialog.mock.calls[0] as [unknown, { filters: { extensions: string[] }[] }];
    expect(openOptions.filters).toEqual([{ name: 'SV Workbench query (SQL)', extensions: ['sql'] }]);
    expect(m.ports[0]?.posted).toHaveLength(1);
  });
});
