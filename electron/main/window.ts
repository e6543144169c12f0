import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';
import { mainWindowOptions } from './security.js';

/**
 * The one window. The page's own <title> must not replace "SV Workbench — <workspace>",
 * and the window appears only once painted.
 */
export function createMainWindow(opts: { preloadPath: string; devTools: boolean; workspaceName?: string }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(opts));
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
