import { ipcName, isChannel, type Envelope } from '../contract/api.js';
import { DROPPED_FILE_IPC, isMenuCommand, MENU_COMMAND_IPC, menuEventName } from '../main/shell-ipc.js';
import type { Transport } from '../../renderer/api/transport.js';

/** The part of ipcRenderer the preload uses (so it can be faked in tests). */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const failure = (code: 'invalid_args' | 'internal', message: string): Envelope => ({ ok: false, error: { code, message } });

/**
 * `window.svApi`: forwards contract channels to main as `sv:<channel>` and nothing else.
 * The renderer never sees ipcRenderer, and a dropped file is turned into a path here, in
 * the preload, so the path goes to main and never to the page.
 */
export function createIpcTransport(ipc: PreloadIpc, getPathForFile: (file: File) => string): Transport {
  const call = async (name: string, args: unknown): Promise<Envelope> => {
    try {
      return (await ipc.invoke(name, args)) as Envelope;
    } catch (err) {
      return failure('internal', err instanceof Error ? err.message : String(err));
    }
  };
  return {
    invoke: (channel, args) =>
      isChannel(channel) ? call(ipcName(channel), args ?? {}) : Promise.resolve(failure('invalid_args', `unknown channel ${String(channel)}`)),
    registerDroppedFile: (file) => {
      let path = '';
      try {
        path = getPathForFile(file);
      } catch {
        path = '';
      }
      if (!path) return Promise.resolve(failure('invalid_args', 'Only files from disk can be imported'));
      return call(DROPPED_FILE_IPC, { path });
    },
  };
}

/**
 * Menu commands become plain DOM events on `window` with no payload: events cross the
 * isolated worlds, objects created here would not.
 */
export function forwardMenuCommands(ipc: PreloadIpc, target: Pick<EventTarget, 'dispatchEvent'>): void {
  ipc.on(MENU_COMMAND_IPC, (_event, command) => {
    if (isMenuCommand(command)) target.dispatchEvent(new Event(menuEventName(command)));
  });
}
