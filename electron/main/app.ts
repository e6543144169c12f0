import {
  app,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type BrowserWindow,
  type OpenDialogOptions,
  type SaveDialogOptions,
} from 'electron';
import { APP_SCHEME, appScheme, createAppProtocolHandler } from './app-protocol.js';
import { exportChartDialogOptions } from './chart-files.js';
import { exportTableDialogOptions } from './table-files.js';
import { exportBoardPackDialogOptions } from './boardpack-files.js';
import { createEngineClient, type EngineClient } from './engine-client.js';
import { spawnHost } from './host-process.js';
import { importDialogOptions } from './import-files.js';
import { createIpcRouter, registerIpcHandlers } from './ipc.js';
import { exportProfileDialogOptions, importProfileDialogOptions } from './profile-files.js';
import { exportQueryDialogOptions, importQueryDialogOptions } from './query-files.js';
import { menuTemplate } from './menu.js';
import { resolveAppPaths } from './paths.js';
import { hardenSession, hardenWebContents, windowTitle } from './security.js';
import { MENU_COMMAND_IPC, type MenuCommand } from './shell-ipc.js';
import { createMainWindow } from './window.js';

export interface RunOptions {
  /** Folder of the main bundle (main.ts passes __dirname). */
  bundleDir: string;
}

/**
 * The main process: security switches that must precede `ready`, then on `ready` the
 * locked-down session, the app:// protocol, the engine host, IPC, the menu and the window.
 */
export function runApp(opts: RunOptions): void {
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([appScheme]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let win: BrowserWindow | null = null;
  let engine: EngineClient | null = null;
  let engineClosed = false;
  let workspaceName: string | undefined;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!engine || engineClosed) return;
    // Let the host close the workspace (DuckDB checkpoint) before the app goes.
    event.preventDefault();
    void engine.close().finally(() => {
      engineClosed = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    const paths = resolveAppPaths({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      bundleDir: opts.bundleDir,
      resourcesPath: process.resourcesPath,
      userDataPath: app.getPath('userData'),
      documentsPath: app.getPath('documents'),
    });
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererDir));

    const client = createEngineClient({
      spawn: () =>
        spawnHost(paths.hostPath, {
          workspaceDir: paths.demoWorkspaceDir,
          queriesDir: paths.queriesDir,
          demo: true,
          userLibraryDir: paths.userLibraryDir,
        }),
      onReady: (name) => {
        workspaceName = name;
        if (win && !win.isDestroyed()) win.setTitle(windowTitle(name));
      },
      onFatal: (error) => {
        const options = {
          type: 'error' as const,
          title: 'SV Workbench',
          message: 'The workspace could not be opened.',
          detail: error.message,
        };
        void (win && !win.isDestroyed() ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
      },
    });
    engine = client;

    const openDialog = async (options: OpenDialogOptions): Promise<string | null> => {
      const picked = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    };
    const saveDialog = async (options: SaveDialogOptions): Promise<string | null> => {
      const picked = win && !win.isDestroyed() ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return picked.canceled || !picked.filePath ? null : picked.filePath;
    };
    const router = createIpcRouter({
      engine: client,
      mainWebContentsId: () => (win && !win.isDestroyed() ? win.webContents.id : null),
      pickImportPath: () => openDialog(importDialogOptions()),
      openProfilePath: () => openDialog(importProfileDialogOptions()),
      saveProfilePath: (profile) => saveDialog(exportProfileDialogOptions(profile)),
      openQueryPath: () => openDialog(importQueryDialogOptions()),
      saveQueryPath: (fileName) => saveDialog(exportQueryDialogOptions(fileName)),
      saveChartPath: (fileName, format) => saveDialog(exportChartDialogOptions(fileName, format)),
      saveTablePath: (fileName, format) => saveDialog(exportTableDialogOptions(fileName, format)),
      saveBoardPackPath: (fileName) => saveDialog(exportBoardPackDialogOptions(fileName)),
    });
    registerIpcHandlers(ipcMain, router);

    const sendMenuCommand = (command: MenuCommand): void => {
      if (win && !win.isDestroyed()) win.webContents.send(MENU_COMMAND_IPC, command);
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({ isPackaged: app.isPackaged, platform: process.platform, onOpenCsv: () => sendMenuCommand('import.open') }),
      ),
    );

    const created = createMainWindow({ preloadPath: paths.preloadPath, devTools: !app.isPackaged, workspaceName });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    win = created;
  });
}
