import type { Envelope, FileRef } from '../../electron/contract/index.js';

/**
 * How the renderer reaches the engine. In the app the preload exposes this object as
 * `window.svApi` (IPC to main, then a MessagePort to the engine process); in dev:web and the
 * end-to-end tests it is the loopback bridge, reached through Vite's same-origin proxy.
 */
export interface Transport {
  invoke(channel: string, args: unknown): Promise<Envelope>;
  /** Turns a dropped file into a FileRef; the path (Electron) or bytes (bridge) never reach React. */
  registerDroppedFile(file: File): Promise<Envelope>;
}

/** Same-origin path that Vite proxies to the bridge (see vite.config.ts). */
export const BRIDGE_PREFIX = '/sv-bridge';

export function bridgeTransport(token: string): Transport {
  const post = async (path: string, body: BodyInit, contentType: string): Promise<Envelope> => {
    const res = await fetch(`${BRIDGE_PREFIX}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-sv-token': token },
      body,
    });
    return (await res.json()) as Envelope;
  };
  return {
    invoke: (channel, args) => post(`/api/${encodeURIComponent(channel)}`, JSON.stringify(args ?? {}), 'application/json'),
    registerDroppedFile: (file) =>
      post(`/upload?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream'),
  };
}

export type { FileRef };
