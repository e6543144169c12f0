import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createIpcTransport, forwardMenuCommands } from './ipc-transport.js';

// Sandboxed preload, bundled to one file with only `electron` external (dist/electron/preload.cjs).
contextBridge.exposeInMainWorld(
  'svApi',
  createIpcTransport(ipcRenderer, (file) => webUtils.getPathForFile(file)),
);
forwardMenuCommands(ipcRenderer, window);
